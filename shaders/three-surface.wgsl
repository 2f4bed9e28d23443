// Surfaces: a triangle mesh from the grid (vertex buffer: position, colour position, normal,
// finite flag), lit by a head light (two-sided Lambert plus ambient), coloured through the
// lookup table. The wireframe draws the grid's lines with the same vertices, pulled slightly
// towards the eye so it stays on top of its own surface.
struct SurfaceIn {
  @location(0) pos: vec3f,
  @location(1) t: f32,
  @location(2) normal: vec3f,
  @location(3) finite: f32,
};

struct SurfaceOut {
  @builtin(position) pos: vec4f,
  @location(0) normal: vec3f,
  @location(1) world: vec3f,
  @location(2) t: f32,
};

@vertex
fn vs(v: SurfaceIn) -> SurfaceOut {
  var o: SurfaceOut;
  o.pos = u.vp * vec4f(v.pos, 1.0);
  o.normal = v.normal;
  o.world = v.pos;
  o.t = v.t;
  return o;
}

@fragment
fn fs(i: SurfaceOut) -> @location(0) vec4f {
  let n = normalize(i.normal);
  let toEye = select(u.eye.xyz, u.eye.xyz - i.world, u.eye.w > 0.5);
  let l = normalize(toEye);
  let diffuse = abs(dot(n, l));
  let base = lutColor(i.t);
  let shade = 0.35 + 0.65 * diffuse;
  let a = base.a;
  return vec4f(base.rgb * shade * a, a);
}

@vertex
fn vs_wire(v: SurfaceIn) -> @builtin(position) vec4f {
  let clip = u.vp * vec4f(v.pos, 1.0);
  return vec4f(clip.xy, clip.z - u.params.x * clip.w, clip.w);
}

@fragment
fn fs_wire() -> @location(0) vec4f {
  return vec4f(u.color.rgb * u.color.a, u.color.a);
}
