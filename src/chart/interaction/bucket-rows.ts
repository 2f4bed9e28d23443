/**
 * The tooltip's lines for a row drawn from an M4 tile (docs/tiles.md): how many rows of the
 * series its bucket holds and, when they are few, the rows themselves, fetched once from the
 * bound source (a tiled <gpu-datasource>'s `bucketRows`) and kept for the next hover.
 */
import type { ColumnMap } from '../../data/table.js';
import type { InteractionTarget } from '../interaction-target.js';
import { formatValue, timeText, type FormatOptions } from './format.js';

/** Buckets of at most this many rows list their rows in the tooltip. */
export const BUCKET_ROWS_LISTED = 12;
/** Buckets whose rows are kept (the oldest leave first). */
const KEPT_BUCKETS = 64;

type Held = ColumnMap | 'loading' | 'failed';

export class BucketRows {
  private readonly held = new Map<string, Held>();

  /** `redraw` is called when rows arrive (the tooltip shows them if it is still on that bucket). */
  constructor(private readonly redraw: () => void) {}

  /** Lines for the tooltip at a drawn row (none for rows not from tiles). */
  lines(target: InteractionTarget, index: number, fmt: FormatOptions): [string, string][] {
    const count = target.tileRowsAt?.(index);
    if (count === undefined) return [];
    const numbers = new Intl.NumberFormat(fmt.locale);
    const out: [string, string][] = [['bucket', `${numbers.format(count)} rows (M4 tile)`]];
    const bucket = target.tileBucketAt?.(index);
    if (!bucket || bucket.rows > BUCKET_ROWS_LISTED) return out;
    const key = `${bucket.from}|${bucket.to}`;
    let held = this.held.get(key);
    if (held === undefined) {
      const asked = target.fetchBucketRows?.(bucket.from, bucket.to);
      if (!asked) return out;
      held = 'loading';
      this.keep(key, held);
      asked.then(
        (rows) => {
          this.keep(key, rows);
          this.redraw();
        },
        () => {
          this.keep(key, 'failed');
          this.redraw();
        },
      );
    }
    if (held === 'loading') out.push(['rows', 'loading…']);
    else if (held === 'failed') out.push(['rows', 'could not be fetched']);
    else {
      const values = held.value ?? held.close ?? Object.entries(held).find(([name]) => name !== 'time')?.[1];
      // ms precision: rows of a narrow bucket are close together.
      for (let i = 0; i < held.time.length; i++) out.push([timeText(held.time[i], 1, fmt), values ? formatValue(values[i], fmt) : '']);
    }
    return out;
  }

  private keep(key: string, value: Held): void {
    this.held.delete(key);
    this.held.set(key, value);
    while (this.held.size > KEPT_BUCKETS) this.held.delete(this.held.keys().next().value!);
  }
}
