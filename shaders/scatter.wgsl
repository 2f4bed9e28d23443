// Markers, one quad per row (or per bucket extreme beyond the scatter limit): circle,
// square or triangle, anti-aliased by a distance function in the fragment shader.
// flags bits 0-1: 0 circle, 1 square, 2 triangle.

@group(0) @binding(3) var<storage, read> values: array<f32>;
@group(0) @binding(4) var<storage, read> pyramid: array<vec2f>;

struct VertexOut {
  @builtin(position) position: vec4f,
  @location(0) local: vec2f,   // px from the marker centre
};

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> VertexOut {
  // One indexed, non-instanced draw of quads: 4 vertices each, shared by the quad's two
  // triangles through the index buffer (software rasterisers such as SwiftShader pay per
  // instance and per vertex shaded).
  let per = 4u;
  let ii = vid / per;
  let vi = vid % per;
  var out: VertexOut;
  let v = view.firstVertex + ii;
  var centre: vec2f;
  if (view.level == 0u) {
    let r = min(v, view.rows - 1u);
    centre = vec2f(rowX(r), valueY(values[r], 0u));
  } else {
    let bucket = v >> 1u;
    let second = v & 1u;
    let size = 1u << view.level;
    let r = min(bucket * size + second * (size - 1u), view.rows - 1u);
    let pair = pyramid[view.levelStart + bucket];
    centre = vec2f(rowX(r), valueY(select(bucketLow(pair), bucketHigh(pair), second == 1u), 0u));
  }
  if (centre.y >= GAP) {
    out.position = OFFSCREEN;
    return out;
  }
  let reach = view.halfWidth + 1.0;
  let corner = vi % 4u;
  let dx = select(-reach, reach, corner == 1u || corner == 2u);
  let dy = select(-reach, reach, corner >= 2u);
  out.position = toClip(centre + vec2f(dx, dy));
  out.local = vec2f(dx, dy);
  return out;
}

@fragment
fn fs(in: VertexOut) -> @location(0) vec4f {
  let r = view.halfWidth;
  let shape = view.flags & 3u;
  var d: f32;
  if (shape == 0u) {
    d = length(in.local) - r;
  } else if (shape == 1u) {
    let q = abs(in.local) - vec2f(r * 0.886);  // same area as the circle
    d = max(q.x, q.y);
  } else {
    // Upward triangle centred on the point: distance to its three edges.
    let p = vec2f(in.local.x, -in.local.y);
    let k = 0.8660254;
    let e1 = dot(p, vec2f(0.0, -1.0)) - r * 0.5;
    let e2 = dot(p, vec2f(k, 0.5)) - r * 0.5;
    let e3 = dot(p, vec2f(-k, 0.5)) - r * 0.5;
    d = max(e1, max(e2, e3)) * 1.3;
  }
  let coverage = clamp(0.5 - d, 0.0, 1.0);
  if (coverage <= 0.0) { discard; }
  return premultiply(view.color, coverage);
}
