// Density: colours each screen cell binned by density-bin.wgsl through the colormap (empty
// cells transparent), over the range the reduction found (or a fixed one).

struct Paint {
  plot: vec4f,
  canvasPx: vec2f,
  cell: f32,
  columns: u32,
  rows: u32,
  weighted: u32,
  reduce: u32,
  scale: u32,        // 0 linear, 1 log, 2 sqrt
  fixedLo: f32,
  fixedHi: f32,
  fixed: u32,        // 1: fixedLo/fixedHi, 0: the reduced range
  opacity: f32,
};

@group(0) @binding(0) var<uniform> p: Paint;
@group(0) @binding(1) var<storage, read> counts: array<u32>;
@group(0) @binding(2) var<storage, read> sums: array<f32>;
@group(0) @binding(3) var<storage, read> range: array<u32, 2>;
@group(0) @binding(4) var<storage, read> lut: array<vec4f, 256>;

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let corner = array<vec2f, 6>(vec2f(0.0, 0.0), vec2f(1.0, 0.0), vec2f(0.0, 1.0), vec2f(0.0, 1.0), vec2f(1.0, 0.0), vec2f(1.0, 1.0))[i];
  let px = p.plot.xy + corner * p.plot.zw;
  return vec4f(px.x / p.canvasPx.x * 2.0 - 1.0, 1.0 - px.y / p.canvasPx.y * 2.0, 0.0, 1.0);
}

// color-scale.wgsl's position with this layer's scale.
fn colorPosition(v: f32, lo: f32, hi: f32) -> f32 {
  return scaledColorPosition(v, lo, hi, p.scale);
}

@fragment
fn fs(@builtin(position) pos: vec4f) -> @location(0) vec4f {
  let x = pos.x - p.plot.x;
  let y = pos.y - p.plot.y;
  if (x < 0.0 || y < 0.0) { discard; }
  let c = u32(x / p.cell);
  let r = u32(y / p.cell);
  if (c >= p.columns || r >= p.rows) { discard; }
  let b = r * p.columns + c;
  let n = counts[b];
  if (n == 0u) { discard; }
  var v = f32(n);
  if (p.weighted == 1u && p.reduce == 1u) { v = sums[b]; }
  if (p.weighted == 1u && p.reduce == 2u) { v = sums[b] / f32(n); }
  var lo = bitcast<f32>(range[0]);
  var hi = bitcast<f32>(range[1]);
  if (p.fixed == 1u) {
    lo = p.fixedLo;
    hi = p.fixedHi;
  }
  let t = colorPosition(v, lo, hi);
  if (t < 0.0) { discard; }
  let color = lut[u32(round(t * 255.0))];
  let a = color.a * p.opacity;
  return vec4f(color.rgb * a, a);
}
