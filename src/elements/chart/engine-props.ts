/**
 * Pushing <gpu-chart>'s properties to the engine: the changed ones after each update (all of
 * them once the engine exists), the series list (the default series, `series`, and the
 * `<gpu-indicator>` children's), and the indicators themselves as children come and go.
 */
import type { PropertyValues } from 'lit';
import type { ChartEngine, PaneOptions, SeriesSpec } from '../../chart/engine.js';
import type { InteractionController, InteractionOptions } from '../../chart/interaction/index.js';
import { customSeriesDefinition } from '../../chart/plugins/define-series.js';
import { defaultSeries } from '../../chart/series/spec.js';
import type { GpuIndicator } from '../indicator/gpu-indicator.js';
import type { ChartAnnotations } from './annotations.js';
import type { DrawingTools } from './drawing-tools.js';
import type { GpuChart } from './gpu-chart.js';
import { LEGEND_ONE_LINE_ROOM } from './legend-view.js';
import { xScaleProblem } from './numeric-x.js';
import type { SizeWatch } from './size-watch.js';
import type { SourceBinding } from './source-binding.js';
import { readCssTheme } from './theme-css.js';
import type { ThreeView } from './three-view.js';

/** The chart's parts and checked inputs the push reads besides its public properties. */
export interface EnginePropsHost {
  readonly chart: GpuChart;
  readonly sourceBinding: SourceBinding;
  readonly size: SizeWatch;
  readonly drawingTools: DrawingTools;
  readonly three: ThreeView;
  engine(): ChartEngine | null;
  annotations(): ChartAnnotations | null;
  interaction(): InteractionController | null;
  interactionOptions(): Partial<InteractionOptions>;
  /** The last `data` that passed the checks, whether the latest did, and whether it keeps its order. */
  goodData(): Record<string, ArrayLike<number>> | null;
  dataAccepted(): boolean;
  dataOrder(): boolean;
  /** The last `type` that names a series type. */
  goodType(): string | undefined;
  numericX(): 'linear' | 'log' | null;
  applyTelemetry(): void;
  reportError(message: string): void;
  /** Something the chart's config holds changed. */
  noteChange(): void;
}

export class EngineProps {
  /** The column names the series were built for: new ones build them again. */
  private columnsKey = '';
  private indicators: GpuIndicator[] = [];
  private childWatcher: MutationObserver | null = null;

  constructor(private readonly host: EnginePropsHost) {}

  /** The drawn table's rows changed: the series follow when its column names did. */
  dataChanged(): void {
    const names = this.host.engine()?.dataTable?.columnNames.join(',') ?? '';
    if (names !== this.columnsKey) this.pushSeries();
  }

