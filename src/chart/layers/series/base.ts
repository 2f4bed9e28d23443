/**
 * What every series layer shares: its columns and colours, autoscale through the min/max
 * pyramid, legend and crosshair values, the last value, a hit test, and its GPU renderers.
 * A series type overrides only what differs (which columns it scales to, its legend text, how
 * it draws).
 */
import type { ColumnTable } from '../../../data/table.js';
import type { Rgba } from '../../colors.js';
import type { PlotRect } from '../../scales.js';
import { lowerBound, ValueScale } from '../../scales.js';
import { MAIN_PANE } from '../../scene/pane.js';
import { formatPercentChange, ValueFormat } from '../../series/value-format.js';
import { SeriesRenderer, type DrawFrame } from '../../series/renderer.js';
import type { SeriesSpec } from '../../series/spec.js';
import type { XMapping } from '../../x-mapping.js';
import type { FamilyNeed } from '../../render/gpu-renderer.js';
import type { TableUses } from '../../render/table-uses.js';
import type { SeriesReadoutText } from '../../interaction-target.js';
import type { HitContext, SeriesColors, SeriesContext, SeriesHit, SeriesInit, SeriesLayer, SeriesReadout } from '../layer.js';

/** What a series layer reads of the chart while it lives: the shared x mapping and the tables' GPU copies. */
export interface SeriesEnv {
  readonly x: XMapping;
  readonly tables: TableUses;
  /** Reports a problem found outside the checks of a spec (a bound heatmap's rows lack a column): `gpu-error`. */
  readonly report?: (message: string, cause?: unknown) => void;
}

/** Short names of readout fields on screen (legend, tooltip): candles read "O 1 H 2 L 0.5 C 1.5". */
const SHORT_NAMES: Record<string, string> = { open: 'O', high: 'H', low: 'L', close: 'C' };

/** A readout as text: the value alone, or "O … H … L … C … +0.52 %" for bars. */
export function readoutText(r: SeriesReadout, format: ValueFormat, locale: string | undefined): string {
  if (r.fields.length === 1 && r.fields[0].name === 'value' && Number.isNaN(r.change)) return format.format(r.fields[0].value, locale);
  const parts = r.fields.map((f) => `${SHORT_NAMES[f.name] ?? f.name} ${format.format(f.value, locale)}`);
  // a no-break space: a wrapping legend never leaves the % sign alone on a line
  if (!Number.isNaN(r.change)) parts.push(formatPercentChange(r.change, locale).replace(' %', '\u00a0%'));
  return parts.join(' ');
}

/** Every series' readout over rows first..last, by its name, with its text (tooltip, events, a11y). */
export function seriesReadouts(layers: readonly SeriesLayer[], first: number, last: number, locale: string | undefined): SeriesReadoutText[] {
  return layers.map((s) => {
    const r = s.readout(first, last);
    const fields: Record<string, number> = {};
    for (const f of r.fields) fields[f.name] = f.value;
    if (!Number.isNaN(r.change)) fields.change = r.change;
    const main = fields.close ?? fields.value ?? NaN;
    return { name: s.title, fields, text: readoutText(r, s.valueFormat, locale), valueText: s.valueFormat.format(main, locale) };
  });
}

/** How near (CSS px) a point must be to a series' shape to hit it. */
export const HIT_TOLERANCE_PX = 6;

export abstract class BaseSeriesLayer implements SeriesLayer {
  readonly id: string;
  readonly title: string;
  spec: SeriesSpec;
  readonly table: ColumnTable;
  readonly columns: readonly string[];
  readonly colors: SeriesColors;
  readonly scale: ValueScale;
  readonly paneId: string;
  readonly valueFormat: ValueFormat;
  family: FamilyNeed | null = null;
  needsEdgeRoom = false;
  growsFromBase = false;
  hidden = false;
  /** Whether a series of this type in the main pane shows its last value unless told otherwise. */
  protected lastValueByDefault = true;
  protected renderers: SeriesRenderer[] = [];

  constructor(
    init: SeriesInit,
    protected readonly env: SeriesEnv,
  ) {
    this.id = init.id;
    this.title = init.title;
    this.spec = init.spec;
    this.table = init.table;
    this.columns = init.columns;
    this.colors = init.colors;
    this.scale = init.scale;
    this.paneId = init.paneId;
    this.valueFormat = new ValueFormat(init.spec.format, this.compactByDefault());
  }

  /** Whether its values read compact ("494.66K") unless its `format` says otherwise. */
  protected compactByDefault(): boolean {
    return false;
  }

  private ownScale = new ValueScale();

  get view(): ValueScale {
    if (this.scale.mode !== 'percent') return this.scale;
    const base = this.firstVisibleValue();
    return this.scale.withBase(Number.isFinite(base) && base !== 0 ? base : this.scale.base, this.ownScale);
  }

  get autoscales(): boolean {
    return !this.hidden && this.spec.autoscale !== false;
  }

  get onLeftScale(): boolean {
    return this.spec.scale === 'left';
  }

  get showsLastValue(): boolean {
    if (this.hidden) return false;
    if (this.spec.lastValue !== undefined) return this.spec.lastValue;
    // Rows drawn in data order have no latest value to tag (the last row is anywhere in x).
    return this.paneId === MAIN_PANE && this.lastValueByDefault && this.mergesByTime && this.spec.table === undefined;
  }

