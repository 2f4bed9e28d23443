/**
 * A heatmap bound to the chart's rows (`cells`: a `<gpu-datasource>`'s table or the chart's own
 * data), in the wide form: each row of the table is one column of cells at the row's x, and each
 * named value column is one row of cells (row 0, the first name, at the bottom). A spectrogram
 * whose rows are `{ time, f0, f1, … }` or an order book's depth per price level over time.
 *
 * Cells are centred on their row's x: a column's edges lie halfway to the rows beside it (the
 * first and last extend half a step outward), so the crosshair, which snaps to the rows, sits on
 * the cell's middle. Pure TypeScript: the layer asks `gridOf` for the whole matrix, and for rows
 * appended after the last one (a streamed spectrogram with `capacity`) `appendedColumns` gives
 * just the new columns, which the live window slides in.
 */
import type { ColumnTable, TableChange } from '../../data/table.js';
import type { XMapping } from '../x-mapping.js';
import { checkGrid, type HeatmapGrid } from './grid.js';
import type { HeatmapColumns } from './live-grid.js';

export interface HeatmapCellColumns {
  /** One table column per row of cells, the bottom row first. */
  values: readonly string[];
  /** y of the bottom edge of row 0 and the row height (default 0 and 1)… */
  y0?: number;
  dy?: number;
  /** …or the rows' edges, values.length + 1, increasing. */
  yEdges?: ArrayLike<number>;
}

/** Checks the binding's shape (the columns themselves are checked against the rows when they come); throws naming `field`. */
export function checkCellColumns(cells: unknown, field: string): void {
  const c = cells as HeatmapCellColumns;
  if (!c || typeof c !== 'object') throw new Error(`${field} must be an object { values: [column names], y0, dy } or { values, yEdges }`);
  if (!Array.isArray(c.values) || c.values.length === 0) throw new Error(`${field}.values must be a non-empty array of column names (one per row of cells, the bottom row first)`);
  c.values.forEach((name, i) => {
    if (typeof name !== 'string' || name === '') throw new Error(`${field}.values[${i}] is ${JSON.stringify(String(name)).slice(0, 40)}: it must be a column name`);
  });
}

/** The y side of the grid (edges or origin and step), as checkGrid reads it. */
function ySide(c: HeatmapCellColumns): Pick<HeatmapGrid, 'y0' | 'dy' | 'yEdges' | 'rows'> {
  return c.yEdges !== undefined ? { yEdges: c.yEdges, rows: c.values.length } : { y0: c.y0 ?? 0, dy: c.dy ?? 1, rows: c.values.length };
}

/** The named columns of the table, or an Error naming the first one it lacks. */
function valueColumns(table: ColumnTable, c: HeatmapCellColumns, field: string): Float64Array[] {
  return c.values.map((name, i) => {
    const column = table.column(name);
    if (!column) {
      const have = table.columnNames.filter((n) => n !== 'time').slice(0, 12).join(', ');
      throw new Error(`${field}.values[${i}] names the column "${name.slice(0, 60)}", which the rows do not have (columns: ${have || 'none'})`);
    }
    return column;
  });
}

/** Left edge (data x) of the cell column of row i, from the rows' axis values `t`. */
function leftEdge(t: Float64Array, i: number, x: XMapping): number {
  const n = t.length;
  if (n === 1) return x.dataOf(t[0] - 0.5);
  const axis = i === 0 ? t[0] - (t[1] - t[0]) / 2 : (t[i - 1] + t[i]) / 2;
  return x.dataOf(axis);
}

export class BoundCells {
  /** Rows of the table (counted from its first row ever: offset + length) the layer holds. */
  private taken = 0;

  constructor(
    private readonly table: ColumnTable,
    readonly cells: HeatmapCellColumns,
    private readonly field: string,
    private readonly x: XMapping,
  ) {}

  get hasRows(): boolean {
    return this.table.length > 0;
  }

