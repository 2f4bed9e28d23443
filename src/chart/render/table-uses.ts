/**
 * The tables a chart draws from: one subscription and one shared GPU copy (TableGpu) per table,
 * the columns its layers read, and each frame's visible rows as backing-array indices.
 */
import type { ColumnTable } from '../../data/table.js';
import { releaseTableGpu, retainTableGpu, type TableGpu } from '../gpu-columns.js';
import type { XMapping } from '../x-mapping.js';
import type { DrawRange } from '../series/renderer.js';

export interface TableUse {
  tg: TableGpu | null;
  columns: Set<string>;
  unsubscribe: () => void;
  /** Visible rows of the last frame, as backing indices (one beyond each edge). */
  first: number;
  last: number;
}

export class TableUses {
  private uses = new Map<ColumnTable, TableUse>();

  constructor(private readonly onChange: () => void) {}

  get(table: ColumnTable): TableUse | undefined {
    return this.uses.get(table);
  }

  values(): IterableIterator<TableUse> {
    return this.uses.values();
  }

  /**
   * Keeps exactly the tables in `wanted` (with the columns read from each): new ones are
   * subscribed and get a GPU copy when a device is there, gone ones are released.
   */
  update(wanted: Map<ColumnTable, Set<string>>, device: GPUDevice | null): void {
    for (const [table, use] of this.uses) {
      if (wanted.has(table)) continue;
      use.unsubscribe();
      if (use.tg && device) releaseTableGpu(device, use.tg);
      this.uses.delete(table);
    }
    for (const [table, columns] of wanted) {
      let use = this.uses.get(table);
      if (!use) {
        use = { tg: device ? retainTableGpu(device, table) : null, columns, unsubscribe: table.subscribe(() => this.onChange()), first: 0, last: -1 };
        this.uses.set(table, use);
      }
      use.columns = columns;
    }
  }

  /** A new device: every table gets its GPU copy there. */
  attach(device: GPUDevice): void {
    for (const [table, use] of this.uses) use.tg = retainTableGpu(device, table);
  }

  /** Releases the GPU copies (the chart stops); `lost`: the device is gone, forget them. */
  detach(device: GPUDevice | null, lost = false): void {
    for (const use of this.uses.values()) {
      if (use.tg && device && !lost) releaseTableGpu(device, use.tg);
      use.tg = null;
    }
  }

  /** Uploads what changed, and finds each table's visible rows by binary search. */
  syncFrame(x: XMapping): void {
    for (const [table, use] of this.uses) {
      if (use.tg) use.tg.sync([...use.columns].filter((c) => table.has(c)));
      // Visible rows as indices into the backing arrays (the GPU copy's layout). Rows kept in
      // data order are all drawn (the scissor clips them): their times are not sorted.
      [use.first, use.last] = table.dataOrder ? [0, table.length - 1] : x.visibleRows(table.time);
      use.first += table.offset;
      use.last += table.offset;
    }
  }

  /** The rows of `table` a draw reads this frame, or null when none are visible or not on the GPU. */
  range(table: ColumnTable): DrawRange | null {
    const use = this.uses.get(table);
    if (!use?.tg || use.last < use.first) return null;
    return { tableGpu: use.tg, first: use.first, last: use.last, offset: table.offset };
  }
}
