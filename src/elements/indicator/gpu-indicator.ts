/**
 * <gpu-indicator>: a technical indicator drawn by the <gpu-chart> it sits in. It reads the
 * chart's rows, computes with the live form of the indicator (only new rows on append, the last
 * one again on an update) and keeps its outputs in a ColumnTable of its own that the chart draws
 * like any other data. The indicator math is loaded on first use (a separate chunk), so pages
 * without indicators do not download it.
 *
 * @event gpu-indicator - after each computation: { type, length, changedFrom }
 * @event gpu-error - unknown type or bad parameters (phase 'indicator')
 */
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { ColumnTable, type TableChange } from '../../data/table.js';
import type { SeriesSpec } from '../../chart/series/spec.js';
import type { PaneOptions } from '../../chart/engine.js';
import type { IndicatorOutput, IndicatorParams, IndicatorSpec, LiveIndicator } from '../../indicators/index.js';
import { fire } from '../events.js';
import { DerivedColumns, indicatorTitle, outputTitle } from './presentation.js';

type IndicatorModule = typeof import('../../indicators/index.js');
let indicatorModule: Promise<IndicatorModule> | null = null;
/** The indicator math, loaded once, on first use. */
function loadIndicators(): Promise<IndicatorModule> {
  return (indicatorModule ??= import('../../indicators/index.js'));
}

/** Attributes that are not indicator parameters. */
const RESERVED = new Set(['type', 'source', 'pane', 'color', 'colors', 'label', 'line-style', 'id', 'class', 'style', 'slot', 'hidden', 'title', 'lang', 'dir']);

let nextPaneId = 1;

/** `object[name] = value` as an own property whatever the name (`__proto__` included). */
function ownProperty<T>(object: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true });
}

export class GpuIndicator extends LitElement {
  /** Indicator type, e.g. `sma`, `bollinger`, `rsi`, `macd` (see the README for all). */
  @property() type = 'sma';
  /** Input column for single-input indicators (default `close`). */
  @property() source: string | undefined;
  /** `main` (over the price) or `own` (a pane below); by default what is customary. */
  @property() pane: 'main' | 'own' | undefined;
  /** Colour of the first output; `colors` (comma-separated) gives one per output. */
  @property() color: string | undefined;
  @property() colors: string | undefined;
  /** Legend text instead of the generated one. */
  @property() label: string | undefined;
  /** `solid` (default), `dashed` or `dotted` lines (and band edges). */
  @property({ attribute: 'line-style' }) lineStyle: SeriesSpec['lineStyle'];

  /** The outputs as columns aligned with the chart's rows (NaN where undefined). */
  get values(): IndicatorOutput {
    return this.live ? { ...this.live.outputs } : {};
  }

  /** Names of the outputs, in order. */
  get outputs(): string[] {
    return this.spec?.outputs ?? [];
  }

  /** The outputs as a table the chart draws (time plus one column per output). */
  readonly table = new ColumnTable();

