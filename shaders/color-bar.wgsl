// The colour bar's strip of a heatmap or density series (chart/heatmap/color-bar.ts), drawn
// in the frame's render pass from the colour range the cells of the same frame are coloured by:
// a fixed or CPU-measured range from the uniform, or the range measured on the GPU this frame (the
// same storage buffer heatmap.wgsl / density.wgsl read). The strip is laid out over the range its
// tick labels show (`label`, known on the CPU, possibly read back a frame late): the pixel at
// height s stands for the value at s of the labels' range and gets the colour that value has in
// the cells now, so a label always sits beside the colour its value is drawn with.

struct Bar {
  rect: vec4f,          // x, y, width, height of the strip, device px
  canvasPx: vec2f,
  labelLo: f32,         // the range the labels show
  labelHi: f32,
  fixedLo: f32,         // the cells' range when not measured on the GPU
  fixedHi: f32,
  scale: u32,           // 0 linear, 1 log, 2 sqrt
  source: u32,          // 0 fixedLo/fixedHi, 1 measured floats [2], [3] (heatmap), 2 measured [0], [1] (density)
  plain: u32,           // 1: no labels' range yet: the plain colormap from bottom to top
};

@group(0) @binding(0) var<uniform> b: Bar;
@group(0) @binding(1) var<storage, read> lut: array<vec4f, 256>;
@group(0) @binding(2) var<storage, read> measured: array<u32, 4>;

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let corner = array<vec2f, 6>(vec2f(0.0, 0.0), vec2f(1.0, 0.0), vec2f(0.0, 1.0), vec2f(0.0, 1.0), vec2f(1.0, 0.0), vec2f(1.0, 1.0))[i];
  let px = b.rect.xy + corner * b.rect.zw;
  return vec4f(px.x / b.canvasPx.x * 2.0 - 1.0, 1.0 - px.y / b.canvasPx.y * 2.0, 0.0, 1.0);
}

// color-scale.wgsl's position with this bar's scale.
fn colorPosition(v: f32, lo: f32, hi: f32) -> f32 {
  return scaledColorPosition(v, lo, hi, b.scale);
}

// The value at position s (0…1) of [lo, hi] on the colour scale: colorPosition's inverse.
fn valueAt(s: f32, lo: f32, hi: f32) -> f32 {
  if (b.scale == 1u) { return exp2(log2(lo) + s * (log2(hi) - log2(lo))); }
  if (b.scale == 2u) { return lo + s * s * (hi - lo); }
  return lo + s * (hi - lo);
}

@fragment
fn fs(@builtin(position) pos: vec4f) -> @location(0) vec4f {
  let s = clamp((b.rect.y + b.rect.w - pos.y) / b.rect.w, 0.0, 1.0);
  var lo = b.fixedLo;
  var hi = b.fixedHi;
  if (b.source == 1u) {
    lo = bitcast<f32>(measured[2]);
    hi = bitcast<f32>(measured[3]);
  } else if (b.source == 2u) {
    lo = bitcast<f32>(measured[0]);
    hi = bitcast<f32>(measured[1]);
  }
  var t = s;
  // a measured range that is empty (nothing in view) leaves the plain colormap
  let usable = lo <= hi && hi - lo < 3.0e38;
  if (b.plain == 0u && usable) {
    t = colorPosition(valueAt(s, b.labelLo, b.labelHi), lo, hi);
    if (t < 0.0) { discard; }
  }
  let c = lut[u32(round(t * 255.0))];
  return vec4f(c.rgb * c.a, c.a);
}