  /**
   * The whole matrix: one column of cells per row, centred on its x (axis values through the x
   * mapping, so a log x works); throws naming the column the rows lack.
   */
  gridOf(): HeatmapGrid {
    const t = this.table.time;
    const n = t.length;
    const columns = valueColumns(this.table, this.cells, this.field);
    const rows = columns.length;
    const values = new Float32Array(n * rows);
    for (let r = 0; r < rows; r++) {
      const col = columns[r];
      const base = r * n;
      for (let i = 0; i < n; i++) values[base + i] = col[i];
    }
    const xEdges = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) xEdges[i] = leftEdge(t, i, this.x);
    xEdges[n] = n === 1 ? this.x.dataOf(t[0] + 0.5) : this.x.dataOf(t[n - 1] + (t[n - 1] - t[n - 2]) / 2);
    this.taken = this.table.offset + n;
    return { ...ySide(this.cells), columns: n, xEdges, values };
  }

  /**
   * For a change that only added rows after the ones taken: the new columns (column after
   * column, row 0 first) and their left edges; null when the matrix must be taken again (a load,
   * a row merged or replaced in place, a first row).
   */
  appendedColumns(change: TableChange): HeatmapColumns | null {
    const t = this.table.time;
    const n = t.length;
    const firstNew = this.taken - this.table.offset;
    if (change.reason !== 'append' || change.updatedLast || firstNew < 2 || change.changedFrom !== firstNew || firstNew >= n) return null;
    const columns = valueColumns(this.table, this.cells, this.field);
    const rows = columns.length;
    const k = n - firstNew;
    const values = new Float32Array(k * rows);
    const time = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      const i = firstNew + j;
      time[j] = leftEdge(t, i, this.x);
      for (let r = 0; r < rows; r++) values[j * rows + r] = columns[r][i];
    }
    this.taken = this.table.offset + n;
    return { values, time };
  }

  subscribe(listener: (change: TableChange) => void): () => void {
    return this.table.subscribe(listener);
  }
}

/**
 * The window of a bound heatmap without a capacity once rows are appended: room for as many
 * columns again (at least 64), so a stream of appends takes the whole matrix again only when the
 * window doubles (amortised O(1) a column), each other append uploads only its own columns.
 */
export function growingCapacity(columns: number): number {
  return Math.max(64, 2 * columns);
}

/** What the binding drives: the heatmap layer. */
export interface BindingTarget {
  /** Whether new rows can slide into a live window (`capacity`, or a growing one). */
  live(): boolean;
  /** Slides columns in; false when there is no room (no window yet, or a growing one full). */
  append(columns: HeatmapColumns): boolean;
  /** The whole matrix again (a load, a merged row, no live window); `forAppend`: because appended rows had no room. */
  take(grid: HeatmapGrid, forAppend: boolean): void;
  report(message: string, cause?: unknown): void;
}

/**
 * Follows the bound rows: rows appended after the last slide into a live window (only the new
 * columns go up), any other change takes the matrix again. A problem (a column the rows lack) is
 * reported once until it changes or goes, and the last good grid stays.
 */
export class CellsBinding {
  private readonly unsubscribe: () => void;
  private error = '';

  constructor(
    private readonly bound: BoundCells,
    private readonly target: BindingTarget,
  ) {
    this.unsubscribe = bound.subscribe((change) => this.rowsChanged(change));
  }

  /** The grid to start from: the rows', or one transparent column before they come (or when they cannot be drawn). */
  firstGrid(): HeatmapGrid {
    return this.grid() ?? this.empty();
  }

  /** No rows (yet, or cleared): one transparent column. */
  private empty(): HeatmapGrid {
    const cells = this.bound.cells;
    const rows = cells.values.length;
    return { ...cells, rows, xEdges: [1, 2], columns: 1, values: new Float32Array(rows).fill(NaN) };
  }

  destroy(): void {
    this.unsubscribe();
  }

  private grid(): HeatmapGrid | null {
    if (!this.bound.hasRows) return null;
    try {
      const grid = this.bound.gridOf();
      checkGrid(grid, 'cells');
      this.error = '';
      return grid;
    } catch (err) {
      this.report(err);
      return null;
    }
  }

  private report(err: unknown): void {
    const message = String((err as Error)?.message ?? err);
    if (message === this.error) return;
    this.error = message;
    this.target.report(`${message}; the last good picture stays`, err);
  }

  private rowsChanged(change: TableChange): void {
    if (!this.bound.hasRows) {
      // the rows were cleared: so are the cells
      this.error = '';
      this.target.take(this.empty(), false);
      return;
    }
    if (this.target.live()) {
      try {
        const columns = this.bound.appendedColumns(change);
        if (columns) {
          if (this.target.append(columns)) {
            this.error = '';
            return;
          }
          const grid = this.grid();
          if (grid) this.target.take(grid, true);
          return;
        }
      } catch (err) {
        this.report(err);
        return;
      }
    }
    const grid = this.grid();
    if (grid) this.target.take(grid, false);
  }
}
