// A surface's level of detail without losing extremes (chart/three/renderer.ts): when the grid is
// drawn every kx-th column and ky-th row, each drawn grid point takes, of the block of grid
// points it stands for (those nearer to it than to the drawn ones beside it: k/2 each side), the
// finite value farthest from its own value (what plain sampling drew). On a smooth surface that
// moves a drawn point by at most the rise within its block, which the coarse grid cannot show
// anyway; a spike or a pit narrower than the block, which sampling lost, keeps its full height.
// (Max pooling would keep peaks only, drop every pit and lift a slope by a block's rise; the value
// farthest from the z range's middle ties between a flat sheet and its spike.) A grid point
// without a finite value measures from the middle of the z range; a block without one is NaN (a
// hole). One invocation per drawn grid point, reading its block: a dispatch reads every value once.
struct Params {
  columns: u32,
  rows: u32,
  kx: u32,
  ky: u32,
  // cells drawn along x and y (drawn grid points: cellsX + 1 by cellsY + 1)
  cellsX: u32,
  cellsY: u32,
  // floats per z band (chart/heatmap/cell-bands.ts)
  bandCells: u32,
  // the middle of the z range, as the stored values are (relative to the surface's origin): the
  // reference of a drawn grid point without a finite value
  middle: f32,
};

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> z0: array<u32>;
@group(0) @binding(2) var<storage, read> z1: array<u32>;
@group(0) @binding(3) var<storage, read> z2: array<u32>;
@group(0) @binding(4) var<storage, read> z3: array<u32>;
@group(0) @binding(5) var<storage, read_write> pooled: array<u32>;

fn zBits(i: u32) -> u32 {
  let b = i / p.bandCells;
  let l = i - b * p.bandCells;
  switch b {
    case 0u: { return z0[l]; }
    case 1u: { return z1[l]; }
    case 2u: { return z2[l]; }
    default: { return z3[l]; }
  }
}

// First and last grid index (inclusive) of drawn index l's block along a side of `points` grid
// points drawn at step k, `last` the last drawn index (its grid index is points - 1).
fn block(l: u32, k: u32, last: u32, points: u32) -> vec2u {
  let start = select(min(l * k - k / 2u, points - 1u), 0u, l == 0u);
  let end = select(min(l * k + (k - k / 2u) - 1u, points - 1u), points - 1u, l == last);
  return vec2u(start, end);
}

@compute @workgroup_size(8, 8)
fn pool(@builtin(global_invocation_id) gid: vec3u) {
  let lc = gid.x;
  let lr = gid.y;
  if (lc > p.cellsX || lr > p.cellsY) {
    return;
  }
  let cs = block(lc, p.kx, p.cellsX, p.columns);
  let rs = block(lr, p.ky, p.cellsY, p.rows);
  let own = zBits(min(lr * p.ky, p.rows - 1u) * p.columns + min(lc * p.kx, p.columns - 1u));
  let reference = select(p.middle, bitcast<f32>(own), (own & 0x7f800000u) != 0x7f800000u);
  var best = 0x7fc00000u;
  var far = -1.0;
  for (var r = rs.x; r <= rs.y; r++) {
    for (var c = cs.x; c <= cs.y; c++) {
      let bits = zBits(r * p.columns + c);
      // finite, tested on the bits (a compiler may assume float arithmetic has no NaN)
      if ((bits & 0x7f800000u) == 0x7f800000u) {
        continue;
      }
      let d = abs(bitcast<f32>(bits) - reference);
      if (d > far) {
        far = d;
        best = bits;
      }
    }
  }
  pooled[lr * (p.cellsX + 1u) + lc] = best;
}
