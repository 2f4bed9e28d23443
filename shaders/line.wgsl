// Polylines as screen-space quads, one quad per segment, anti-aliased in the fragment
// shader (no MSAA, no 1-pixel line primitives). Reads the raw rows or one level of the
// min/max pyramid, so each frame draws about two segments per pixel column at most.
// flags bit 0: step line (across at the old value, then up or down);
// flags bit 1: colour above baseY with `color`, below with `color2` (baseline series);
// flags bits 5-6: dash pattern along the line (1 dashed, 2 dotted), in multiples of its width.
// Each segment runs the pattern along its length from the phase its start's x gives, stretched
// by at most half a period so that it ends at the phase of its end's x: the pattern joins up at
// every row without any sum over the rows before (a dense line's columns go by x).
// flags bit 3: column spans. A dense line arrives as one (top, bottom) pair in device px per
// pixel column (column firstVertex + i, `rows` of them), bound where the pyramid usually is. Each
// span is a vertical segment at its column's centre. They are drawn in tiles of SPAN_TILE
// columns: one quad per tile around what its spans (and their neighbours' round caps) can
// reach, and the fragment takes the strongest coverage of the nearby spans. A software
// rasteriser pays mostly per triangle, so this is far cheaper than a quad per column, and no
// pixel is blended twice.

@group(0) @binding(3) var<storage, read> values: array<f32>;
@group(0) @binding(4) var<storage, read> pyramid: array<vec2f>;

struct VertexOut {
  @builtin(position) position: vec4f,
  @location(0) local: vec2f,     // (along, across) in px from the segment start
  @location(1) seg: vec3f,       // length; dash phase at the start and phase per px along it
};

// Position of polyline vertex `v` in device px; y >= GAP marks a gap.
fn vertexPx(v: u32) -> vec2f {
  if (view.level == 0u) {
    let r = min(v, view.rows - 1u);
    return vec2f(rowX(r), valueY(values[r], 0u));
  }
  let bucket = v >> 1u;
  let second = v & 1u;
  let size = 1u << view.level;
  let r = min(bucket * size + second * (size - 1u), view.rows - 1u);
  let pair = pyramid[view.levelStart + bucket];
  return vec2f(rowX(r), valueY(select(bucketLow(pair), bucketHigh(pair), second == 1u), 0u));
}

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> VertexOut {
  // One indexed, non-instanced draw of quads: 4 vertices each, shared by the quad's two
  // triangles through the index buffer (software rasterisers such as SwiftShader pay per
  // instance and per vertex shaded).
  if ((view.flags & 8u) == 8u) {
    return spanTile(vid / 4u, vid % 4u);
  }
  let step = (view.flags & 1u) == 1u;
  let per = select(4u, 8u, step);
  let ii = vid / per;
  let vi = vid % per;
  var out: VertexOut;
  let v = view.firstVertex + ii;
  var a: vec2f;
  var b: vec2f;
  a = vertexPx(v);
  b = vertexPx(v + 1u);
  if (step) {
    let corner = vec2f(b.x, a.y);
    if (vi < 4u) { b = corner; } else { a = corner; }
  }
  if (a.y >= GAP || b.y >= GAP) {
    out.position = OFFSCREEN;
    return out;
  }
  let d = b - a;
  let len = length(d);
  let dir = select(vec2f(1.0, 0.0), d / len, len > 1e-4);
  let normal = vec2f(-dir.y, dir.x);
  let reach = view.halfWidth + 0.5; // exactly where coverage ends (see fs)
  let corner = vi % 4u; // 0 start-left, 1 end-left, 2 end-right, 3 start-right
  let along = select(-reach, len + reach, corner == 1u || corner == 2u);
  let across = select(-reach, reach, corner >= 2u);
  out.position = toClip(a + dir * along + normal * across);
  out.local = vec2f(along, across);
  out.seg = vec3f(len, a.x, 0.0);
  if ((view.flags & 96u) != 0u) {
    // The whole number of periods nearest the length, plus the x advance: continuous at rows.
    let period = dashPeriod();
    let dx = b.x - a.x;
    let periods = round(max(len - dx, 0.0) / period);
    out.seg.z = select(0.0, (dx + periods * period) / len, len > 1e-4);
  }
  return out;
}

// How many columns to each side a span can reach: pixel centres at a whole number of columns
// from the span's centre are covered while nearer than halfWidth + 0.5.
fn spanReach() -> u32 {
  return u32(ceil(view.halfWidth + 0.5)) - 1u;
}

// The quad of tile `tile`: its columns' x range, and the y range of every span that can reach it.
fn spanTile(tile: u32, corner: u32) -> VertexOut {
  var out: VertexOut;
  let cols = view.rows;
  let c0 = tile * SPAN_TILE;
  let c1 = min(c0 + SPAN_TILE, cols);
  let reach = spanReach();
  var top = GAP;
  var bottom = -GAP;
  for (var c = max(c0, reach) - reach; c < min(c1 + reach, cols); c++) {
    let span = pyramid[c];
    if (span.x < GAP) {
      top = min(top, span.x);
      bottom = max(bottom, span.y);
    }
  }
  let pad = view.halfWidth + 0.5;
  out.position = tileCorner(c0, c1, top - pad, bottom + pad, corner);
  return out;
}

