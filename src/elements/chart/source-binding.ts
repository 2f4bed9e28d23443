/**
 * Binding <gpu-chart> to its data source: `chart.dataSource`, else `source="id"` in the chart's
 * root, else a `<gpu-datasource>` child. Hands the engine the source's table (a log10 copy on a
 * log x), shows the source's errors over the last good picture, and tells a view-following
 * (tiled) source where the chart looks.
 */
import type { ChartEngine } from '../../chart/engine.js';
import type { ColumnMap, ColumnTable } from '../../data/table.js';
import { LogXTable } from './log-x-table.js';
import { SourceWatch } from './source-watch.js';

/** How long `source` may name no datasource before the chart says so (late-defined or late-inserted ones bind meanwhile). */
const SOURCE_GRACE_MS = 1000;

/** Anything that holds rows in a ColumnTable: a <gpu-datasource>, or your own element. */
export type ChartDataSource = HTMLElement & { readonly table: ColumnTable };

/** What a chart hands a source that follows its view (tiled-loader.ts: TileViewHandle). */
interface TileView {
  readonly element: HTMLElement;
  deviceColumns(): { from: number; to: number; width: number } | null;
  onViewSet(listener: (() => void) | null): void;
}

/** A source that follows the bound chart's view (tiled mode): told when a chart binds and leaves. */
type ViewFollowingSource = ChartDataSource & {
  attachView?(view: TileView): void;
  detachView?(view: TileView): void;
  /** The series' own rows in [from, to) (a tiled <gpu-datasource>): the tooltip lists a narrow bucket's. */
  bucketRows?(from: number, to: number): Promise<ColumnMap>;
};

function isDataSource(el: Element | null): el is ChartDataSource {
  return !!el && typeof (el as Partial<ChartDataSource>).table?.subscribe === 'function';
}

/** What the binding reads from and tells its chart. */
export interface SourceBindingHost {
  readonly element: HTMLElement;
  engine(): ChartEngine | null;
  /** The chart's `source` id and `dataSource` property. */
  sourceId(): string | undefined;
  sourceElement(): ChartDataSource | null;
  logX(): boolean;
  /** The chart's own last good `data`, drawn while no source is bound. */
  ownData(): Record<string, ArrayLike<number>> | null;
  /** Shows a message over the chart (kind: what clears it), without firing gpu-error. */
  showError(message: string | null, kind: string | null): void;
  /** Reports an error (fires gpu-error). */
  reportError(message: string, kind: string): void;
  /** The kind of the error shown, or null. */
  errorKind(): string | null;
  /** A source is about to be bound (before the engine gets its table): the loading panel follows it. */
  binding(source: ChartDataSource | null): void;
  /** The bound source changed (after the engine got its table): indicators follow it. */
  bound(): void;
  /** The source's rows changed: `columnsChanged` when its column names may have. */
  dataChanged(): void;
}

export class SourceBinding {
  /** The source bound now, or null. */
  source: ChartDataSource | null = null;
  /** A log x source's rows as axis values (log10 x), converted as they change. */
  private logXTable: LogXTable | null = null;
  private readonly watch: SourceWatch;

  constructor(private readonly host: SourceBindingHost) {
    this.watch = new SourceWatch(
      host.element,
      () => this.bind(),
      (id) => {
        if (!host.element.isConnected || this.source || host.sourceId() !== id) return;
        host.reportError(`source="${id}": no <gpu-datasource> with this id in the chart's document or shadow root (the chart binds it when it appears).`, 'source');
      },
      SOURCE_GRACE_MS,
    );
  }

  /** Finds the data source: the property, else `source` by id in this root, else a child. */
  private resolve(): ChartDataSource | null {
    const element = this.host.element;
    const property = this.host.sourceElement();
    if (property) return property;
    const id = this.host.sourceId();
    if (id) {
      const root = element.getRootNode() as Document | ShadowRoot;
      const el = typeof root.getElementById === 'function' ? root.getElementById(id) : null;
      return isDataSource(el) ? el : null;
    }
    const child = element.querySelector(':scope > gpu-datasource');
    return isDataSource(child) ? child : null;
  }

  bind(): void {
    const engine = this.host.engine();
    if (!engine || !this.host.element.isConnected) return;
    const next = this.resolve();
    const id = this.host.sourceId();
    const property = this.host.sourceElement();
    const missing = next === null && !property ? id || null : null;
    this.watch.update(next === null && (!!id || !property), missing);
    if (missing === null && this.host.errorKind() === 'source') this.host.showError(null, null);
    if (next === this.source) return;
    this.unbind();
    this.source = next;
    this.host.binding(next);
    if (next) {
      next.addEventListener('gpu-error', this.onSourceError);
      next.addEventListener('gpu-data', this.onSourceData);
      (next as ViewFollowingSource).attachView?.(this.tileView);
      const bucketRows = (next as ViewFollowingSource).bucketRows;
      engine.bucketRowsSource = bucketRows ? (from, to) => bucketRows.call(next, from, to) : null;
      this.host.showError(null, this.host.errorKind());
      engine.setTable(this.drawnTableOf(next));
    } else {
      const own = this.host.ownData();
      if (own) engine.setColumns(own);
      else engine.setTable(null);
    }
    this.host.bound();
  }

  /** The x scale changed: a bound source's rows go through a log10 copy on a log x (log-x-table.ts), and back. */
  xScaleChanged(): void {
    if (this.source) this.host.engine()?.setTable(this.drawnTableOf(this.source));
  }

  /**
   * What a source that follows the view (a tiled <gpu-datasource>) reads: the chart, its pixel
   * columns, and a listener told synchronously when the view is set (before its frame).
   */
  private readonly tileView: TileView = {
    element: this.host.element,
    deviceColumns: () => this.host.engine()?.deviceColumns() ?? null,
    onViewSet: (listener) => {
      const engine = this.host.engine();
      if (engine) engine.viewSetListener = listener;
    },
  };

  /** The table the engine draws for a bound source: its own, or on a log x its log10 copy. */
  private drawnTableOf(source: ChartDataSource): ColumnTable {
    this.logXTable?.dispose();
    this.logXTable = null;
    if (!this.host.logX()) return source.table;
    this.logXTable = new LogXTable(source.table, (message) => this.host.reportError(message, 'data'));
    return this.logXTable.table;
  }

  unbind(): void {
    this.logXTable?.dispose();
    this.logXTable = null;
    const s = this.source;
    if (!s) return;
    s.removeEventListener('gpu-error', this.onSourceError);
    s.removeEventListener('gpu-data', this.onSourceData);
    (s as ViewFollowingSource).detachView?.(this.tileView);
    const engine = this.host.engine();
    if (engine) engine.bucketRowsSource = null;
    this.source = null;
  }

  /** Disconnected: unbinds and stops waiting for a source. */
  stop(): void {
    this.unbind();
    this.watch.stop();
  }

  private onSourceError = (e: Event): void => {
    // The datasource keeps its last good rows; say what went wrong over the chart.
    const detail = (e as CustomEvent<{ message: string }>).detail;
    this.host.showError(detail?.message ?? 'The data source reported an error', 'datasource');
  };

  private onSourceData = (e: Event): void => {
    const reason = (e as CustomEvent<{ reason: string }>).detail?.reason;
    if (reason === 'load' || reason === 'clear') this.host.showError(null, null);
    this.host.dataChanged();
  };
}
