// Series markers (chart.markers): one quad per visible marker, all in one draw. Centres and
// sizes are computed on the CPU in float64 and arrive as device px; shapes are distance
// functions anti-aliased over one pixel, as in scatter.wgsl.
// Instance i: centre (x, y), half size, shape (0 circle, 1 square, 2 arrow up, 3 arrow down), rgba.

struct MarkersView {
  canvasPx: vec2f,
};

struct Marker {
  centre: vec2f,
  half: f32,
  shape: f32,
  color: vec4f,
};

@group(0) @binding(0) var<uniform> view: MarkersView;
@group(0) @binding(1) var<storage, read> markers: array<Marker>;

struct VertexOut {
  @builtin(position) position: vec4f,
  @location(0) local: vec2f,                     // px from the centre, y down
  @location(1) @interpolate(flat) half: f32,
  @location(2) @interpolate(flat) shape: u32,
  @location(3) @interpolate(flat) color: vec4f,
};

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> VertexOut {
  let m = markers[vid / 4u];
  let corner = vid % 4u;
  let reach = m.half + 1.0;
  let d = vec2f(select(-reach, reach, corner == 1u || corner == 2u), select(-reach, reach, corner >= 2u));
  let p = m.centre + d;
  var out: VertexOut;
  out.position = vec4f(p.x / view.canvasPx.x * 2.0 - 1.0, 1.0 - p.y / view.canvasPx.y * 2.0, 0.0, 1.0);
  out.local = d;
  out.half = m.half;
  out.shape = u32(m.shape);
  out.color = m.color;
  return out;
}

// Signed distance to the edge a -> b of a shape listed clockwise on screen (positive outside).
fn edge(p: vec2f, a: vec2f, b: vec2f) -> f32 {
  let d = b - a;
  return dot(p - a, normalize(vec2f(d.y, -d.x)));
}

// An arrow pointing up: a triangular head over a stem, h its half size.
fn arrowUp(p: vec2f, h: f32) -> f32 {
  let apex = vec2f(0.0, -h);
  let right = vec2f(0.9 * h, 0.05 * h);
  let left = vec2f(-0.9 * h, 0.05 * h);
  let head = max(edge(p, apex, right), max(edge(p, right, left), edge(p, left, apex)));
  let q = abs(p - vec2f(0.0, 0.5 * h)) - vec2f(0.3 * h, 0.5 * h);
  let stem = max(q.x, q.y);
  return min(head, stem);
}

@fragment
fn fs(in: VertexOut) -> @location(0) vec4f {
  let h = in.half;
  var d: f32;
  if (in.shape == 0u) {
    d = length(in.local) - h;
  } else if (in.shape == 1u) {
    let q = abs(in.local) - vec2f(h * 0.85);
    d = max(q.x, q.y);
  } else if (in.shape == 2u) {
    d = arrowUp(in.local, h);
  } else {
    d = arrowUp(vec2f(in.local.x, -in.local.y), h);
  }
  let coverage = clamp(0.5 - d, 0.0, 1.0);
  if (coverage <= 0.0) { discard; }
  let a = in.color.a * coverage;
  return vec4f(in.color.rgb * a, a);
}