// Coverage of pixel `p` (device px, at its centre) by the spans of its column and its neighbours.
fn spanCoverage(p: vec2f) -> f32 {
  let column = i32(floor(p.x)) - i32(view.firstVertex);
  let reach = i32(spanReach());
  var coverage = 0.0;
  for (var c = max(column - reach, 0); c <= min(column + reach, i32(view.rows) - 1); c++) {
    // A gap column (GAP, GAP) is far below every pixel: no coverage.
    coverage = max(coverage, spanCoverageAt(p.y, f32(column - c), pyramid[u32(c)]));
  }
  return coverage;
}

// The span pipeline's own entry points (the family's `spans` pipeline, families.ts): a solid dense
// line up to spanReach() 1 (lines up to 3 device px wide), which is what dense lines usually are.
// SwiftShader runs a fragment shader's code at a cost that grows with all of it, taken branches or
// not (a loop of uniform length, the segment path, the dash pattern): this one is straight-line
// code, the same coverage as fs's span path, at well under its cost per pixel (issue 24, Y2).
@vertex
fn vsSpans(@builtin(vertex_index) vid: u32) -> VertexOut {
  return spanTile(vid / 4u, vid % 4u);
}

@fragment
fn fsSpans(in: VertexOut) -> @location(0) vec4f {
  let p = in.position.xy;
  let column = i32(floor(p.x)) - i32(view.firstVertex);
  let last = i32(view.rows) - 1;
  // The neighbours' coverage at one column's distance: at the plot's edges the neighbour read is
  // the pixel's own column, whose coverage at distance 1 is below its coverage at distance 0,
  // so the max is the same as without that neighbour (as in spanCoverage's loop).
  let own = spanCoverageAt(p.y, 0.0, pyramid[u32(column)]);
  let left = spanCoverageAt(p.y, 1.0, pyramid[u32(max(column - 1, 0))]);
  let right = spanCoverageAt(p.y, 1.0, pyramid[u32(min(column + 1, last))]);
  let coverage = max(own, max(left, right));
  if (coverage <= 0.0) { discard; }
  let below = (view.flags & 2u) == 2u && p.y > view.baseY;
  return premultiply(select(view.color, view.color2, below), coverage);
}

// Coverage of a pixel at height `y` by the span `span` of a column `dx` columns away (as spanCoverage).
fn spanCoverageAt(y: f32, dx: f32, span: vec2f) -> f32 {
  return clamp(view.halfWidth + 0.5 - length(vec2f(dx, y - clamp(y, span.x, span.y))), 0.0, 1.0);
}

// Dashes of 4 line widths with gaps of 3; round dots one width across, 2.5 widths apart (>= 3 px).
fn dashPeriod() -> f32 {
  let w = max(1.0, 2.0 * view.halfWidth);
  return select(7.0 * w, max(3.0, 2.5 * w), ((view.flags >> 5u) & 3u) == 2u);
}

// Coverage of the dash pattern at `s` px along the line, `across` px beside its centre.
fn dashCoverage(s: f32, across: f32) -> f32 {
  let w = max(1.0, 2.0 * view.halfWidth);
  let period = dashPeriod();
  if (((view.flags >> 5u) & 3u) == 2u) {
    let m = s - period * round(s / period);
    return clamp(view.halfWidth + 0.5 - length(vec2f(m, across)), 0.0, 1.0);
  }
  // Anti-aliased at both ends of a dash (and at the next dash's start).
  let on = 4.0 * w;
  let m = s - period * floor(s / period);
  return max(clamp(min(m, on - m) + 0.5, 0.0, 1.0), clamp(m - period + 0.5, 0.0, 1.0));
}

@fragment
fn fs(in: VertexOut) -> @location(0) vec4f {
  if ((view.flags & 8u) == 8u) {
    var coverage = spanCoverage(in.position.xy);
    if ((view.flags & 96u) != 0u) { coverage = min(coverage, dashCoverage(in.position.x, 0.0)); }
    if (coverage <= 0.0) { discard; }
    let below = (view.flags & 2u) == 2u && in.position.y > view.baseY;
    return premultiply(select(view.color, view.color2, below), coverage);
  }
  // Distance to the segment (round caps), turned into coverage over one pixel.
  let t = clamp(in.local.x, 0.0, in.seg.x);
  let dist = length(vec2f(in.local.x - t, in.local.y));
  var coverage = clamp(view.halfWidth + 0.5 - dist, 0.0, 1.0);
  if ((view.flags & 96u) != 0u) { coverage = min(coverage, dashCoverage(in.seg.y + in.local.x * in.seg.z, in.local.y)); }
  if (coverage <= 0.0) { discard; }
  let below = (view.flags & 2u) == 2u && in.position.y > view.baseY;
  return premultiply(select(view.color, view.color2, below), coverage);
}
