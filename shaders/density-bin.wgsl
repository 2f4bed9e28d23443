// Density: bins points into screen cells (compute). Every point is read once by one invocation
// and counted in the one cell under it (atomicAdd), so the counts are exact for the view; sums
// of the weight are added by compare-exchange on the float's bits (WGSL has no float atomics).
// `range` then takes the smallest and largest cell value (count, sum or mean; their bits order
// as the floats do for values ≥ 0).

struct Bin {
  ax: f32,          // px x of a point = ax + bx * xs[i] (x stored as an offset from an origin)
  bx: f32,
  ay: f32,          // px y = ay + by * ys[i]
  by: f32,
  plot: vec4f,      // x, y, width, height, device px
  cell: f32,        // cell size, device px
  columns: u32,     // cells across and down
  rows: u32,
  count: u32,       // points
  rowStride: u32,   // invocations per row of the dispatch (2D when there are many points)
  weighted: u32,
  reduce: u32,      // 0 count, 1 sum, 2 mean
  positiveOnly: u32, // log colour scale: the low end is the smallest value > 0
};

@group(0) @binding(0) var<uniform> p: Bin;
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read> ys: array<f32>;
@group(0) @binding(3) var<storage, read> ws: array<f32>;
@group(0) @binding(4) var<storage, read_write> counts: array<atomic<u32>>;
@group(0) @binding(5) var<storage, read_write> sums: array<atomic<u32>>;
@group(0) @binding(6) var<storage, read_write> range: array<atomic<u32>, 2>;

@compute @workgroup_size(256)
fn bin(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.rowStride;
  if (i >= p.count) { return; }
  let px = p.ax + p.bx * xs[i] - p.plot.x;
  let py = p.ay + p.by * ys[i] - p.plot.y;
  if (px < 0.0 || py < 0.0 || px >= p.plot.z || py >= p.plot.w) { return; }
  let c = min(u32(px / p.cell), p.columns - 1u);
  let r = min(u32(py / p.cell), p.rows - 1u);
  let b = r * p.columns + c;
  atomicAdd(&counts[b], 1u);
  if (p.weighted == 1u) {
    let w = ws[i];
    var old = atomicLoad(&sums[b]);
    loop {
      let next = bitcast<u32>(bitcast<f32>(old) + w);
      let result = atomicCompareExchangeWeak(&sums[b], old, next);
      if (result.exchanged) { break; }
      old = result.old_value;
    }
  }
}

fn cellValue(b: u32) -> f32 {
  let n = atomicLoad(&counts[b]);
  if (p.reduce == 0u || p.weighted == 0u) { return f32(n); }
  let s = bitcast<f32>(atomicLoad(&sums[b]));
  if (p.reduce == 1u) { return s; }
  return s / f32(n);
}

@compute @workgroup_size(256)
fn reduceRange(@builtin(global_invocation_id) gid: vec3u) {
  let b = gid.x;
  if (b >= p.columns * p.rows) { return; }
  if (atomicLoad(&counts[b]) == 0u) { return; }
  let v = max(cellValue(b), 0.0);
  if (p.positiveOnly == 0u || v > 0.0) { atomicMin(&range[0], bitcast<u32>(v)); }
  atomicMax(&range[1], bitcast<u32>(v));
}
