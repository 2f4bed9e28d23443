// Point clouds: one quad per point (4 vertices from vertex_index), a disc, square or upward
// triangle (u.params.z, the shapes of 2D scatter, of about equal area) with an anti-aliased edge
// of one device pixel, depth-tested at the point's centre depth.
@group(0) @binding(2) var<storage, read> pts: array<vec4f>;

struct PointOut {
  @builtin(position) pos: vec4f,
  @location(0) offset: vec2f,
  @location(1) color: vec4f,
};

@vertex
fn vs(@builtin(vertex_index) vi: u32) -> PointOut {
  let p = pts[vi / 4u];
  let k = vi % 4u;
  let corner = vec2f(select(-1.0, 1.0, k == 1u || k == 2u), select(-1.0, 1.0, k >= 2u));
  var o: PointOut;
  let clip = u.vp * vec4f(p.xyz, 1.0);
  if (clip.w <= 0.0) {
    o.pos = offscreen();
    return o;
  }
  let r = u.size * 0.5 + 1.0;
  o.pos = vec4f(clip.xy + corner * r * 2.0 / u.canvas * clip.w, clip.z, clip.w);
  o.offset = corner * r;
  o.color = lutColor(p.w);
  return o;
}

// Signed distance (device px) from the shape's edge; `p` is from the centre, y up on screen.
fn shapeDistance(p: vec2f, r: f32) -> f32 {
  let shape = u32(u.params.z + 0.5);
  if (shape == 1u) {
    let q = abs(p) - vec2f(r * 0.886);
    return max(q.x, q.y);
  }
  if (shape == 2u) {
    let k = 0.8660254;
    let e1 = -p.y - r * 0.5;
    let e2 = dot(p, vec2f(k, 0.5)) - r * 0.5;
    let e3 = dot(p, vec2f(-k, 0.5)) - r * 0.5;
    return max(e1, max(e2, e3)) * 1.3;
  }
  return length(p) - r;
}

@fragment
fn fs(i: PointOut) -> @location(0) vec4f {
  let coverage = clamp(0.5 - shapeDistance(i.offset, u.size * 0.5), 0.0, 1.0);
  if (coverage <= 0.0) {
    discard;
  }
  let a = i.color.a * coverage;
  return vec4f(i.color.rgb * a, a);
}