  /** The column that stands for the series' value at a row (close for bars). */
  protected get mainColumn(): string {
    return this.columns[0];
  }

  /** Columns whose visible range the autoscale covers. */
  protected get extentColumns(): readonly string[] {
    return [this.columns[0]];
  }

  /** Widens an extent (histograms include their base); the default keeps it. */
  protected widenExtent(lo: number, hi: number): [number, number] {
    return [lo, hi];
  }

  extent(): [number, number] | null {
    const use = this.env.tables.get(this.table);
    if (!use?.tg || use.last < use.first) return null;
    let lo = Infinity;
    let hi = -Infinity;
    const last = Math.min(use.last, this.table.offset + this.table.length - 1);
    for (const name of this.extentColumns) {
      const col = use.tg.value(name);
      const values = this.table.backingColumn(name);
      if (!col || !values) continue;
      // O(log N) through the pyramid.
      const mm = col.pyramid.rangeMinMax(values, use.first, last);
      if (!mm) continue;
      lo = Math.min(lo, mm[0]);
      hi = Math.max(hi, mm[1]);
    }
    [lo, hi] = this.widenExtent(lo, hi);
    return lo <= hi ? [lo, hi] : null;
  }

  valueAt(index: number): number {
    const values = this.table.column(this.mainColumn);
    return values && index >= 0 && index < values.length ? values[index] : NaN;
  }

  /** Its value at the last row of the span (histograms: what the merged column draws). */
  readout(first: number, last: number): SeriesReadout {
    return { fields: [{ name: 'value', value: this.valueAt(last) }], change: NaN };
  }

  legendValue(index: number, locale: string | undefined, last = index): string {
    const i = this.legendRow(index);
    if (i < 0) return '';
    return readoutText(this.readout(i, i === index ? Math.max(i, Math.min(last, this.table.length - 1)) : i), this.valueFormat, locale);
  }

  /** The row a legend shows: the crosshair's, else the last one; -1 when empty. */
  protected legendRow(index: number): number {
    const n = this.table.length;
    return index >= 0 && index < n ? index : n - 1;
  }

  lastValue(): { value: number; color: Rgba } | null {
    const values = this.table.column(this.mainColumn);
    if (!values) return null;
    for (let i = values.length - 1; i >= 0 && i >= values.length - 50; i--) {
      if (Number.isFinite(values[i])) return { value: values[i], color: this.lastValueColor() };
    }
    return null;
  }

  protected lastValueColor(): Rgba {
    return this.colors.color;
  }

  firstVisibleValue(): number {
    const values = this.table.column(this.mainColumn);
    if (!values || !this.env.tables.get(this.table)) return NaN;
    const x = this.env.x;
    const start = x.category ? Math.max(0, Math.ceil(x.from)) : lowerBound(this.table.time, x.from);
    for (let i = start; i < values.length && i < start + 1000; i++) if (Number.isFinite(values[i]) && values[i] !== 0) return values[i];
    return NaN;
  }

  /** Vertical distance from the point to the value drawn at the nearest row. */
  hitTest(xCss: number, yCss: number, ctx: HitContext): SeriesHit | null {
    const index = ctx.indexAtX(xCss);
    if (index < 0 || Math.abs(ctx.xOfIndex(index) - xCss) > HIT_TOLERANCE_PX + this.halfWidthCss()) return null;
    const distance = this.distanceAt(index, yCss, ctx.plot, ctx.dpr);
    return distance <= HIT_TOLERANCE_PX ? { distance, index } : null;
  }

  /** Half the drawn width around a row, CSS px (bars: half a bar). */
  protected halfWidthCss(): number {
    return (this.spec.width ?? 2) / 2;
  }

  protected distanceAt(index: number, yCss: number, plot: PlotRect, dpr: number): number {
    const v = this.valueAt(index);
    if (!Number.isFinite(v)) return Infinity;
    return Math.max(0, Math.abs(this.view.toPx(v, plot) / dpr - yCss) - this.halfWidthCss());
  }

  /**
   * Whether rows may be merged by time (pyramid buckets, column spans): not when they are drawn
   * in data order (`order: 'data'`, or a table kept in the order given), where neighbours in the
   * table are not neighbours in x.
   */
  get mergesByTime(): boolean {
    return this.spec.order !== 'data' && !this.table.dataOrder;
  }

  /** The i-th GPU renderer of this series (made on first use, on the frame's device). */
  protected renderer(i: number, device: GPUDevice, frame: DrawFrame): SeriesRenderer {
    const r = (this.renderers[i] ??= new SeriesRenderer(device));
    r.lodEnabled = frame.levelOfDetail && this.mergesByTime;
    return r;
  }

  abstract drawSeries(ctx: SeriesContext): void;

  /** A spec that differs only in how it looks (colour, width, line style, marker): read from the next frame on. */
  restyle(spec: SeriesSpec, colors: SeriesColors): void {
    this.spec = spec;
    Object.assign(this.colors, colors);
  }

  /** Takes over the GPU renderers of a layer that drew the same series (a sibling's visibility changed). */
  adoptRenderers(from: SeriesLayer): void {
    if (from === this || !(from instanceof BaseSeriesLayer)) return;
    for (const r of this.renderers) r.destroy();
    this.renderers = from.renderers;
    from.renderers = [];
  }

  destroy(): void {
    for (const r of this.renderers) r.destroy();
    this.renderers = [];
  }

  gpuLost(): void {
    this.renderers = [];
  }
}
