// Point clouds: one triangle per point (3 vertices from vertex_index), a disc, square or upward
// triangle (u.params.z, the shapes of 2D scatter, of about equal area) with an anti-aliased edge
// of one device pixel, depth-tested at the point's centre depth.
@group(0) @binding(2) var<storage, read> pts: array<vec4f>;

// One colour (u.color): the vertex puts out its position and its offset from the point's centre
// and nothing else. On an H200 a flat vec4 colour output per vertex made a 4M-point pass 2.7x as
// slow (21.6 ms instead of 8.1; bench/points-pass.mjs): the vertex outputs are what this pass is
// bound by, so the colour is not one of them.
struct PointOut {
  @builtin(position) pos: vec4f,
  // device px from the point's centre
  @location(0) offset: vec2f,
};

// Coloured through the lookup table: the colour value rides with the offset (z; the same at the
// three corners, so interpolated to itself) and the fragment looks the colour up. One float more
// than PointOut, not a colour: 8.6 ms where the flat colour took 21.6.
struct PointLutOut {
  @builtin(position) pos: vec4f,
  @location(0) spot: vec3f,
};

// The sprite is one triangle around the point (3 vertices, no index buffer), not a quad of two:
// a point costs the GPU one triangle to set up and 3 vertices instead of 2 and 4, and covers
// fewer pixels, since the triangle hugs the drawn shape (its inscribed circle is the shape's
// outer edge, anti-aliasing included). Each pixel's offset from the centre is the same as with
// the quad, so the picture is too. Returns the corner's clip position (xyzw) and its offset (in
// PointOut's layout); behind the eye, off screen.
fn corner(vi: u32, p: vec4f) -> PointOut {
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
  let c = select(vec2f(select(1.7320508, -1.7320508, k == 1u), -1.0), vec2f(0.0, 2.0), k == 0u) * r;
  o.pos = vec4f(clip.xy + c * 2.0 / u.canvas * clip.w, clip.z, clip.w);
  o.offset = c;
  return o;
}

@vertex
fn vs(@builtin(vertex_index) vi: u32) -> PointOut {
  return corner(vi, pts[vi / 3u]);
}

@vertex
fn vs_lut(@builtin(vertex_index) vi: u32) -> PointLutOut {
  let p = pts[vi / 3u];
  let o = corner(vi, p);
  return PointLutOut(o.pos, vec3f(o.offset, p.w));
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

// Coverage of the shape at `offset` px from the centre (a 1 px anti-aliased edge).
fn coverageAt(offset: vec2f) -> f32 {
  return clamp(0.5 - shapeDistance(offset, u.size * 0.5), 0.0, 1.0);
}

@fragment
fn fs(i: PointOut) -> @location(0) vec4f {
  let coverage = coverageAt(i.offset);
  if (coverage <= 0.0) {
    discard;
  }
  let a = u.color.a * coverage;
  return vec4f(u.color.rgb * a, a);
}

@fragment
fn fs_lut(i: PointLutOut) -> @location(0) vec4f {
  let coverage = coverageAt(i.spot.xy);
  if (coverage <= 0.0) {
    discard;
  }
  let color = lutColor(i.spot.z);
  let a = color.a * coverage;
  return vec4f(color.rgb * a, a);
}
