/**
 * A bound `<gpu-datasource>` on a log x axis (`x-scale="log"`). The engine maps every row through
 * its time column holding *axis* values (log10 x: chart/x-mapping.ts), and the source's table is
 * shared (other charts, indicators) and holds x itself; so the chart draws a table of its own
 * that follows the source: the same columns, time as log10 of the source's x. Rows appended after
 * the last are converted alone (O(new rows)); any other change (a load, rows merged in, a
 * `capacity` window sliding) converts every row again. A row with x ≤ 0 is reported through
 * `report` (naming the row) and the last good rows stay.
 */
import { ColumnTable, type TableChange } from '../../data/table.js';

export class LogXTable {
  readonly table = new ColumnTable();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly source: ColumnTable,
    private readonly report: (message: string) => void,
  ) {
    this.unsubscribe = source.subscribe((change) => this.follow(change));
    this.follow(null);
  }

  private follow(change: TableChange | null): void {
    const own = this.table;
    const appendedOnly = change?.reason === 'append' && change.dropped === 0 && !change.updatedLast && change.changedFrom === own.length && this.source.length === own.length + change.added;
    if (appendedOnly) {
      const tail = this.converted(own.length);
      if (tail) own.appendColumns(tail);
      return;
    }
    const all = this.converted(0);
    // rows in data order (a scatter's source with order="data") stay in that order
    own.dataOrder = this.source.dataOrder;
    if (all) own.replace(all, change?.reason === 'update' ? 'update' : change?.reason === 'clear' ? 'clear' : 'load', true);
  }

  /** The source's rows from `from` on, time as log10 x; null (reported) when one has x ≤ 0. */
  private converted(from: number): Record<string, Float64Array> | null {
    const columns = this.source.columns();
    const x = columns.time.subarray(from);
    const time = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      if (!(x[i] > 0)) {
        this.report(`x-scale="log": the data source's row ${from + i} has x ${x[i]}; a log x axis needs x > 0 (the last good rows stay drawn)`);
        return null;
      }
      time[i] = Math.log10(x[i]);
    }
    const out: Record<string, Float64Array> = {};
    for (const [name, values] of Object.entries(columns)) {
      // defineProperty: a column named __proto__ is a column, not the object's prototype
      if (name !== 'time') Object.defineProperty(out, name, { value: values.slice(from), enumerable: true, writable: true, configurable: true });
    }
    out.time = time;
    return out;
  }

  dispose(): void {
    this.unsubscribe();
  }
}
