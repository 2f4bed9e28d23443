// Two custom series written in WGSL, defined with GpuChart.defineSeries (see docs/plugins.md).
// Used by demo/plugins.html and by test/chart/demo-plugins.gpu.test.ts.

/**
 * Volume profile: the visible rows' volume summed into price bins, drawn as horizontal bars
 * that grow leftwards from the value axis. The bins are computed on the CPU each frame (a few
 * dozen numbers); the shader only places one quad per bin.
 */
export const volumeProfile = {
  columns: { price: 'close', volume: 'volume' },
  instances(frame) {
    const bins = Math.max(4, Math.min(200, Number(frame.spec.options?.bins ?? 24)));
    const price = frame.column('price');
    const volume = frame.column('volume');
    if (!price || !volume || frame.last < frame.first) return { count: 0 };
    // Rows inside the plot (first and last are one beyond each edge of the view).
    const left = frame.plot.x;
    const right = frame.plot.x + frame.plot.width;
    let first = frame.first;
    let last = frame.last;
    while (first <= last && frame.timeToX(frame.time[first]) < left) first++;
    while (last >= first && frame.timeToX(frame.time[last]) > right) last--;
    if (last < first) return { count: 0 };
    let [lo, hi] = frame.minMax('price', first, last) ?? [NaN, NaN];
    if (!(hi >= lo)) return { count: 0 };
    if (hi === lo) [lo, hi] = [lo - Math.max(Math.abs(lo) * 1e-3, 1e-9), hi + Math.max(Math.abs(hi) * 1e-3, 1e-9)];
    const sums = new Float64Array(bins);
    for (let i = first; i <= last; i++) {
      const p = price[i];
      const v = volume[i];
      if (!Number.isFinite(p) || !Number.isFinite(v)) continue;
      sums[Math.min(bins - 1, Math.floor(((p - lo) / (hi - lo)) * bins))] += v;
    }
    let most = 0;
    for (const s of sums) most = Math.max(most, s);
    const widthShare = Number(frame.spec.options?.width ?? 0.3);
    const gap = frame.pixelRatio;
    const data = new Float32Array(bins * 4);
    for (let b = 0; b < bins; b++) {
      const top = frame.valueToY(lo + ((b + 1) / bins) * (hi - lo));
      const bottom = frame.valueToY(lo + (b / bins) * (hi - lo));
      data.set([right - (sums[b] / (most || 1)) * frame.plot.width * widthShare, top + gap / 2, right, bottom - gap / 2], b * 4);
    }
    return { count: bins, data };
  },
  // The profile follows the candles' scale; it does not widen it.
  extent: () => null,
  legend: (row, data) => {
    const v = data.column('volume')?.[row];
    return Number.isFinite(v) ? `vol ${Math.round(v).toLocaleString('en-US')}` : '–';
  },
  wgsl: /* wgsl */ `
@group(0) @binding(5) var<storage, read> bins: array<vec4f>; // left, top, right, bottom (device px)

struct Out {
  @builtin(position) position: vec4f,
  @location(0) share: f32,
};

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> Out {
  let b = bins[vid / 4u];
  let corner = vid % 4u;
  let right = corner == 1u || corner == 2u;
  var out: Out;
  out.position = toClip(vec2f(select(b.x, b.z, right), select(b.y, b.w, corner >= 2u)));
  out.share = select(0.0, 1.0, right);
  return out;
}

@fragment
fn fs(in: Out) -> @location(0) vec4f {
  // Deeper towards the axis.
  return premultiply(mix(view.color2, view.color, in.share), 0.55);
}
`,
};

/**
 * Heat line: a line whose colour follows its height in the pane, from the series' second
 * colour at the bottom to its first at the top. One quad per segment, anti-aliased across.
 */
export const heatLine = {
  columns: { value: 'value' },
  wgsl: /* wgsl */ `
@group(0) @binding(3) var<storage, read> values: array<f32>;

struct Out {
  @builtin(position) position: vec4f,
  @location(0) across: f32,   // px from the segment's centre line
  @location(1) height: f32,   // 0 at the plot bottom, 1 at the top
};

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> Out {
  let row = view.firstVertex + vid / 4u;
  let corner = vid % 4u;
  var out: Out;
  if (row + 1u >= view.rows) {
    out.position = OFFSCREEN;
    return out;
  }
  let p0 = vec2f(rowX(row), valueY(values[row], 0u));
  let p1 = vec2f(rowX(row + 1u), valueY(values[row + 1u], 0u));
  if (p0.y >= GAP || p1.y >= GAP) {
    out.position = OFFSCREEN;
    return out;
  }
  let d = p1 - p0;
  let len = max(length(d), 1e-3);
  let normal = vec2f(-d.y, d.x) / len;
  let reach = view.halfWidth + 1.0;
  let end = select(p0, p1, corner == 1u || corner == 2u);
  let side = select(-1.0, 1.0, corner >= 2u);
  // Extend each segment by half its width so joints have no notches.
  let along = d / len * view.halfWidth * select(-1.0, 1.0, corner == 1u || corner == 2u);
  let p = end + along + normal * side * reach;
  out.position = toClip(p);
  out.across = side * reach;
  out.height = clamp((view.plotBottom - p.y) / max(view.plotBottom - view.plotTop, 1.0), 0.0, 1.0);
  return out;
}

@fragment
fn fs(in: Out) -> @location(0) vec4f {
  let coverage = clamp(view.halfWidth + 0.5 - abs(in.across), 0.0, 1.0);
  if (coverage <= 0.0) { discard; }
  return premultiply(mix(view.color2, view.color, in.height), coverage);
}
`,
};

/** Defines both on GpuChart (once). */
export function defineDemoPlugins(GpuChart) {
  if (!customElements.get('gpu-chart') || GpuChart.__demoPlugins) return;
  GpuChart.defineSeries('volume-profile', volumeProfile);
  GpuChart.defineSeries('heat-line', heatLine);
  GpuChart.__demoPlugins = true;
}
