/**
 * Series markers (chart.markers): shapes above, below or on a bar, or at a price, with text.
 * Each marker snaps to the row nearest its time. The markers in view (binary search on their
 * sorted times) become one storage buffer of instances, in device px computed in float64,
 * rebuilt only when the markers, the view, the scales or the data change; every pane's markers
 * are one draw of the `markers` family (shaders/markers.wgsl), made only for charts that have
 * markers. Text goes through the chart's label layer, stacked with the shapes so that several
 * markers on one bar do not overlap.
 */
import { family, type Family } from '../../gpu/families.js';
import markersSource from '../../../shaders/markers.wgsl';
import { createBuffer, destroyBuffer, GrowableBuffer } from '../../gpu/buffers.js';
import { drawQuadRange } from '../../gpu/quad-index.js';
import { parseColor, type Rgba } from '../colors.js';
import { lowerBound } from '../scales.js';
import type { FamilyNeed } from '../render/gpu-renderer.js';
import type { MarkerShape, SeriesMarker } from '../annotations/types.js';
import type { TimeSeriesScene } from '../scene/time-scene.js';
import type { Theme } from '../theme.js';
import type { FrameContext, Layer, SeriesContext, SeriesLayer } from './layer.js';

/** Series markers: quads from one storage buffer of instances (made here, in the markers' lazy chunk, with its shader). */
function markersFamily(device: GPUDevice, format: GPUTextureFormat): Promise<Family> {
  return family(device, format, 'markers', markersSource, ['uniform', 'storage']);
}

export const MARKERS_FAMILY: FamilyNeed = { key: 'markers', make: markersFamily, phase: 'gpu' };

/** Floats per instance (shaders/markers.wgsl: centre, half size, shape, rgba). */
const FLOATS = 8;
/** A marker of size 1 is this many CSS px across. */
const BASE_SIZE_PX = 12;
/** CSS px between a bar and its first marker, and between stacked markers. */
const GAP_PX = 3;
const SHAPE_CODE: Record<MarkerShape, number> = { circle: 0, square: 1, arrowUp: 2, arrowDown: 3 };

interface MarkerText {
  text: string;
  x: number;
  y: number;
  color: Rgba;
  /** The plot the text must stay inside (device px). */
  paneIndex: number;
}

export class MarkersLayer implements Layer {
  /** Markers in time order (stable: markers of one time keep their order, which is their stacking order). */
  private markers: SeriesMarker[] = [];
  private times = new Float64Array(0);
  private version = 0;
  private builtKey: unknown[] = [];
  private scratch = new Float32Array(0);
  /** Instances of each pane: [first, count] by pane index. */
  private paneRanges: Array<[number, number]> = [];
  private texts: MarkerText[] = [];
  private instances: GrowableBuffer | null = null;
  private uniform: GPUBuffer | null = null;
  private group: GPUBindGroup | null = null;
  private groupFor: { buffer: GPUBuffer | null; family: Family | null } = { buffer: null, family: null };
  private uniformSize: [number, number] = [0, 0];

  constructor(private readonly reportData: (message: string) => void) {}

  set(markers: readonly SeriesMarker[]): void {
    const order = markers.map((_, i) => i).sort((a, b) => markers[a].time - markers[b].time || a - b);
    this.markers = order.map((i) => markers[i]);
    this.times = Float64Array.from(this.markers, (m) => m.time);
    this.version++;
  }

  /** The pipeline family, only while there are markers (charts without them never compile it). */
  get family(): FamilyNeed | null {
    return this.markers.length ? MARKERS_FAMILY : null;
  }

  /**
   * Before the layout: room above and below each pane's auto-scaled range for the tallest stack
   * of markers on one bar (as lightweight-charts does), so markers on the highest and lowest
   * bars stay inside the plot.
   */
  reserveRoom(scene: TimeSeriesScene<SeriesLayer>, dpr: number, theme: Theme): void {
    const stacks = this.stackHeights(theme.fontSizePx);
    for (const pane of scene.panes) {
      let above = 0;
      let below = 0;
      for (const s of pane.members) {
        for (const key of s === scene.main.members[0] ? [s.id, ''] : [s.id]) {
          const h = stacks.get(key);
          if (h) (above = Math.max(above, h[0] * dpr)), (below = Math.max(below, h[1] * dpr));
        }
      }
      pane.valueRoom = above || below ? { above, below } : undefined;
    }
  }

  private stackMemo: { version: number; fontPx: number; heights: Map<string, [number, number]> } | null = null;

