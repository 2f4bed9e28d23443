// Point clouds: one triangle per point (3 vertices from vertex_index), a disc, square or upward
// triangle (u.params.z, the shapes of 2D scatter, of about equal area) with an anti-aliased edge
// of one device pixel, depth-tested at the point's centre depth.
@group(0) @binding(2) var<storage, read> pts: array<vec4f>;

struct PointOut {
  @builtin(position) pos: vec4f,
  // xy: device px from the point's centre; z: its colour value, the same at the three corners
  // (so interpolated to itself). Not a flat colour output of its own: on an H200 one more vec4
  // per vertex made a 4M-point pass 2.7x as slow (21.6 ms instead of 8.1; bench/points-pass.mjs),
  // the vertex outputs being what this pass is bound by. The fragment looks the colour up.
  @location(0) spot: vec3f,
};

// The sprite is one triangle around the point (3 vertices, no index buffer), not a quad of two:
// a point costs the GPU one triangle to set up and 3 vertices instead of 2 and 4, and covers
// fewer pixels, since the triangle hugs the drawn shape (its inscribed circle is the shape's
// outer edge, anti-aliasing included). Each pixel's offset from the centre is the same as with
// the quad, so the picture is too.
@vertex
fn vs(@builtin(vertex_index) vi: u32) -> PointOut {
  let p = pts[vi / 3u];
  var o: PointOut;
  let clip = u.vp * vec4f(p.xyz, 1.0);
  if (clip.w <= 0.0) {
    o.pos = offscreen();
    return o;
  }
  // Device px from the centre to the shape's outer edge: a disc's coverage ends at size / 2 + 0.5;
  // other shapes (u.params.z > 0: square, triangle) reach up to 1.26 × size / 2 + 0.75.
  let r = select(u.size * 0.5 + 0.5, u.size * 0.63 + 0.75, u.params.z > 0.5);
  // corner k of an equilateral triangle whose inscribed circle has radius r
  let k = vi % 3u;
  let corner = select(vec2f(select(1.7320508, -1.7320508, k == 1u), -1.0), vec2f(0.0, 2.0), k == 0u) * r;
  o.pos = vec4f(clip.xy + corner * 2.0 / u.canvas * clip.w, clip.z, clip.w);
  o.spot = vec3f(corner, p.w);
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
  let coverage = clamp(0.5 - shapeDistance(i.spot.xy, u.size * 0.5), 0.0, 1.0);
  if (coverage <= 0.0) {
    discard;
  }
  let color = lutColor(i.spot.z);
  let a = color.a * coverage;
  return vec4f(color.rgb * a, a);
}
