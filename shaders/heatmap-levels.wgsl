// Heatmap work on the GPU, so that replacing every cell costs the CPU one upload
// (chart/heatmap/gpu-levels.ts):
// - `reduceLevel` builds one level of the max pyramid from the level below it (2×2 blocks → 1,
//   NaN left out, a block without a value below -∞ is NaN: the same as grid.ts buildPyramid);
//   one dispatch per level, in order (dispatches of a pass see the writes of the ones before).
// - `windowRange` takes the smallest and largest value of the cells in view (a window of level 0)
//   into two atomic keys; `finishRange` turns them into the colour range the heatmap shader reads
//   (and keeps the last one when the window holds no value), as grid.ts windowRange and the
//   layer's frameRange do on the CPU.
// Values are handled as bits: a compiler may assume no NaN or infinity in float arithmetic.

struct Params {
  src: u32,         // reduceLevel: first value of the level read; windowRange: first cell of the window
  dst: u32,         // first value of the level written
  srcStride: u32,   // values per row of the level read (of the grid, for windowRange)
  srcRows: u32,     // rows of the level read
  columns: u32,     // reduceLevel: columns and rows of the level written; windowRange: of the window
  rows: u32,
  srcColumns: u32,  // columns of the level read
  positiveOnly: u32, // finishRange: a log colour scale (the low end is the smallest value > 0)
  bandCells: u32,   // floats in each band of cells (chart/heatmap/cell-bands.ts)
  pad0: u32,
  pad1: u32,
  pad2: u32,
};

@group(0) @binding(0) var<uniform> p: Params;
// the cells and pyramid levels as one run of floats (as bits), in up to four bands
@group(0) @binding(1) var<storage, read_write> band0: array<u32>;
// [0]: ~key of the smallest value (so a cleared buffer means "none"), [1]: key of the largest,
// [2], [3]: the colour range's low and high ends as f32 bits
@group(0) @binding(2) var<storage, read_write> range: array<atomic<u32>, 4>;
@group(0) @binding(3) var<storage, read_write> band1: array<u32>;
@group(0) @binding(4) var<storage, read_write> band2: array<u32>;
@group(0) @binding(5) var<storage, read_write> band3: array<u32>;

fn cellBits(i: u32) -> u32 {
  let b = i / p.bandCells;
  let j = i - b * p.bandCells;
  switch b {
    case 0u: { return band0[j]; }
    case 1u: { return band1[j]; }
    case 2u: { return band2[j]; }
    default: { return band3[j]; }
  }
}

fn setCellBits(i: u32, v: u32) {
  let b = i / p.bandCells;
  let j = i - b * p.bandCells;
  switch b {
    case 0u: { band0[j] = v; }
    case 1u: { band1[j] = v; }
    case 2u: { band2[j] = v; }
    default: { band3[j] = v; }
  }
}

const NAN_BITS: u32 = 0x7fc00000u;
const NEG_INF_BITS: u32 = 0xff800000u;
const POS_INF_BITS: u32 = 0x7f800000u;

fn isNanBits(b: u32) -> bool {
  return (b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0u;
}

// Unsigned keys that order as the floats do (-∞ … -0, +0 … +∞).
fn keyOf(b: u32) -> u32 {
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}

fn bitsOf(k: u32) -> u32 {
  return select(~k, k & 0x7fffffffu, (k & 0x80000000u) != 0u);
}

@compute @workgroup_size(16, 16)
fn reduceLevel(@builtin(global_invocation_id) gid: vec3u) {
  let x = gid.x;
  let y = gid.y;
  if (x >= p.columns || y >= p.rows) { return; }
  var best = 0u;
  var found = false;
  for (var dy = 0u; dy < 2u; dy++) {
    let sy = 2u * y + dy;
    if (sy >= p.srcRows) { break; }
    for (var dx = 0u; dx < 2u; dx++) {
      let sx = 2u * x + dx;
      if (sx >= p.srcColumns) { break; }
      let b = cellBits(p.src + sy * p.srcStride + sx);
      // NaN is left out, and -∞ never beats the CPU's starting -∞ (grid.ts)
      if (isNanBits(b) || b == NEG_INF_BITS) { continue; }
      let k = keyOf(b);
      if (!found || k > best) {
        best = k;
        found = true;
      }
    }
  }
  setCellBits(p.dst + y * p.columns + x, select(NAN_BITS, bitsOf(best), found));
}

var<workgroup> lowKeys: array<u32, 256>;
var<workgroup> highKeys: array<u32, 256>;

// Each invocation walks the window's cells with a stride of the whole dispatch, then the
// workgroup reduces its 256 keys and adds them with one atomic each.
@compute @workgroup_size(256)
fn windowRange(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_index) li: u32, @builtin(num_workgroups) groups: vec3u) {
  let total = p.columns * p.rows;
  let step = groups.x * 256u;
  var low = 0u;   // ~key: larger is smaller
  var high = 0u;
  for (var i = gid.x; i < total; i += step) {
    let r = i / p.columns;
    let c = i - r * p.columns;
    let b = cellBits(p.src + r * p.srcStride + c);
    if (isNanBits(b)) { continue; }
    let k = keyOf(b);
    // as grid.ts windowRange: +∞ is no high end, -∞ no low end
    if (b != POS_INF_BITS) { high = max(high, k); }
    if (b != NEG_INF_BITS) { low = max(low, ~k); }
  }
  lowKeys[li] = low;
  highKeys[li] = high;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (li < s) {
      lowKeys[li] = max(lowKeys[li], lowKeys[li + s]);
      highKeys[li] = max(highKeys[li], highKeys[li + s]);
    }
    workgroupBarrier();
  }
  if (li == 0u) {
    if (lowKeys[0] != 0u) { atomicMax(&range[0], lowKeys[0]); }
    if (highKeys[0] != 0u) { atomicMax(&range[1], highKeys[0]); }
  }
}

fn f32Of(k: u32) -> f32 {
  return bitcast<f32>(bitsOf(k));
}

@compute @workgroup_size(1)
fn finishRange() {
  let lowInv = atomicLoad(&range[0]);
  let highKey = atomicLoad(&range[1]);
  let lowKey = ~lowInv;
  // none in view (or only +∞ below, -∞ above): the last range stays
  if (lowInv == 0u || highKey == 0u || lowKey > highKey) { return; }
  var lo = f32Of(lowKey);
  let hi = f32Of(highKey);
  if (p.positiveOnly == 1u) {
    // the log scale: [1, 10] without a positive value, else from hi / 1000 when lo ≤ 0
    if (!(highKey > keyOf(0u))) {
      atomicStore(&range[2], bitcast<u32>(1.0));
      atomicStore(&range[3], bitcast<u32>(10.0));
      return;
    }
    if (!(lowKey > keyOf(0u))) { lo = hi / 1000.0; }
  }
  atomicStore(&range[2], bitcast<u32>(lo));
  atomicStore(&range[3], bitcast<u32>(hi));
}
