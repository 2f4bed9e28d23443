// Shared by the 3D families (three-points, three-surface, three-line): one uniform per draw
// and the colormap's lookup table. Positions are in the normalized box, relative to its centre.
struct View3 {
  vp: mat4x4f,
  // one colour (straight alpha), used when params.y is 0
  color: vec4f,
  canvas: vec2f,
  // point diameter or line width, device px
  size: f32,
  lutSize: f32,
  // xyz: the eye in the box; w: 1 perspective, 0 orthographic (xyz is then the view direction back to the eye)
  eye: vec4f,
  // x: depth pull towards the eye (wireframe), y: 1 colour through the lookup table, z: point shape (0 circle, 1 square, 2 triangle)
  params: vec4f,
};

@group(0) @binding(0) var<uniform> u: View3;
@group(0) @binding(1) var<storage, read> lut: array<vec4f>;

fn lutColor(t: f32) -> vec4f {
  if (u.params.y < 0.5) {
    return u.color;
  }
  let i = u32(clamp(t, 0.0, 1.0) * (u.lutSize - 1.0) + 0.5);
  return lut[i];
}

// A vertex outside the clip volume: its triangle is dropped.
fn offscreen() -> vec4f {
  return vec4f(2.0, 2.0, 2.0, 1.0);
}
