/**
 * A bound data source's link to its chart, a lazy chunk (source-binding.ts loads it the first
 * time a chart binds a source, as one of the chart's parts: no frame until the source's table is
 * drawn): the engine draws the source's table (on a log x, its log10 copy: log-x-table.ts), the
 * source's errors show over the last good picture, its data events reach the element, and a
 * source that follows the view (tiled) is told where the chart looks and lends the tooltip its
 * bucket rows.
 */
import type { ChartEngine } from '../../chart/engine.js';
import type { ColumnMap, ColumnTable } from '../../data/table.js';
import { LogXTable } from './log-x-table.js';
import type { ChartDataSource, SourceBindingHost } from './source-binding.js';

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

export class SourceLink {
  /** A log x source's rows as axis values (log10 x), converted as they change. */
  private logXTable: LogXTable | null = null;

  constructor(
    private readonly host: SourceBindingHost,
    readonly source: ChartDataSource,
    engine: ChartEngine,
  ) {
    const s = source as ViewFollowingSource;
    s.addEventListener('gpu-error', this.onSourceError);
    s.addEventListener('gpu-data', this.onSourceData);
    s.attachView?.(this.tileView);
    const bucketRows = s.bucketRows;
    engine.bucketRowsSource = bucketRows ? (from, to) => bucketRows.call(s, from, to) : null;
    host.showError(null, host.errorKind());
    engine.setTable(this.drawnTable());
  }

  /** The x scale changed: the rows go through a log10 copy on a log x, and back. */
  xScaleChanged(): void {
    this.host.engine()?.setTable(this.drawnTable());
  }

  /** The table the engine draws: the source's own, or on a log x its log10 copy. */
  private drawnTable(): ColumnTable {
    this.logXTable?.dispose();
    this.logXTable = null;
    if (!this.host.logX()) return this.source.table;
    this.logXTable = new LogXTable(this.source.table, (message) => this.host.reportError(message, 'data'));
    return this.logXTable.table;
  }

  /** Unbound: the source is left alone again. */
  dispose(): void {
    this.logXTable?.dispose();
    this.logXTable = null;
    const s = this.source as ViewFollowingSource;
    s.removeEventListener('gpu-error', this.onSourceError);
    s.removeEventListener('gpu-data', this.onSourceData);
    s.detachView?.(this.tileView);
    const engine = this.host.engine();
    if (engine) engine.bucketRowsSource = null;
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
