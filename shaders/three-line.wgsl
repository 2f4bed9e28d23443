// 3D polylines (trajectories, the axes box): one quad per segment, widened in screen space to
// the line width plus a pixel for the anti-aliased edge, and lengthened by half the width at
// both ends so consecutive segments meet. A point with w = 0 breaks the line.
@group(0) @binding(2) var<storage, read> pts: array<vec4f>;

struct LineOut {
  @builtin(position) pos: vec4f,
  @location(0) across: f32,
};

@vertex
fn vs(@builtin(vertex_index) vi: u32) -> LineOut {
  let i = vi / 4u;
  let k = vi % 4u;
  let a = pts[i];
  let b = pts[i + 1u];
  var o: LineOut;
  let ca = u.vp * vec4f(a.xyz, 1.0);
  let cb = u.vp * vec4f(b.xyz, 1.0);
  if (a.w == 0.0 || b.w == 0.0 || ca.w <= 1e-5 || cb.w <= 1e-5) {
    o.pos = offscreen();
    return o;
  }
  let half = 0.5 * u.canvas;
  let sa = ca.xy / ca.w * half;
  let sb = cb.xy / cb.w * half;
  let d = sb - sa;
  let len = length(d);
  let dir = select(vec2f(1.0, 0.0), d / len, len > 1e-6);
  let nrm = vec2f(-dir.y, dir.x);
  let hw = u.size * 0.5 + 1.0;
  let atB = k == 1u || k == 2u;
  let side = select(-1.0, 1.0, k >= 2u);
  let c = select(ca, cb, atB);
  let s = select(sa, sb, atB) + dir * select(-1.0, 1.0, atB) * min(hw, u.size * 0.5 + 0.5) + nrm * side * hw;
  o.pos = vec4f(s / half * c.w, c.z, c.w);
  o.across = side * hw;
  return o;
}

@fragment
fn fs(i: LineOut) -> @location(0) vec4f {
  let coverage = clamp(u.size * 0.5 + 0.5 - abs(i.across), 0.0, 1.0);
  if (coverage <= 0.0) {
    discard;
  }
  let a = u.color.a * coverage;
  return vec4f(u.color.rgb * a, a);
}
