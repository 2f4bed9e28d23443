/**
 * `chart.appendColumns(...)`: many rows at once as columns into what the chart draws — the bound
 * datasource's table, else the chart's own rows (those of `data`, FIFO with `capacity`). Blocks
 * given before the chart has started wait for its first update. A bad block fires `gpu-error`
 * and changes nothing. `chart.appendHeatmapColumns(...)`: columns into a live heatmap, waiting
 * (in order) for the chart and the heatmap chunk.
 */
import type { ChartEngine } from '../../chart/engine.js';
import type { HeatmapColumns } from '../../chart/heatmap/live-grid.js';
import { appendColumnsTo, checkAppendColumns, type AppendColumns } from '../../data/column-append.js';
import type { AppendResult, ColumnTable } from '../../data/table.js';

export interface AppendHost {
  engine(): ChartEngine | null;
  /** The bound datasource's table, if any. */
  sourceTable(): ColumnTable | null;
  /** Whether the chart's series draw rows in the order given (inputs.ts drawsInDataOrder). */
  dataOrder(): boolean;
  error(message: string, cause?: unknown): void;
  /** The drawn table's columns changed (first rows, a new column): the default series follow. */
  columnsChanged(): void;
  /** The element's `updateComplete` (the chart and its series chunks are there). */
  updateComplete(): Promise<unknown>;
}

const WHO = 'appendColumns()';

export class ChartAppends {
  private pending: Array<Record<string, ArrayLike<number>>> = [];
  private heatmapAppends: Promise<unknown> | null = null;

  constructor(private readonly host: AppendHost) {}

  append(columns: AppendColumns): AppendResult | null {
    let checked: Record<string, ArrayLike<number>>;
    try {
      checked = checkAppendColumns(columns, WHO);
    } catch (err) {
      this.host.error((err as Error).message, err);
      return null;
    }
    if (!this.host.engine()) {
      this.pending.push(checked);
      return null;
    }
    return this.write(checked);
  }

  /** Writes the blocks given before the engine existed (after `data` was pushed). */
  flush(): void {
    const blocks = this.pending;
    this.pending = [];
    for (const block of blocks) this.write(block);
  }

  private write(columns: Record<string, ArrayLike<number>>): AppendResult {
    const engine = this.host.engine()!;
    const source = this.host.sourceTable();
    const table = source ?? engine.ownData();
    // The chart's own rows, first block: kept in the order given when its series draw that way.
    if (!source && table.length === 0) table.dataOrder = this.host.dataOrder();
    const namesBefore = table.columnNames.join(',');
    const { result, problems } = appendColumnsTo(table, columns, WHO);
    for (const message of problems) this.host.error(message);
    if (!source) engine.showOwnData();
    if (table.columnNames.join(',') !== namesBefore) this.host.columnsChanged();
    return result;
  }

  /**
   * New columns into a live heatmap (ChartEngine.appendHeatmapColumns); bad input fires
   * `gpu-error` and the heatmap stays.
   */
  appendHeatmap(series: string | number, columns: HeatmapColumns): void {
    const write = () => {
      try {
        const engine = this.host.engine();
        if (!engine) throw new Error('appendHeatmapColumns(): the chart is not connected');
        engine.appendHeatmapColumns(series, columns);
      } catch (err) {
        this.host.error((err as Error).message, err);
      }
    };
    // before the chart or the heatmap chunk is there, the columns wait (in order) for it
    const engine = this.host.engine();
    if (!this.heatmapAppends && engine && !engine.seriesPending) return write();
    const queue = (this.heatmapAppends ?? this.host.updateComplete()).then(write);
    this.heatmapAppends = queue;
    void queue.then(() => {
      if (this.heatmapAppends === queue) this.heatmapAppends = null;
    });
  }
}
