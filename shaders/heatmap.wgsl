// Heatmap: one quad over the plot; each fragment shows the largest finite value of the cells its
// pixel covers (the CPU gives, per pixel column and row of the plot, the range of cells under it:
// colSpans, rowSpans), read from the level of the max pyramid where that range is at most 8
// blocks a side, then coloured through the colormap's lookup table. NaN cells are transparent.

struct Params {
  plot: vec4f,          // x, y, width, height of the plot, device px
  canvasPx: vec2f,
  lo: f32,              // colour range
  hi: f32,
  scale: u32,           // 0 linear, 1 log, 2 sqrt
  level: u32,           // pyramid level read (0: the cells)
  levelOffset: u32,     // first value of that level in `cells`
  levelColumns: u32,    // its columns
  opacity: f32,
  spanColumns: u32,     // entries of colSpans / rowSpans
  spanRows: u32,
  columnMajor: u32,     // 1: a live window, stored column-major (chart/heatmap/live-grid.ts)
  gpuRange: u32,        // 1: the colour range is the one measured on the GPU this frame (measured[2], [3])
  bandCells: u32,       // floats in each band of cells (chart/heatmap/cell-bands.ts)
};

@group(0) @binding(0) var<uniform> p: Params;
// the cells and pyramid levels as one run of floats, in up to four bands (cell(i) picks the band)
@group(0) @binding(1) var<storage, read> band0: array<f32>;
@group(0) @binding(2) var<storage, read> colSpans: array<vec2u>;
@group(0) @binding(3) var<storage, read> rowSpans: array<vec2u>;
@group(0) @binding(4) var<storage, read> lut: array<vec4f, 256>;
// chart/heatmap/gpu-levels.ts: [2], [3] the range over the cells in view (shaders/heatmap-levels.wgsl)
@group(0) @binding(5) var<storage, read> measured: array<f32, 4>;
@group(0) @binding(6) var<storage, read> band1: array<f32>;
@group(0) @binding(7) var<storage, read> band2: array<f32>;
@group(0) @binding(8) var<storage, read> band3: array<f32>;

fn cell(i: u32) -> f32 {
  let b = i / p.bandCells;
  let j = i - b * p.bandCells;
  switch b {
    case 0u: { return band0[j]; }
    case 1u: { return band1[j]; }
    case 2u: { return band2[j]; }
    default: { return band3[j]; }
  }
}

fn rangeLo() -> f32 {
  return select(p.lo, measured[2], p.gpuRange == 1u);
}

fn rangeHi() -> f32 {
  return select(p.hi, measured[3], p.gpuRange == 1u);
}

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  // two triangles over the plot
  let corner = array<vec2f, 6>(vec2f(0.0, 0.0), vec2f(1.0, 0.0), vec2f(0.0, 1.0), vec2f(0.0, 1.0), vec2f(1.0, 0.0), vec2f(1.0, 1.0))[i];
  let px = p.plot.xy + corner * p.plot.zw;
  return vec4f(px.x / p.canvasPx.x * 2.0 - 1.0, 1.0 - px.y / p.canvasPx.y * 2.0, 0.0, 1.0);
}

// NaN by its bits: a compiler may assume no NaN in float comparisons.
fn isNan(v: f32) -> bool {
  let b = bitcast<u32>(v);
  return (b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0u;
}

// Position 0…1 on the colormap over the range in use (color-scale.wgsl); -1: no colour (log of v ≤ 0).
fn colorPosition(v: f32) -> f32 {
  return scaledColorPosition(v, rangeLo(), rangeHi(), p.scale);
}

// Index of row r, column c within a level (levelColumns: the stride of the major dimension).
fn cellIndex(r: u32, c: u32) -> u32 {
  return select(r * p.levelColumns + c, c * p.levelColumns + r, p.columnMajor == 1u);
}

@fragment
fn fs(@builtin(position) pos: vec4f) -> @location(0) vec4f {
  let ix = i32(floor(pos.x - p.plot.x));
  let iy = i32(floor(pos.y - p.plot.y));
  if (ix < 0 || iy < 0 || ix >= i32(p.spanColumns) || iy >= i32(p.spanRows)) { discard; }
  let cs = colSpans[ix];
  let rs = rowSpans[iy];
  if (cs.x > cs.y || rs.x > rs.y) { discard; }
  let k = p.level;
  // one cell under the pixel (zoomed in, or cells about a pixel): one read, no loop
  if (cs.x == cs.y && rs.x == rs.y && k == 0u) {
    let v = cell(cellIndex(rs.x, cs.x));
    if (isNan(v)) { discard; }
    return shade(v);
  }
  let c0 = cs.x >> k;
  let c1 = min(cs.y >> k, c0 + 7u);
  let r0 = rs.x >> k;
  let r1 = min(rs.y >> k, r0 + 7u);
  var best = 0.0;
  var found = false;
  for (var r = r0; r <= r1; r++) {
    for (var c = c0; c <= c1; c++) {
      let v = cell(p.levelOffset + cellIndex(r, c));
      if (!isNan(v) && (!found || v > best)) {
        best = v;
        found = true;
      }
    }
  }
  if (!found) { discard; }
  return shade(best);
}

// The colormap's colour of a value, premultiplied; transparent where it has no place (log ≤ 0).
fn shade(v: f32) -> vec4f {
  let t = colorPosition(v);
  if (t < 0.0) { return vec4f(0.0); }
  let c = lut[u32(round(t * 255.0))];
  let a = c.a * p.opacity;
  return vec4f(c.rgb * a, a);
}
