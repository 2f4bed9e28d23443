// Shapes in device pixels, one quad each, drawn in one call per batch:
// kind 0: axis-aligned rectangles (grid lines, dividers, crosshair, price lines, tag
//         backgrounds). Edges are placed on whole pixels by the CPU: no anti-aliasing needed.
// kind 1: segments of any slope (drawings, primitives), anti-aliased across and at the ends,
//         optionally dashed (the pattern runs along the segment from its start).
// kind 2: filled convex quads given by four corners in order (channel and triangle fills).
// kind 3: discs, anti-aliased (drawing handles).

struct RectsView {
  canvasPx: vec2f,
};

struct Shape {
  a: vec4f,      // 0: x0, y0, x1, y1 | 1: x0, y0, x1, y1 | 2: p0, p1 | 3: cx, cy, radius, -
  b: vec4f,      // 1: width, dash on, dash off, - | 2: p2, p3
  color: vec4f,  // straight alpha
  kind: vec4f,   // x: kind
};

@group(0) @binding(0) var<uniform> view: RectsView;
@group(0) @binding(1) var<storage, read> shapes: array<Shape>;

struct VertexOut {
  @builtin(position) position: vec4f,
  @location(0) color: vec4f,
  // kind 1: (along, across) px from the start; kind 3: px from the centre
  @location(1) local: vec2f,
  // kind 1: (length, half width, dash on, dash off); kind 3: (radius, -, -, -)
  @location(2) @interpolate(flat) params: vec4f,
  @location(3) @interpolate(flat) kind: u32,
};

fn clip(p: vec2f) -> vec4f {
  return vec4f(p.x / view.canvasPx.x * 2.0 - 1.0, 1.0 - p.y / view.canvasPx.y * 2.0, 0.0, 1.0);
}

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> VertexOut {
  // One indexed, non-instanced draw of quads: 4 vertices each, shared by the quad's two
  // triangles through the index buffer (software rasterisers such as SwiftShader pay per
  // instance and per vertex shaded).
  let s = shapes[vid / 4u];
  let corner = vid % 4u;
  let right = corner == 1u || corner == 2u;
  let bottom = corner >= 2u;
  let kind = u32(s.kind.x);
  var out: VertexOut;
  out.color = vec4f(s.color.rgb * s.color.a, s.color.a);
  out.kind = kind;
  out.local = vec2f(0.0);
  out.params = vec4f(0.0);
  var p: vec2f;
  if (kind == 1u) {
    let a = s.a.xy;
    let d = s.a.zw - a;
    let len = length(d);
    let dir = select(vec2f(1.0, 0.0), d / len, len > 1e-4);
    let n = vec2f(-dir.y, dir.x);
    let half = max(s.b.x, 0.5) * 0.5;
    let reach = half + 1.0;
    let along = select(-reach, len + reach, right);
    let across = select(-reach, reach, bottom);
    p = a + dir * along + n * across;
    out.local = vec2f(along, across);
    out.params = vec4f(len, half, s.b.y, s.b.z);
  } else if (kind == 2u) {
    p = select(select(s.a.xy, s.a.zw, corner == 1u), select(s.b.zw, s.b.xy, corner == 2u), bottom);
  } else if (kind == 3u) {
    let reach = s.a.z + 1.0;
    let off = vec2f(select(-reach, reach, right), select(-reach, reach, bottom));
    p = s.a.xy + off;
    out.local = off;
    out.params = vec4f(s.a.z, 0.0, 0.0, 0.0);
  } else {
    p = vec2f(select(s.a.x, s.a.z, right), select(s.a.y, s.a.w, bottom));
  }
  out.position = clip(p);
  return out;
}

@fragment
fn fs(in: VertexOut) -> @location(0) vec4f {
  if (in.kind == 1u) {
    let len = in.params.x;
    let half = in.params.y;
    // Square caps: the segment reaches half its width beyond each end point.
    let across = clamp(half + 0.5 - abs(in.local.y), 0.0, 1.0);
    let ends = clamp(in.local.x + half + 0.5, 0.0, 1.0) * clamp(len + half + 0.5 - in.local.x, 0.0, 1.0);
    var coverage = across * ends;
    let period = in.params.z + in.params.w;
    if (in.params.z > 0.0 && period > 0.0) {
      let m = in.local.x - floor(in.local.x / period) * period;
      coverage = coverage * clamp(in.params.z + 0.5 - m, 0.0, 1.0) * clamp(m + 0.5, 0.0, 1.0);
    }
    if (coverage <= 0.0) { discard; }
    return in.color * coverage;
  }
  if (in.kind == 3u) {
    let coverage = clamp(in.params.x + 0.5 - length(in.local), 0.0, 1.0);
    if (coverage <= 0.0) { discard; }
    return in.color * coverage;
  }
  return in.color;
}
