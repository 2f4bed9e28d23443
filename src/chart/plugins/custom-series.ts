/**
 * Custom series written in WGSL (GpuChart.defineSeries). A definition names the columns it
 * reads, its shader, how many quads it draws, and optionally its autoscale extent, legend and
 * tooltip values and hit test. It becomes a series kind like the built-in ones: usable in
 * `series`, in panes, in the legend, tooltip, `gpu-crosshair` and the a11y table. Exceptions in
 * its callbacks and WGSL that does not compile are reported as `gpu-error` (phase `plugin`) and
 * only this series stops drawing. The kind is registered by define-series.ts; this module (the
 * layer) is a lazy chunk that the first definition starts loading.
 */
import type { Rgba } from '../colors.js';
import type { PlotRect } from '../scales.js';
import { columnExtents } from '../series/column-extents.js';
import type { DrawRange } from '../series/renderer.js';
import type { SeriesSpec } from '../series/spec.js';
import { GrowableBuffer } from '../../gpu/buffers.js';
// The pipeline of a custom series (the shared prelude, then its WGSL), made only once its layer is here (define-series.ts).
export { customSeriesFamily } from '../../gpu/families.js';
import type { FamilyNeed } from '../render/gpu-renderer.js';
import type { HitContext, SeriesContext, SeriesHit, SeriesInit } from '../layers/layer.js';
import { BaseSeriesLayer, HIT_TOLERANCE_PX, type SeriesEnv } from '../layers/series/base.js';
import { denseLine, drawInputs } from '../layers/series/lines.js';

/** Data access for a custom series' callbacks (rows are the table's row indices). */
export interface CustomSeriesData {
  readonly spec: SeriesSpec;
  /** The time column (ms since 1970, ascending). */
  readonly time: Float64Array;
  /** A column by its role in the definition (or any column of the table by name). */
  column(roleOrName: string): Float64Array | undefined;
  /** Visible rows, inclusive (one beyond each edge of the view where there is one); last < first when none. */
  readonly first: number;
  readonly last: number;
  /** Min and max of a column over rows [first, last], through the min/max pyramid (O(log N)); null when all are gaps. */
  minMax(roleOrName: string, first: number, last: number): [number, number] | null;
}

/** What a custom series' draw callbacks get: data access plus the pixel mappings of this frame. */
export interface CustomSeriesFrame extends CustomSeriesData {
  /** The pane's plot rectangle, device px. */
  readonly plot: PlotRect;
  readonly pixelRatio: number;
  /** Device-px x of a time, y of a value on the series' scale. */
  timeToX(time: number): number;
  valueToY(value: number): number;
  /** Resolved colours (spec `color`, else the palette; `color2` from spec `downColor`, else `color`). */
  readonly color: Rgba;
  readonly color2: Rgba;
  /**
   * Level of detail: the (top, bottom) device-y range a line through every row of a column
   * covers in each device-pixel column of the plot (out[2i], out[2i + 1]; ≥ 1e38 where it covers
   * nothing), computed from the min/max pyramid; null when there are fewer than 2 rows per px.
   */
  columnSpans(roleOrName: string): Float32Array | null;
}

export interface CustomSeriesDefinition {
  /**
   * WGSL with entry points `vs` (vertex) and `fs` (fragment). It follows a shared prelude that
   * declares `view` (SeriesView: colours, flags, plot edges…), `rowX(row)`, `valueY(v, column)`,
   * `toClip(px)`, `premultiply(color, coverage)`, `GAP` and `OFFSCREEN`. Bindings: 3 + i is
   * column i as `array<f32>` (offsets from `view.origins[i]`; pass them to `valueY`), and
   * 3 + columns is `data: array<f32>`, what `instances` returned. Quad q of instance i is made
   * of vertices 4 * (i * quadsPerInstance + q) + corner (0 top-left, 1 top-right, 2 bottom-right,
   * 3 bottom-left).
   */
  wgsl: string;
  /** Columns it reads: role → default column name (a spec can rebind: `columns: { role: 'name' }`). At most 4. */
  columns: Record<string, string>;
  /** Quads per instance (default 1). */
  quadsPerInstance?: number;
  /**
   * What to draw: `rows` (default) is one instance per visible row, instance i being row
   * `view.firstVertex + i`; a function computes the instance count and optional per-instance
   * data (any layout, read as `data` in the shader) each frame.
   */
  instances?: 'rows' | ((frame: CustomSeriesFrame) => { count: number; data?: Float32Array });
  /** Autoscale extent over the visible rows (default: min/max of every column, via the pyramid). */
  extent?(data: CustomSeriesData): [number, number] | null;
  /** The value at a row for the crosshair, tooltip and a11y table (default: the first column). */
  value?(row: number, data: CustomSeriesData): number;
  /** Legend text at a row (default: the value, formatted). */
  legend?(row: number, data: CustomSeriesData): string;
  /**
   * Distance from a point to what it draws, or null when it is not near; the point and the
   * distance in device px, like the frame's mappings (default: from the value at the nearest row).
   */
  hitTest?(x: number, y: number, frame: CustomSeriesFrame): number | null;
  /** Bars and markers want half a row of room at the ends of the time axis (default false). */
  edgeRoom?: boolean;
  /** Last-value line and tag in the main pane by default (default false). */
  lastValue?: boolean;
}

