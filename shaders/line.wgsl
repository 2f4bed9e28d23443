// Polylines as screen-space quads, one instance per segment, anti-aliased in the fragment
// shader (no MSAA, no 1-pixel line primitives). Reads the raw rows or one level of the
// min/max pyramid, so each frame draws about two segments per pixel column at most.

struct LineView {
  canvasPx: vec2f,      // canvas size in device pixels
  plotBottom: f32,      // y of the plot's bottom edge, device px
  pxPerMs: f32,         // time scale
  pxPerUnit: f32,       // value scale (linear: per value unit; log: per decade)
  valueOffsetPx: f32,   // linear: px of offset 0 above plotBottom; log: -log10(min) * pxPerUnit
  valueOrigin: f32,     // absolute value of offset 0 (log mode adds it back)
  halfWidth: f32,       // half the line width, device px
  color: vec4f,         // premultiplied later
  firstVertex: u32,     // polyline vertex index of instance 0
  level: u32,           // 0: raw rows; k: pyramid level k
  levelStart: u32,      // first bucket of this level in the pyramid buffer
  rows: u32,            // rows in the column
  logScale: u32,        // 1: log10 value axis
  stepMode: u32,        // 1: horizontal then vertical (step line)
  firstBlock: u32,      // block index of blockPx[0]
  blockShift: u32,
};

@group(0) @binding(0) var<uniform> view: LineView;
@group(0) @binding(1) var<storage, read> timeOffsets: array<f32>;
@group(0) @binding(2) var<storage, read> values: array<f32>;
@group(0) @binding(3) var<storage, read> blockPx: array<f32>;
@group(0) @binding(4) var<storage, read> pyramid: array<vec2f>;

const GAP: f32 = 1.0e38;

struct VertexOut {
  @builtin(position) position: vec4f,
  @location(0) local: vec2f,     // (along, across) in px from the segment start
  @location(1) length: f32,
};

fn rowX(row: u32) -> f32 {
  let b = (row >> view.blockShift) - view.firstBlock;
  return blockPx[b] + timeOffsets[row] * view.pxPerMs;
}

fn valueY(v: f32) -> f32 {
  if (view.logScale == 1u) {
    let a = v + view.valueOrigin;
    if (a <= 0.0) { return GAP; }
    return view.plotBottom - (log2(a) * 0.30102999566 * view.pxPerUnit + view.valueOffsetPx);
  }
  return view.plotBottom - (v * view.pxPerUnit + view.valueOffsetPx);
}

// Position of polyline vertex `v` in device px; y >= GAP marks a gap.
fn vertexPx(v: u32) -> vec2f {
  if (view.level == 0u) {
    let r = min(v, view.rows - 1u);
    let y = values[r];
    if (y >= GAP) { return vec2f(0.0, 2.0 * GAP); }
    return vec2f(rowX(r), valueY(y));
  }
  let bucket = v >> 1u;
  let second = v & 1u;
  let size = 1u << view.level;
  let r = min(bucket * size + second * (size - 1u), view.rows - 1u);
  let pair = pyramid[view.levelStart + bucket];
  let y = select(pair.x, pair.y, second == 1u);
  if (y >= GAP) { return vec2f(0.0, 2.0 * GAP); }
  return vec2f(rowX(r), valueY(y));
}

fn toClip(p: vec2f) -> vec4f {
  return vec4f(p.x / view.canvasPx.x * 2.0 - 1.0, 1.0 - p.y / view.canvasPx.y * 2.0, 0.0, 1.0);
}

@vertex
fn vs(@builtin(vertex_index) vi: u32, @builtin(instance_index) ii: u32) -> VertexOut {
  var out: VertexOut;
  let v = view.firstVertex + ii;
  var a = vertexPx(v);
  var b = vertexPx(v + 1u);
  if (view.stepMode == 1u) {
    // Two pieces per segment: across to the next time at the old value, then up or down.
    let corner = vec2f(b.x, a.y);
    if (vi < 6u) { b = corner; } else { a = corner; }
  }
  if (a.y >= GAP || b.y >= GAP) {
    out.position = vec4f(2.0, 2.0, 2.0, 1.0); // outside the clip volume: nothing drawn
    return out;
  }
  let d = b - a;
  let len = length(d);
  let dir = select(vec2f(1.0, 0.0), d / len, len > 1e-4);
  let normal = vec2f(-dir.y, dir.x);
  let reach = view.halfWidth + 1.0; // room for the anti-aliased edge
  let corner = vi % 6u;
  // Two triangles covering the segment plus its caps.
  let along = select(-reach, len + reach, corner == 1u || corner == 2u || corner == 4u);
  let across = select(-reach, reach, corner == 2u || corner == 4u || corner == 5u);
  let p = a + dir * along + normal * across;
  out.position = toClip(p);
  out.local = vec2f(along, across);
  out.length = len;
  return out;
}

@fragment
fn fs(in: VertexOut) -> @location(0) vec4f {
  // Distance to the segment (round caps), turned into coverage over one pixel.
  let t = clamp(in.local.x, 0.0, in.length);
  let dist = length(vec2f(in.local.x - t, in.local.y));
  let coverage = clamp(view.halfWidth + 0.5 - dist, 0.0, 1.0);
  if (coverage <= 0.0) { discard; }
  let a = view.color.a * coverage;
  return vec4f(view.color.rgb * a, a);
}