  /** Sends changed properties to the engine. */
  push(changed?: PropertyValues<GpuChart>): void {
    const c = this.host.chart;
    const e = this.host.engine()!;
    const has = (k: keyof GpuChart) => !changed || changed.has(k);
    // A later theme change is read in updated(): its CSS follows the reflected attribute.
    if (!changed) e.setTheme(readCssTheme(c));
    // Before the legend is laid out, panes keep one line for it (what it will measure, mostly).
    if (has('legend')) e.legend.defaultRoom = c.legend === 'off' ? 0 : LEGEND_ONE_LINE_ROOM;
    if (has('timeZone') || has('locale')) {
      e.scene.timeZone = c.timeZone || undefined;
      e.scene.locale = c.locale || undefined;
      e.requestRender();
    }
    if (has('valueScale')) e.setValueScaleMode(c.valueScale);
    if (has('valueAxis')) {
      e.scene.valueAxis = c.valueAxis;
      e.requestRender();
    }
    if (has('xScale')) {
      const problem = xScaleProblem(c.xScale);
      if (problem) this.host.reportError(problem);
      else e.setXScale(c.xScale ?? 'time');
      this.host.sourceBinding.xScaleChanged();
    }
    if (has('timeScale')) e.setTimeScaleMode(c.timeScale === 'category' ? 'category' : 'time');
    if (has('pixelRatio')) this.host.size.measure();
    if (has('source') || has('dataSource')) this.host.sourceBinding.bind();
    // `data` was checked in willUpdate: a bad one leaves the last good rows drawn.
    if (has('capacity')) e.setOwnCapacity(Number.isFinite(c.capacity) && c.capacity! >= 0 ? c.capacity! : Infinity);
    if ((has('data') || has('xScale') || (this.host.numericX() && has('series'))) && !this.host.sourceBinding.source && this.host.dataAccepted()) e.setColumns(this.host.goodData(), this.host.dataOrder());
    if (has('data')) for (const ind of this.indicators) ind.attach(e.dataTable, () => this.pushSeries());
    if (has('rightOffset')) {
      const bars = Number(c.rightOffset ?? 0);
      if (Number.isFinite(bars) && bars >= 0 && bars <= 1e6) e.setRightOffset(bars);
      else this.host.reportError(`right-offset must be a number of bars from 0 (got ${JSON.stringify(String(c.rightOffset)).slice(0, 40)}); the offset is unchanged`);
    }
    if (has('hiddenSeries')) e.setHiddenSeries(new Set(Array.isArray(c.hiddenSeries) ? c.hiddenSeries.map(String) : []));
    if (has('primitives')) e.setPrimitives(Array.isArray(c.primitives) ? c.primitives : []);
    const a = this.host.annotations()!;
    if (has('markers')) a.setMarkers(c.markers);
    if (has('priceLines')) a.setPriceLines(c.priceLines);
    if (has('timeRanges')) a.setTimeRanges(c.timeRanges);
    if (has('timeMarkers')) a.setTimeMarkers(c.timeMarkers);
    if (has('sync')) a.setSync(c.sync || null, c.isConnected);
    if (has('series') || has('data') || has('type') || has('source') || has('dataSource') || has('panes')) this.pushSeries();
    const interactive = ['crosshair', 'tooltip', 'kinetic', 'sync', 'label', 'a11yTable', 'locale', 'timeZone', 'xScale'] as const;
    if (interactive.some((k) => has(k))) this.host.interaction()?.setOptions(this.host.interactionOptions());
    if (has('drawingMagnet')) this.host.drawingTools.magnet = c.drawingMagnet;
    if (has('telemetry')) this.host.applyTelemetry();
    if (has('sync')) this.host.three.setSync(c.sync || null);
    if (has('projection')) this.host.three.setProjection(c.projection === 'orthographic' ? 'orthographic' : 'perspective');
    if (has('axisTitles') && Array.isArray(c.axisTitles)) this.host.three.setAxisTitles([0, 1, 2].map((i) => String(c.axisTitles![i] ?? '')) as [string, string, string]);
  }

  /** The default series (from `type` and the data's columns) plus the `series` property. */
  pushSeries(): void {
    const c = this.host.chart;
    const e = this.host.engine();
    if (!e) return;
    const table = e.dataTable;
    const names = table ? table.columnNames : [];
    this.columnsKey = names.join(',');
    const has = (column: string) => names.includes(column);
    const type = this.host.goodType();
    const custom = type !== undefined && customSeriesDefinition(type) !== undefined;
    const base = type === 'none' || (!table && !this.host.goodData()) ? [] : custom ? [{ type: type! }] : defaultSeries(type, has);
    const fromIndicators = this.indicators.flatMap((ind) => ind.seriesSpecs());
    // 3D series make a 3D scene (three-view.ts); the 2D series are then not drawn.
    this.host.three.update(c.series);
    const flat = this.host.three.isActive ? [] : ((c.series ?? []) as SeriesSpec[]);
    e.setSeries(this.host.three.isActive ? [] : [...base, ...flat, ...fromIndicators]);
    this.host.interaction()?.dataChanged(); // series names feed the accessible name
    const panes = [...(c.panes ?? []), ...this.indicators.map((ind) => ind.paneOptions()).filter((p): p is PaneOptions => p !== null)];
    e.setPanes(panes);
  }

  /** Keeps the list of <gpu-indicator> children current, in any upgrade order. */
  watchChildren(): void {
    const c = this.host.chart;
    if (!this.childWatcher) {
      this.childWatcher = new MutationObserver(() => this.syncIndicators());
      this.childWatcher.observe(c, { childList: true });
      void customElements.whenDefined('gpu-indicator').then(() => this.syncIndicators());
    }
    this.syncIndicators();
  }

  /** Attaches the <gpu-indicator> children to the drawn table (and detaches the ones gone). */
  syncIndicators(): void {
    const c = this.host.chart;
    const found = Array.from(c.querySelectorAll(':scope > gpu-indicator')).filter(
      (el): el is GpuIndicator => typeof (el as Partial<GpuIndicator>).attach === 'function',
    );
    for (const old of this.indicators) if (!found.includes(old)) old.detach();
    this.indicators = found;
    const table = this.host.engine()?.dataTable ?? null;
    for (const ind of found) ind.attach(table, () => this.pushSeries());
    this.pushSeries();
    this.host.noteChange();
  }

  /** Disconnected: stops watching the children and detaches the indicators. */
  stop(): void {
    this.childWatcher?.disconnect();
    this.childWatcher = null;
    for (const ind of this.indicators) ind.detach();
    this.indicators = [];
  }
}
