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
import { formatNumber, MAIN_PANE } from '../../scene/pane.js';
import { SeriesRenderer, type DrawFrame } from '../../series/renderer.js';
import type { SeriesSpec } from '../../series/spec.js';
import type { XMapping } from '../../x-mapping.js';
import type { FamilyNeed } from '../../render/gpu-renderer.js';
import type { TableUses } from '../../render/table-uses.js';
import type { HitContext, SeriesColors, SeriesContext, SeriesHit, SeriesInit, SeriesLayer } from '../layer.js';

/** What a series layer reads of the chart while it lives: the shared x mapping and the tables' GPU copies. */
export interface SeriesEnv {
  readonly x: XMapping;
  readonly tables: TableUses;
}

/** How near (CSS px) a point must be to a series' shape to hit it. */
export const HIT_TOLERANCE_PX = 6;

export abstract class BaseSeriesLayer implements SeriesLayer {
  readonly id: string;
  readonly title: string;
  readonly spec: SeriesSpec;
  readonly table: ColumnTable;
  readonly columns: readonly string[];
  readonly colors: SeriesColors;
  readonly scale: ValueScale;
  readonly paneId: string;
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
    return this.paneId === MAIN_PANE && this.lastValueByDefault && this.spec.table === undefined;
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

  legendValue(index: number, locale: string | undefined): string {
    const i = this.legendRow(index);
    return i < 0 ? '' : formatNumber(this.table.column(this.columns[0])?.[i] ?? NaN, locale);
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

  /** The i-th GPU renderer of this series (made on first use, on the frame's device). */
  protected renderer(i: number, device: GPUDevice, frame: DrawFrame): SeriesRenderer {
    const r = (this.renderers[i] ??= new SeriesRenderer(device));
    r.lodEnabled = frame.levelOfDetail;
    return r;
  }

  abstract drawSeries(ctx: SeriesContext): void;

  destroy(): void {
    for (const r of this.renderers) r.destroy();
    this.renderers = [];
  }

  gpuLost(): void {
    this.renderers = [];
  }
}
