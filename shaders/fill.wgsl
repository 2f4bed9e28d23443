// Filled areas, one quad per segment: `area` (to the base, with a vertical gradient),
// `baseline` (one colour above the base value, another below) and `band` (between two columns,
// as Bollinger or Keltner bands and the Ichimoku cloud use).
// flags bit 0: step; bits 4-5: 0 area, 1 baseline, 2 band; bit 3: column spans (a dense fill
// arrives as one (top, bottom) pair in device px per pixel column, `rows` of them, bound where
// pyramidA usually is; each is the rectangle of column firstVertex + i, drawn in tiles of
// SPAN_TILE columns: one quad per tile, the fragment keeping the pixels of its own column's
// rectangle).

@group(0) @binding(3) var<storage, read> valuesA: array<f32>;
@group(0) @binding(4) var<storage, read> pyramidA: array<vec2f>;
@group(0) @binding(5) var<storage, read> valuesB: array<f32>;
@group(0) @binding(6) var<storage, read> pyramidB: array<vec2f>;

struct VertexOut {
  @builtin(position) position: vec4f,
};

fn mode() -> u32 {
  return (view.flags >> 4u) & 3u;
}

// Top (and, for bands, bottom) edge of polyline vertex v, in device px.
fn edge(v: u32) -> vec3f {
  if (view.level == 0u) {
    let r = min(v, view.rows - 1u);
    let x = rowX(r);
    let top = valueY(valuesA[r], 0u);
    let bottom = select(view.baseY, valueY(valuesB[r], 1u), mode() == 2u);
    return vec3f(x, top, bottom);
  }
  let bucket = v >> 1u;
  let second = v & 1u;
  let size = 1u << view.level;
  let r = min(bucket * size + second * (size - 1u), view.rows - 1u);
  let x = rowX(r);
  let a = pyramidA[view.levelStart + bucket];
  if (mode() == 2u) {
    // A band's envelope: the upper column's max over its lower column's min.
    let b = pyramidB[view.levelStart + bucket];
    return vec3f(x, valueY(bucketHigh(a), 0u), valueY(bucketLow(b), 1u));
  }
  return vec3f(x, valueY(select(bucketLow(a), bucketHigh(a), second == 1u), 0u), view.baseY);
}

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> VertexOut {
  // One indexed, non-instanced draw of quads: 4 vertices each, shared by the quad's two
  // triangles through the index buffer (software rasterisers such as SwiftShader pay per
  // instance and per vertex shaded).
  let per = 4u;
  let ii = vid / per;
  let vi = vid % per;
  var out: VertexOut;
  let v = view.firstVertex + ii;
  if ((view.flags & 8u) == 8u) {
    // Tile ii: columns [c0, c1), up to the top and down to the bottom of their rectangles.
    let cols = view.rows;
    let c0 = ii * SPAN_TILE;
    let c1 = min(c0 + SPAN_TILE, cols);
    var top = GAP;
    var bottom = -GAP;
    for (var c = c0; c < c1; c++) {
      let span = pyramidA[c];
      if (span.x < GAP) {
        top = min(top, span.x);
        bottom = max(bottom, span.y);
      }
    }
    out.position = tileCorner(c0, c1, top, bottom, vi % 4u);
    return out;
  }
  let a = edge(v);
  var b = edge(v + 1u);
  if ((view.flags & 1u) == 1u) { b = vec3f(b.x, a.y, a.z); }
  if (a.y >= GAP || b.y >= GAP || a.z >= GAP || b.z >= GAP) {
    out.position = OFFSCREEN;
    return out;
  }
  // Corners: 0 a-top, 1 b-top, 2 b-bottom, 3 a-bottom.
  let corner = vi % 4u;
  let useB = corner == 1u || corner == 2u;
  let bottom = corner >= 2u;
  let p = select(a, b, useB);
  out.position = toClip(vec2f(p.x, select(p.y, p.z, bottom)));
  return out;
}

@fragment
fn fs(@builtin(position) frag: vec4f) -> @location(0) vec4f {
  if ((view.flags & 8u) == 8u) {
    // Inside its column's rectangle, as that rectangle alone would be rasterised.
    let span = pyramidA[u32(i32(floor(frag.x)) - i32(view.firstVertex))];
    if (span.x >= GAP || frag.y < span.x || frag.y >= span.y) { discard; }
  }
  let m = mode();
  if (m == 1u) {
    return premultiply(select(view.color, view.color2, frag.y > view.baseY), 1.0);
  }
  if (m == 2u) {
    return premultiply(view.color, 1.0);
  }
  // Gradient from the top of the plot (color) to the base (color2).
  let t = clamp((frag.y - view.plotTop) / max(1.0, view.baseY - view.plotTop), 0.0, 1.0);
  return premultiply(mix(view.color, view.color2, t), 1.0);
}