  /** Tallest stack above and below one time (CSS px), by series id ('' : the default series). */
  private stackHeights(fontPx: number): Map<string, [number, number]> {
    if (this.stackMemo?.version === this.version && this.stackMemo.fontPx === fontPx) return this.stackMemo.heights;
    const perTime = new Map<string, [number, number]>();
    const heights = new Map<string, [number, number]>();
    for (const m of this.markers) {
      if (m.position !== 'aboveBar' && m.position !== 'belowBar') continue;
      const series = m.series ?? '';
      const key = `${series}\n${m.time}`;
      const h = perTime.get(key) ?? [GAP_PX, GAP_PX];
      const side = m.position === 'aboveBar' ? 0 : 1;
      h[side] += BASE_SIZE_PX * (m.size ?? 1) + (m.text ? fontPx + 2 : 0) + GAP_PX;
      perTime.set(key, h);
      const best = heights.get(series) ?? [0, 0];
      best[side] = Math.max(best[side], h[side]);
      heights.set(series, best);
    }
    this.stackMemo = { version: this.version, fontPx, heights };
    return heights;
  }

  drawUnder(ctx: FrameContext): void {
    if (!this.markers.length) {
      this.paneRanges = [];
      this.texts = [];
      return;
    }
    const key = this.keyOf(ctx);
    if (key.length === this.builtKey.length && key.every((v, i) => v === this.builtKey[i]) && this.instances) return;
    this.builtKey = key;
    this.build(ctx);
  }

  /** Everything the instances depend on: markers, view, plot rectangles, scales, data versions. */
  private keyOf(ctx: FrameContext): unknown[] {
    const { scene } = ctx;
    const x = scene.x;
    const key: unknown[] = [this.version, ctx.dpr, x.from, x.to, x.category, ctx.theme];
    for (const pane of scene.panes) {
      const r = pane.rect;
      key.push(pane.id, r.x, r.y, r.width, r.height);
      for (const s of pane.members) key.push(s, s.table.version, s.scale.min, s.scale.max, s.scale.mode, s.scale.base);
    }
    return key;
  }

  private build(ctx: FrameContext): void {
    const { scene, dpr, theme } = ctx;
    const panes = scene.panes;
    const byId = new Map<string, SeriesLayer>();
    for (const pane of panes) for (const s of pane.members) if (!byId.has(s.id)) byId.set(s.id, s);
    const fallback = scene.main.members[0] ?? null;
    const perPane: number[][] = panes.map(() => []);
    const texts: MarkerText[] = [];
    // How far (device px) from the bar the next marker of a row goes, on each side (key: pane and row).
    const stackAbove = new Map<number, number>();
    const stackBelow = new Map<number, number>();
    const fontPx = theme.fontSizePx;

    for (const [series, pane] of panes.flatMap((p, i) => p.members.map((s) => [s, i] as const))) {
      const mine = (m: SeriesMarker) => (m.series === undefined ? series === fallback : byId.get(m.series) === series);
      const times = series.table.time;
      const n = times.length;
      if (!n) continue;
      const rect = panes[pane].rect;
      const [firstRow, lastRow] = scene.x.visibleRows(times);
      if (lastRow < firstRow) continue;
      // Markers whose nearest row can be in view (one row beyond each edge included).
      const from = firstRow === 0 ? 0 : lowerBound(this.times, (times[firstRow - 1] + times[firstRow]) / 2);
      const to = lastRow === n - 1 ? this.markers.length : lowerBound(this.times, (times[lastRow] + times[lastRow + 1]) / 2);
      const hiLo = extremesOf(series);
      for (let k = from; k < to; k++) {
        const m = this.markers[k];
        if (!mine(m)) continue;
        const row = nearestRow(times, m.time);
        if (row < firstRow || row > lastRow) continue;
        const cx = scene.x.category ? scene.x.indexToPx(row, rect) : scene.x.timeToPx(times[row], rect);
        const half = (BASE_SIZE_PX * (m.size ?? 1) * dpr) / 2;
        const textRoom = m.text ? (fontPx + 2) * dpr : 0;
        const color = parseColor(m.color ?? '', theme.text);
        let cy: number;
        let textY: number;
        if (m.position === 'aboveBar' || m.position === 'belowBar') {
          const above = m.position === 'aboveBar';
          const v = above ? hiLo.high(row) : hiLo.low(row);
          if (!Number.isFinite(v)) continue;
          const y = series.scale.toPx(v, rect);
          const stack = above ? stackAbove : stackBelow;
          const stackKey = pane * 2 ** 32 + row;
          const offset = stack.get(stackKey) ?? GAP_PX * dpr;
          const sign = above ? -1 : 1;
          cy = y + sign * (offset + half);
          textY = cy + sign * (half + textRoom / 2);
          stack.set(stackKey, offset + 2 * half + textRoom + GAP_PX * dpr);
        } else {
          const v = m.position === 'atPrice' ? m.price! : hiLo.value(row);
          if (!Number.isFinite(v)) continue;
          cy = series.scale.toPx(v, rect);
          textY = cy - half - textRoom / 2;
        }
        if (!Number.isFinite(cy)) continue;
        perPane[pane].push(cx, cy, half, SHAPE_CODE[m.shape], color[0], color[1], color[2], color[3]);
        if (m.text) texts.push({ text: m.text, x: cx, y: textY, color, paneIndex: pane });
      }
    }
    // Reported once per message by the engine.
    const unknown = this.markers.find((m) => m.series !== undefined && !byId.has(m.series));
    if (unknown) this.reportData(`A marker names the series "${String(unknown.series).slice(0, 40)}", which the chart does not have; its markers are not drawn`);

    const total = perPane.reduce((a, p) => a + p.length, 0);
    if (this.scratch.length < total) this.scratch = new Float32Array(Math.max(total, this.scratch.length * 2));
    this.paneRanges = [];
    let at = 0;
    for (const list of perPane) {
      this.scratch.set(list, at);
      this.paneRanges.push([at / FLOATS, list.length / FLOATS]);
      at += list.length;
    }
    this.texts = texts;
    this.instances ??= new GrowableBuffer(ctx.device, 'markers', GPUBufferUsage.STORAGE, Math.max(256, total * 4));
    this.instances.ensure(total * 4);
    this.instances.writeAt(this.scratch, total, 0);
  }

