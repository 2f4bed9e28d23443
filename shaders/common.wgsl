// Shared by every series family (prepended to each family's file): the per-series view
// uniform, the time mapping and the value mapping.
//
// Time arrives as float32 offsets from a float64 origin per block of rows; the CPU turns each
// visible block's origin into a pixel x in float64 every frame (blockPx), so x stays exact at
// any zoom. In category mode a row's x follows its index instead of its time.

struct SeriesView {
  canvasPx: vec2f,       // canvas size, device px
  plotTop: f32,
  plotBottom: f32,
  pxPerX: f32,           // px per ms (time mode) or per row (category mode)
  pxPerUnit: f32,        // value scale: per unit (linear/percent) or per decade (log)
  valueOffsetPx: f32,    // px above plotBottom of reference offset 0 (log: -log10(min) * pxPerUnit)
  valueOrigin: f32,      // the reference origin the two numbers above were computed for
  color: vec4f,          // main colour (line, up, above base, gradient top)
  color2: vec4f,         // second colour (down, below base, gradient bottom)
  origins: vec4f,        // origin of each bound value column (offsets are stored from these)
  halfWidth: f32,        // half line width / marker size, device px
  barHalfWidth: f32,     // half bar width, device px
  baseY: f32,            // y of the base value (area, baseline, histogram), device px
  firstVertex: u32,      // first row, bucket or polyline vertex drawn by primitive 0
  level: u32,            // 0: raw rows; k: pyramid level (buckets of 2^k rows)
  levelStart: u32,       // first bucket of that level in the pyramid buffers
  rows: u32,
  logScale: u32,
  flags: u32,            // family specific (step line, hollow candles, marker shape, …)
  firstBlock: u32,       // block of blockPx[0]
  blockShift: u32,
  category: u32,         // 1: x by row index
};

@group(0) @binding(0) var<uniform> view: SeriesView;
@group(0) @binding(1) var<storage, read> timeOffsets: array<f32>;
@group(0) @binding(2) var<storage, read> blockPx: array<f32>;

const GAP: f32 = 1.0e38;

// A pyramid bucket holds (min, max) as offsets; a bucket of gaps only holds (GAP, -GAP).
fn bucketLow(pair: vec2f) -> f32 {
  return pair.x;
}

fn bucketHigh(pair: vec2f) -> f32 {
  return select(pair.y, 2.0 * GAP, pair.x >= GAP);
}

fn rowX(row: u32) -> f32 {
  let b = (row >> view.blockShift) - view.firstBlock;
  let mask = (1u << view.blockShift) - 1u;
  let local = select(timeOffsets[row], f32(row & mask), view.category == 1u);
  return blockPx[b] + local * view.pxPerX;
}

// y in device px of a value stored as an offset from `origin`; GAP stays GAP.
fn valueYFrom(v: f32, origin: f32) -> f32 {
  if (v >= GAP) { return 2.0 * GAP; }
  if (view.logScale == 1u) {
    let a = v + origin;
    if (a <= 0.0) { return 2.0 * GAP; }
    return view.plotBottom - (log2(a) * 0.30102999566 * view.pxPerUnit + view.valueOffsetPx);
  }
  return view.plotBottom - ((v + (origin - view.valueOrigin)) * view.pxPerUnit + view.valueOffsetPx);
}

// y of a value from bound column 0..3.
fn valueY(v: f32, column: u32) -> f32 {
  return valueYFrom(v, view.origins[column]);
}

fn toClip(p: vec2f) -> vec4f {
  return vec4f(p.x / view.canvasPx.x * 2.0 - 1.0, 1.0 - p.y / view.canvasPx.y * 2.0, 0.0, 1.0);
}

fn premultiply(c: vec4f, coverage: f32) -> vec4f {
  let a = c.a * coverage;
  return vec4f(c.rgb * a, a);
}

const OFFSCREEN: vec4f = vec4f(2.0, 2.0, 2.0, 1.0);

// Dense series (flag COLUMN_SPANS) come as one (top, bottom) pair per pixel column and are drawn
// in tiles of SPAN_TILE columns: one quad per tile (series/renderer.ts draws ceil(columns / 8)).
const SPAN_TILE: u32 = 8u;

// Corner `corner` (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left) of the quad over
// columns [c0, c1) from `top` to `bottom` (device px); nothing when top > bottom (all gaps).
fn tileCorner(c0: u32, c1: u32, top: f32, bottom: f32, corner: u32) -> vec4f {
  if (top > bottom) { return OFFSCREEN; }
  let x = f32(view.firstVertex + select(c0, c1, corner == 1u || corner == 2u));
  return toClip(vec2f(x, select(top, bottom, corner >= 2u)));
}
