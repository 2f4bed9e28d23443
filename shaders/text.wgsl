// Axis labels and tags: each label is one quad copying a pre-rasterised string from the label
// atlas (coverage in the red channel) and tinting it. Labels sit on whole device pixels and
// read the atlas texel for texel, so text is as crisp as Canvas2D drew it into the atlas.

struct TextView {
  canvasPx: vec2f,
};

struct Label {
  dst: vec4f,    // x, y, width, height in device px
  src: vec4f,    // atlas x, y (texels); zw unused
  color: vec4f,  // straight alpha
};

@group(0) @binding(0) var<uniform> view: TextView;
@group(0) @binding(1) var<storage, read> labels: array<Label>;
@group(0) @binding(2) var atlas: texture_2d<f32>;

struct VertexOut {
  @builtin(position) position: vec4f,
  @location(0) texel: vec2f,
  @location(1) color: vec4f,
};

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> VertexOut {
  // Non-instanced quads, 4 vertices each (see quad-index.ts).
  let l = labels[vid / 4u];
  let corner = vid % 4u;
  let k = vec2f(select(0.0, 1.0, corner == 1u || corner == 2u), select(0.0, 1.0, corner >= 2u));
  let p = l.dst.xy + k * l.dst.zw;
  var out: VertexOut;
  out.position = vec4f(p.x / view.canvasPx.x * 2.0 - 1.0, 1.0 - p.y / view.canvasPx.y * 2.0, 0.0, 1.0);
  out.texel = l.src.xy + k * l.dst.zw;
  out.color = vec4f(l.color.rgb * l.color.a, l.color.a);
  return out;
}

@fragment
fn fs(in: VertexOut) -> @location(0) vec4f {
  let coverage = textureLoad(atlas, vec2i(floor(in.texel)), 0).r;
  if (coverage <= 0.0) { discard; }
  return in.color * coverage;
}