  /** Resolves after the next computation (or immediately when nothing is pending). */
  get computed(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  private spec: IndicatorSpec | null = null;
  private live: LiveIndicator | null = null;
  private params: IndicatorParams = {};
  private input: ColumnTable | null = null;
  private unsubscribe: (() => void) | null = null;
  private onLayout: (() => void) | null = null;
  private pending: Promise<void> | null = null;
  private paneId = `indicator-${nextPaneId++}`;
  /** The id of this indicator's legend entry (what `chart.hiddenSeries` names to hide it). */
  readonly legendId = `indicator-${nextPaneId++}`;
  private readonly derived = new DerivedColumns();
  private attributeWatcher: MutationObserver | null = null;
  private error: string | null = null;
  /** The last error fired, so a failure repeated on every row is fired once. */
  private lastReported: string | null = null;

  protected override createRenderRoot(): HTMLElement {
    return this; // nothing to render: the chart draws the outputs
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.style.display = 'none';
    // Parameters are free-form attributes (period, fast, k-period, …): watch them all.
    this.attributeWatcher = new MutationObserver(() => this.configure());
    this.attributeWatcher.observe(this, { attributes: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.attributeWatcher?.disconnect();
    this.attributeWatcher = null;
  }

  /** Called by the chart: compute from `table`, and call `layoutChanged` when series change. */
  attach(table: ColumnTable | null, layoutChanged: () => void): void {
    this.onLayout = layoutChanged;
    if (table === this.input) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.input = table;
    if (table) this.unsubscribe = table.subscribe((c) => this.onInput(c));
    this.configure();
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.input = null;
    this.onLayout = null;
  }

  /** Re-reads type and parameters, recomputes everything. */
  private configure(): void {
    this.pending = this.recompute().finally(() => (this.pending = null));
  }

  private async recompute(): Promise<void> {
    const mod = await loadIndicators();
    // Own entries only (INDICATORS has no prototype): type="constructor" is unknown, not Object.
    const spec = Object.prototype.hasOwnProperty.call(mod.INDICATORS, this.type) ? mod.INDICATORS[this.type] : undefined;
    this.error = null;
    if (!spec) {
      this.reportError(`Unknown indicator type "${this.type}". Known types: ${mod.indicatorTypes().join(', ')}.`);
      return;
    }
    let params: IndicatorParams;
    let live: LiveIndicator;
    try {
      const given = this.readParams();
      // A line chart's data has `value`, not `close`: single-input indicators read it then.
      if (given.source === undefined && Object.prototype.hasOwnProperty.call(spec.defaults, 'source') && this.input && !this.input.has('close') && this.input.has('value')) given.source = 'value';
      params = mod.resolveParams(this.type, given);
      live = mod.createLiveIndicator(this.type, params);
    } catch (err) {
      this.reportError((err as Error).message, err);
      return;
    }
    const layoutChanged = spec !== this.spec || JSON.stringify(params) !== JSON.stringify(this.params);
    this.spec = spec;
    this.params = params;
    this.live = live;
    const n = this.input?.length ?? 0;
    if (this.input && n > 0) {
      try {
        live.reset(this.inputs());
      } catch (err) {
        this.reportError((err as Error).message, err);
        return;
      }
    }
    this.lastReported = null;
    this.publish(0, n);
    if (layoutChanged) this.onLayout?.();
  }

  private onInput(change: TableChange): void {
    if (this.pending) {
      // A full computation is on its way; let it finish and then catch up.
      void this.pending.then(() => this.configure());
      return;
    }
    const live = this.live;
    if (!live || !this.input) return;
    const inputs = this.inputs();
    let from: number;
    try {
      if (change.reason === 'load' || change.reason === 'clear' || change.dropped > 0 || change.changedFrom < live.length - 1) {
        // Rows were replaced or dropped: start again (the capacity window moved).
        live.reset(inputs);
        from = 0;
      } else {
        from = live.update(inputs, change.updatedLast || change.changedFrom < live.length);
      }
    } catch (err) {
      this.reportError((err as Error).message, err);
      return;
    }
    this.lastReported = null;
    this.publish(from, change.added);
  }

  private inputs(): Record<string, Float64Array> & { time: Float64Array } {
    const t = this.input!;
    const cols: Record<string, Float64Array> = {};
    for (const name of t.columnNames) ownProperty(cols, name, t.column(name)!);
    return cols as Record<string, Float64Array> & { time: Float64Array };
  }

  private readParams(): IndicatorParams {
    const params: IndicatorParams = {};
    for (const attr of Array.from(this.attributes)) {
      if (RESERVED.has(attr.name) || attr.name.startsWith('aria-') || attr.name.startsWith('data-')) continue;
      const key = attr.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const num = Number(attr.value);
      // An attribute named __proto__ must reach resolveParams (which names it as unknown), not set the prototype.
      ownProperty(params, key, attr.value.trim() !== '' && Number.isFinite(num) ? num : attr.value);
    }
    if (this.source) params.source = this.source;
    return params;
  }

  /** Hands the outputs to the table the chart draws; only rows from `from` are new. */
  private publish(from: number, added: number): void {
    const live = this.live;
    const input = this.input;
    if (!live || !input) return;
    const spec = this.spec!;
    const drawn = this.derived.build(spec, this.params, live.outputs, input, live.length, from);
    this.table.adoptTail(drawn.columns, drawn.changedFrom, added);
    fire(this, 'gpu-indicator', { type: this.type, length: live.length, changedFrom: from });
  }

  private reportError(message: string, cause?: unknown): void {
    // The same failure on every streamed row is one error, not one per row.
    const repeated = message === this.lastReported;
    this.error = message;
    this.lastReported = message;
    if (!repeated) fire(this, 'gpu-error', { phase: 'indicator', message, cause });
  }

  /** The series the chart draws for this indicator: one legend entry, its outputs by short name. */
  seriesSpecs(): SeriesSpec[] {
    const spec = this.spec;
    if (!spec || this.error) return [];
    const pane = this.paneFor(spec);
    const palette = (this.colors ?? '').split(',').map((c) => c.trim()).filter(Boolean);
    const colorOf = (i: number) => palette[i] ?? (i === 0 ? this.color : undefined);
    const label = this.label ?? indicatorTitle(spec.type, this.params);
    const out: SeriesSpec[] = [];
    const styles = spec.styles ?? {};
    const aux = new Set(spec.auxiliary ?? []);
    const outputs = spec.outputs.filter((o) => !aux.has(o));
    const styleOf = (o: string) => styles[o] ?? 'line';
    const bandUpper = outputs.find((o) => styleOf(o) === 'band-upper');
    const bandLower = outputs.find((o) => styleOf(o) === 'band-lower');
    const cloudA = outputs.find((o) => styleOf(o) === 'cloud-a');
    const cloudB = outputs.find((o) => styleOf(o) === 'cloud-b');
    const legendGroup = { id: this.legendId, title: label };
    const common = { table: this.table, pane, lastValue: false, lineStyle: this.lineStyle, legendGroup } as const;
    const named = (name: string) => ({ title: `${label} ${name}`, legendName: name });
    if (bandUpper && bandLower) {
      out.push({ ...common, type: 'band', upper: bandUpper, lower: bandLower, color: colorOf(0), width: 1, ...named(`${outputTitle(bandUpper)}/${outputTitle(bandLower)}`) });
    }
    if (cloudA && cloudB) {
      // Green where span A is above, red where B is: two bands over the split columns.
      const up = colorOf(outputs.indexOf(cloudA)) ?? 'rgba(38, 166, 154, 1)';
      const down = colorOf(outputs.indexOf(cloudB)) ?? 'rgba(239, 83, 80, 1)';
      out.push({ ...common, type: 'band', upper: 'cloudUpA', lower: 'cloudUpB', color: up, width: 1, title: `${label} Cloud up`, legendName: 'Cloud' });
      out.push({ ...common, type: 'band', upper: 'cloudDownA', lower: 'cloudDownB', color: down, width: 1, title: `${label} Cloud down`, legendName: 'Cloud' });
    }
    outputs.forEach((o, i) => {
      const style = styleOf(o);
      const name = outputs.length === 1 ? { title: label, legendName: label } : named(outputTitle(o));
      if (style === 'band-upper' || style === 'band-lower' || style === 'cloud-a' || style === 'cloud-b') return;
      if (style === 'dots') out.push({ ...common, type: 'scatter', value: o, marker: 'circle', size: 3, color: colorOf(i), ...name });
      else if (style === 'histogram') out.push({ ...common, type: 'histogram', value: o, colorBy: 'sign', ...name, ...(colorOf(i) ? { upColor: colorOf(i), downColor: colorOf(i) } : {}) });
      else if (style === 'volume') {
        const byCandle = !!this.input?.has('open') && !!this.input?.has('close');
        out.push({ ...common, type: 'histogram', value: o, colorBy: byCandle ? 'direction' : 'none', ...name, ...(colorOf(i) ? { upColor: colorOf(i), downColor: colorOf(i), color: colorOf(i) } : {}) });
      } else if (style === 'trend') {
        // Up and down parts of one line: each ends where the direction flips.
        const up = colorOf(i) ?? 'rgba(38, 166, 154, 1)';
        const down = palette[i + 1] ?? 'rgba(239, 83, 80, 1)';
        // One legend part (both colours): the parts share their legend name.
        out.push({ ...common, type: 'line', value: `${o}Up`, width: 1.5, color: up, title: `${name.title} up`, legendName: name.legendName });
        out.push({ ...common, type: 'line', value: `${o}Down`, width: 1.5, color: down, title: `${name.title} down`, legendName: name.legendName });
      } else out.push({ ...common, type: 'line', value: o, width: 1.5, color: colorOf(i), ...name });
    });
    return out;
  }

  /** Guide lines and a fixed range for the indicator's own pane. */
  paneOptions(): PaneOptions | null {
    const spec = this.spec;
    if (!spec || this.paneFor(spec) === 'main') return null;
    return { id: this.paneId, height: 1, range: spec.range, guides: spec.guides };
  }

  private paneFor(spec: IndicatorSpec): string {
    const placement = this.pane ?? (spec.placement === 'overlay' ? 'main' : 'own');
    return placement === 'main' ? 'main' : this.paneId;
  }

}
