// Hover picking of a point cloud on the GPU (chart/three/gpu-pick.ts): every point is projected
// as three-points.wgsl draws it, and the nearest to the pointer is found in two dispatches.
// `nearest`: atomicMin of a key per point within the radius: the screen distance in steps of
// `tie` device px (high 8 bits), then the depth (low 24 bits), so of the points about as near
// on screen the one nearest the eye wins. `index`: the lowest index whose key is that minimum.
struct Pick {
  vp: mat4x4f,
  // device px, y down
  pointer: vec2f,
  canvas: vec2f,
  radius: f32,
  tie: f32,
  count: u32,
  // invocations per row of the dispatch grid (past 65535 workgroups the grid has rows)
  rowSize: u32,
};

@group(0) @binding(0) var<uniform> q: Pick;
@group(0) @binding(1) var<storage, read> pts: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> best: array<atomic<u32>, 2>;

const FAR: u32 = 0xffffffffu;

fn keyOf(i: u32) -> u32 {
  let c = q.vp * vec4f(pts[i].xyz, 1.0);
  if (c.w <= 0.0) {
    return FAR;
  }
  let ndc = c.xyz / c.w;
  let s = vec2f((ndc.x * 0.5 + 0.5) * q.canvas.x, (0.5 - ndc.y * 0.5) * q.canvas.y);
  let d = distance(s, q.pointer);
  if (d > q.radius || ndc.z < 0.0 || ndc.z > 1.0) {
    return FAR;
  }
  return (min(u32(d / q.tie), 254u) << 24u) | u32(ndc.z * 16777215.0);
}

@compute @workgroup_size(256)
fn nearest(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x + id.y * q.rowSize;
  if (i >= q.count) {
    return;
  }
  let k = keyOf(i);
  if (k != FAR) {
    atomicMin(&best[0], k);
  }
}

@compute @workgroup_size(256)
fn index(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x + id.y * q.rowSize;
  if (i >= q.count) {
    return;
  }
  let k = keyOf(i);
  if (k != FAR && k == atomicLoad(&best[0])) {
    atomicMin(&best[1], i);
  }
}
