// Axis-aligned rectangles in device pixels, one quad each: grid lines, pane dividers,
// crosshair lines, price lines. Edges are placed on whole pixels by the CPU, so no
// anti-aliasing is needed and lines stay crisp.

struct RectsView {
  canvasPx: vec2f,
};

struct Rect {
  box: vec4f,     // x0, y0, x1, y1 in device px
  color: vec4f,   // straight alpha
};

@group(0) @binding(0) var<uniform> view: RectsView;
@group(0) @binding(1) var<storage, read> rects: array<Rect>;

struct VertexOut {
  @builtin(position) position: vec4f,
  @location(0) color: vec4f,
};

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> VertexOut {
  // One indexed, non-instanced draw of quads: 4 vertices each, shared by the quad's two
  // triangles through the index buffer (software rasterisers such as SwiftShader pay per
  // instance and per vertex shaded).
  let per = 4u;
  let ii = vid / per;
  let vi = vid % per;
  let r = rects[ii];
  let corner = vi % 4u;
  let right = corner == 1u || corner == 2u;
  let bottom = corner >= 2u;
  let p = vec2f(select(r.box.x, r.box.z, right), select(r.box.y, r.box.w, bottom));
  var out: VertexOut;
  out.position = vec4f(p.x / view.canvasPx.x * 2.0 - 1.0, 1.0 - p.y / view.canvasPx.y * 2.0, 0.0, 1.0);
  out.color = vec4f(r.color.rgb * r.color.a, r.color.a);
  return out;
}

@fragment
fn fs(in: VertexOut) -> @location(0) vec4f {
  return in.color;
}