/** The layer of a custom series (define-series.ts registers the kind; this module is its lazy chunk). */
export function createCustomSeriesLayer(init: SeriesInit, env: SeriesEnv, definition: CustomSeriesDefinition, roles: string[], family: FamilyNeed): BaseSeriesLayer {
  return new CustomSeriesLayer(init, env, definition, roles, family);
}

class CustomSeriesLayer extends BaseSeriesLayer {
  private data: GrowableBuffer | null = null;
  private readonly empty = new Float32Array(4);

  constructor(
    init: SeriesInit,
    env: SeriesEnv,
    private readonly definition: CustomSeriesDefinition,
    private readonly roles: string[],
    family: FamilyNeed,
  ) {
    super(init, env);
    this.family = family;
    this.needsEdgeRoom = definition.edgeRoom === true;
    this.lastValueByDefault = definition.lastValue === true;
    const t = init.table;
    const missing = init.columns.filter((c) => t.columnNames.length > 0 && !t.has(c));
    if (missing.length) throw new Error(`the table has no column ${missing.map((c) => `"${c}"`).join(', ')} (columns: ${t.columnNames.join(', ')})`);
  }

  private columnName(roleOrName: string): string {
    const i = this.roles.indexOf(roleOrName);
    return i >= 0 ? this.columns[i] : roleOrName;
  }

  /** Data access over the table's rows (row = table index). */
  private dataView(): CustomSeriesData {
    const table = this.table;
    const use = this.env.tables.get(table);
    const offset = table.offset;
    const first = use ? Math.max(0, use.first - offset) : 0;
    const last = use ? Math.min(table.length - 1, use.last - offset) : -1;
    return {
      spec: this.spec,
      time: table.time,
      column: (name) => table.column(this.columnName(name)),
      first,
      last,
      minMax: (name, a, b) => {
        const values = table.backingColumn(this.columnName(name));
        const col = use?.tg?.value(this.columnName(name));
        if (!values) return null;
        const lo = Math.max(0, a) + offset;
        const hi = Math.min(table.length - 1, b) + offset;
        if (hi < lo) return null;
        if (col) return col.pyramid.rangeMinMax(values, lo, hi);
        let min = Infinity;
        let max = -Infinity;
        for (let i = lo; i <= hi; i++) {
          const v = values[i];
          if (v < min) min = v;
          if (v > max) max = v;
        }
        return min <= max ? [min, max] : null;
      },
    };
  }

  /** Data access plus the pixel mappings of a plot (draws and hit tests). */
  private pixelView(plot: PlotRect, dpr: number, columnSpans: CustomSeriesFrame['columnSpans']): CustomSeriesFrame {
    const x = this.env.x;
    const scale = this.view;
    return {
      ...this.dataView(),
      plot,
      pixelRatio: dpr,
      timeToX: (t) => x.timeToPx(t, plot),
      valueToY: (v) => scale.toPx(v, plot),
      color: this.colors.color,
      color2: this.colors.color2,
      columnSpans,
    };
  }

  private frameView(ctx: SeriesContext, range: DrawRange): CustomSeriesFrame {
    const { frame } = ctx;
    const plot = frame.plot;
    return this.pixelView(plot, frame.dpr, (name) => {
      const column = this.columnName(name);
      const col = range.tableGpu.value(column);
      const src = col && denseLine(this, this.env, range, frame, col, column, false);
      if (!src) return null;
      const colFrom = Math.max(0, Math.floor(plot.x));
      const cols = Math.max(1, Math.ceil(plot.x + plot.width) - colFrom);
      const out = new Float32Array(cols * 2);
      columnExtents(src, colFrom, cols, out, new Int32Array(cols + 1), new Float64Array(cols + 1));
      return out;
    });
  }