  drawSeries(ctx: SeriesContext): void {
    const paneIndex = ctx.scene.panes.indexOf(ctx.pane);
    const range = this.paneRanges[paneIndex];
    const family = ctx.frame.families.markers;
    if (!range || range[1] === 0 || !family || !this.instances) return;
    const device = ctx.device;
    if (!this.uniform) this.uniform = createBuffer(device, { label: 'markers view', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    if (this.uniformSize[0] !== ctx.canvasPx[0] || this.uniformSize[1] !== ctx.canvasPx[1]) {
      this.uniformSize = [ctx.canvasPx[0], ctx.canvasPx[1]];
      device.queue.writeBuffer(this.uniform, 0, new Float32Array([ctx.canvasPx[0], ctx.canvasPx[1], 0, 0]));
    }
    if (!this.group || this.groupFor.buffer !== this.instances.buffer || this.groupFor.family !== family) {
      this.group = device.createBindGroup({
        layout: family.layout,
        entries: [
          { binding: 0, resource: { buffer: this.uniform } },
          { binding: 1, resource: { buffer: this.instances.buffer } },
        ],
      });
      this.groupFor = { buffer: this.instances.buffer, family };
    }
    ctx.pass.setPipeline(family.pipeline);
    ctx.pass.setBindGroup(0, this.group);
    drawQuadRange(ctx.pass, device, range[0], range[1]);
  }

  drawLabels(ctx: FrameContext): void {
    const { theme, dpr } = ctx;
    const panes = ctx.scene.panes;
    const half = (theme.fontSizePx * dpr) / 2;
    for (const t of this.texts) {
      const r = panes[t.paneIndex]?.rect;
      // Text stays inside its pane's plot (labels are not clipped by the pass).
      if (!r || t.x < r.x || t.x > r.x + r.width || t.y - half < r.y || t.y + half > r.y + r.height) continue;
      ctx.labels.note(t.text, t.x, t.y, 'center', t.color, theme, dpr);
    }
  }

  gpuLost(): void {
    this.instances = null;
    this.uniform = null;
    this.forget();
  }

  destroy(): void {
    this.instances?.destroy();
    if (this.uniform) destroyBuffer(this.uniform);
    this.instances = null;
    this.uniform = null;
    this.forget();
  }

  private forget(): void {
    this.group = null;
    this.groupFor = { buffer: null, family: null };
    this.uniformSize = [0, 0];
    this.builtKey = [];
  }
}

/** The row whose time is nearest `t` (the earlier one on a tie). */
function nearestRow(times: Float64Array, t: number): number {
  const i = lowerBound(times, t);
  if (i <= 0) return 0;
  if (i >= times.length) return times.length - 1;
  return t - times[i - 1] <= times[i] - t ? i - 1 : i;
}

/** A series' high, low and own value at a row: bars use their high and low, a band its two lines. */
function extremesOf(series: SeriesLayer): { high(row: number): number; low(row: number): number; value(row: number): number } {
  const table = series.table;
  const col = (i: number) => table.column(series.columns[i]) ?? new Float64Array(0);
  const type = series.spec.type;
  const value = (row: number) => series.valueAt(row);
  if (type === 'candlestick' || type === 'ohlc') {
    const hi = col(1);
    const lo = col(2);
    return { high: (r) => hi[r], low: (r) => lo[r], value };
  }
  if (type === 'band') {
    const a = col(0);
    const b = col(1);
    return { high: (r) => Math.max(a[r], b[r]), low: (r) => Math.min(a[r], b[r]), value: (r) => (a[r] + b[r]) / 2 };
  }
  return { high: value, low: value, value };
}
