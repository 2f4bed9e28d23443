// Bars, one group of quads per row or per merged bucket: candlesticks (body and wick), OHLC bars
// (stem and ticks) and histogram columns. When bars would be narrower than is readable the CPU
// picks a pyramid level and each group draws a whole bucket as one OHLC bar (first open,
// highest high, lowest low, last close), so thin bars merge instead of flickering.
// flags bits 0-1: 0 candlestick, 1 ohlc, 2 histogram; bit 4: hollow up candles;
// bit 5: colour by close >= open (histogram); bit 6: colour by value >= base (histogram).

@group(0) @binding(3) var<storage, read> opens: array<f32>;
@group(0) @binding(4) var<storage, read> highs: array<f32>;
@group(0) @binding(5) var<storage, read> lows: array<f32>;
@group(0) @binding(6) var<storage, read> closes: array<f32>;
@group(0) @binding(7) var<storage, read> highPyramid: array<vec2f>;
@group(0) @binding(8) var<storage, read> lowPyramid: array<vec2f>;

struct VertexOut {
  @builtin(position) position: vec4f,
  @location(0) @interpolate(flat) color: vec4f,
  @location(1) local: vec2f,        // px inside the rectangle, for hollow bodies
  @location(2) @interpolate(flat) box: vec2f,  // rectangle size in px (0: solid)
};

struct Bar {
  x: f32,
  o: f32,
  h: f32,
  l: f32,
  c: f32,
  up: bool,
  ok: bool,
};

fn readBar(bucket: u32) -> Bar {
  var bar: Bar;
  var first = bucket;
  var last = bucket;
  if (view.level > 0u) {
    first = bucket << view.level;
    last = min(((bucket + 1u) << view.level) - 1u, view.rows - 1u);
    let hp = highPyramid[view.levelStart + bucket];
    let lp = lowPyramid[view.levelStart + bucket];
    bar.h = valueY(bucketHigh(hp), 1u);
    bar.l = valueY(bucketLow(lp), 2u);
  } else {
    bar.h = valueY(highs[first], 1u);
    bar.l = valueY(lows[first], 2u);
  }
  let rawO = opens[first];
  let rawC = closes[last];
  bar.o = valueY(rawO, 0u);
  bar.c = valueY(rawC, 3u);
  bar.x = 0.5 * (rowX(first) + rowX(last));
  // Screen y grows downward: a rising bar closes above (smaller y) its open.
  bar.up = bar.c <= bar.o;
  // Histograms need only their value; bars need all four prices.
  bar.ok = bar.h < GAP && bar.l < GAP && ((view.flags & 3u) == 2u || (bar.o < GAP && bar.c < GAP));
  return bar;
}

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> VertexOut {
  // One indexed, non-instanced draw of quads: 4 vertices each, shared by the quad's two
  // triangles through the index buffer (software rasterisers such as SwiftShader pay per
  // instance and per vertex shaded).
  let per = 12u;
  let ii = vid / per;
  let vi = vid % per;
  var out: VertexOut;
  let bar = readBar(view.firstVertex + ii);
  let kind = view.flags & 3u;
  out.position = OFFSCREEN;
  if (!bar.ok) { return out; }
  let piece = vi / 4u;
  let corner = vi % 4u;
  let line = max(1.0, round(view.halfWidth * 2.0));  // stem / wick / tick thickness
  // The body is as much wider than the wick on each side (bars.ts barBodyWidth): wick centred.
  let body = max(line, round(view.barHalfWidth * 2.0));
  let mid = round(bar.x - line * 0.5);
  let left = mid - floor((body - line) * 0.5);
  let right = left + body;
  var box = vec4f(0.0);   // x0, y0, x1, y1
  var color = view.color;
  var hollowBox = vec2f(0.0);
  if (kind == 2u) {
    // Histogram: one column from the base to the value (bound as `high`).
    if (piece > 0u) { return out; }
    let top = min(bar.h, view.baseY);
    let bottom = max(bar.h, view.baseY);
    box = vec4f(left, round(top), right, max(round(bottom), round(top) + 1.0));
    let colorByDirection = (view.flags & 32u) == 32u && bar.o < GAP && bar.c < GAP;
    color = select(view.color, select(view.color2, view.color, bar.up), colorByDirection);
    if ((view.flags & 64u) == 64u) { color = select(view.color2, view.color, bar.h <= view.baseY); }
  } else {
    color = select(view.color2, view.color, bar.up);
    let top = round(min(bar.o, bar.c));
    let bottom = max(round(max(bar.o, bar.c)), top + 1.0);
    if (kind == 0u) {
      if (piece == 0u) {
        box = vec4f(left, top, right, bottom);
        if (bar.up && (view.flags & 16u) == 16u) { hollowBox = vec2f(right - left, bottom - top); }
      } else if (piece == 1u) {
        // the wick in two parts, above and below the body: it never crosses a hollow body
        box = vec4f(mid, round(bar.h), mid + line, max(top, round(bar.h)));
        if (box.w <= box.y) { return out; }
      } else {
        box = vec4f(mid, bottom, mid + line, max(round(bar.l), bottom));
        if (box.w <= box.y) { return out; }
      }
    } else {
      let y0 = round(bar.o - line * 0.5);
      let y1 = round(bar.c - line * 0.5);
      if (piece == 0u) {
        box = vec4f(mid, round(bar.h), mid + line, max(round(bar.l), round(bar.h) + 1.0));
      } else if (piece == 1u) {
        box = vec4f(left, y0, mid, y0 + line);
      } else {
        box = vec4f(mid + line, y1, right, y1 + line);
      }
    }
  }
  let useRight = corner == 1u || corner == 2u;
  let useBottom = corner >= 2u;
  let p = vec2f(select(box.x, box.z, useRight), select(box.y, box.w, useBottom));
  out.position = toClip(p);
  out.color = color;
  out.local = p - box.xy;
  out.box = hollowBox;
  return out;
}

@fragment
fn fs(in: VertexOut) -> @location(0) vec4f {
  if (in.box.x > 0.0) {
    // Hollow body: keep a border as thick as the wick, clear the inside.
    let border = max(1.0, round(view.halfWidth * 2.0));
    let inside = in.local.x > border && in.local.x < in.box.x - border && in.local.y > border && in.local.y < in.box.y - border;
    if (inside) { discard; }
  }
  return premultiply(in.color, 1.0);
}