  /** Runs a definition callback; an exception is reported once and gives `fallback`. */
  private guard<T>(what: string, fn: () => T, fallback: T, report?: (message: string, cause?: unknown) => void): T {
    try {
      return fn();
    } catch (err) {
      const message = `The series type "${this.spec.type}" failed in ${what}: ${String((err as Error)?.message ?? err)}`;
      (report ?? this.reportError)(message, err);
      return fallback;
    }
  }

  /** Set by the frame (ctx.pluginError); errors outside a frame go to the console. */
  private reportError: (message: string, cause?: unknown) => void = (message, cause) => console.error(message, cause);

  override extent(): [number, number] | null {
    const ext = this.definition.extent;
    if (!ext) {
      const data = this.dataView();
      if (data.last < data.first) return null;
      let lo = Infinity;
      let hi = -Infinity;
      for (const role of this.roles) {
        const mm = data.minMax(role, data.first, data.last);
        if (mm) [lo, hi] = [Math.min(lo, mm[0]), Math.max(hi, mm[1])];
      }
      return lo <= hi ? [lo, hi] : null;
    }
    const e = this.guard('extent()', () => ext.call(this.definition, this.dataView()), null);
    return e && Number.isFinite(e[0]) && Number.isFinite(e[1]) && e[0] <= e[1] ? [e[0], e[1]] : null;
  }

  override valueAt(index: number): number {
    const value = this.definition.value;
    if (!value) return super.valueAt(index);
    if (index < 0 || index >= this.table.length) return NaN;
    const v = this.guard('value()', () => value.call(this.definition, index, this.dataView()), NaN);
    return typeof v === 'number' ? v : NaN;
  }

  override legendValue(index: number, locale: string | undefined): string {
    const legend = this.definition.legend;
    const i = this.legendRow(index);
    if (i < 0) return '';
    if (!legend) return this.valueFormat.format(this.valueAt(i), locale);
    return String(this.guard('legend()', () => legend.call(this.definition, i, this.dataView()), ''));
  }

  override hitTest(xCss: number, yCss: number, ctx: HitContext): SeriesHit | null {
    const hit = this.definition.hitTest;
    if (!hit) return super.hitTest(xCss, yCss, ctx);
    const frame = this.pixelView(ctx.plot, ctx.dpr, () => null);
    const px = hit.call(this.definition, xCss * ctx.dpr, yCss * ctx.dpr, frame);
    const distance = typeof px === 'number' ? px / ctx.dpr : NaN;
    if (!(distance <= HIT_TOLERANCE_PX)) return null;
    return { distance: Math.max(0, distance), index: ctx.indexAtX(xCss) };
  }

  drawSeries(ctx: SeriesContext): void {
    this.reportError = ctx.pluginError;
    const family = ctx.frame.families[this.family!.key];
    if (!family) return; // its WGSL failed (reported)
    const input = drawInputs(this, ctx);
    if (!input) return;
    const { range, cols } = input;
    const tg = range.tableGpu;
    const last = Math.min(range.last, tg.time.rows - 1);
    const instances = this.definition.instances ?? 'rows';
    let count: number;
    let data: Float32Array = this.empty;
    if (instances === 'rows') count = last - range.first + 1;
    else {
      const made = this.guard('instances()', () => instances.call(this.definition, this.frameView(ctx, range)), null, ctx.pluginError);
      if (!made) return;
      count = Math.floor(Number(made.count));
      if (made.data instanceof Float32Array && made.data.length) data = made.data;
      else if (made.data !== undefined && !(made.data instanceof Float32Array)) {
        ctx.pluginError(`The series type "${this.spec.type}": instances() must return data as a Float32Array`);
        return;
      }
    }
    if (!(count > 0)) return;
    this.data ??= new GrowableBuffer(ctx.device, 'custom series data', GPUBufferUsage.STORAGE, 256);
    this.data.ensure(Math.max(16, data.byteLength));
    this.data.writeRange(data, 0, data.length);
    const r = this.renderer(0, ctx.device, ctx.frame);
    const span = { level: 0, firstVertex: range.first, instances: count, rowFrom: range.first, rowTo: last };
    const c = this.colors;
    r.writeView(ctx.frame, range, this.view, cols, span, { color: c.color, color2: c.color2, halfWidth: ((this.spec.width ?? 2) * ctx.dpr) / 2, barHalfWidth: 0, baseY: 0, flags: 0 });
    r.draw(ctx.frame, family, 'custom', tg, [...cols.map((col) => col.ys.buffer), this.data.buffer], 4 * (this.definition.quadsPerInstance ?? 1), count);
  }

  override destroy(): void {
    super.destroy();
    this.data?.destroy();
    this.data = null;
  }

  override gpuLost(): void {
    super.gpuLost();
    this.data = null;
  }
}
