/** Shapes shared by every decoder; `load.ts` re-exports them as the public names. */

/** Rows as columns: one Float64Array per field, all the same length; `time` is ms since 1970 UTC, increasing. */
export type Columns = { time: Float64Array } & Record<string, Float64Array>;

export interface Decoded {
  columns: Columns;
  /** Human-readable remarks about repairs made while decoding (sorting, unit conversion, skipped columns). */
  notes: string[];
}
