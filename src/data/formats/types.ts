/** Shapes shared by every decoder; `load.ts` re-exports them as the public names. */

/** Rows as columns: one Float64Array per field, all the same length; `time` is ms since 1970 UTC, increasing. */
export type Columns = { time: Float64Array } & Record<string, Float64Array>;

export interface Decoded {
  columns: Columns;
  /** Human-readable remarks about repairs made while decoding (sorting, unit conversion, skipped columns). */
  notes: string[];
}

/**
 * Sets `object[name] = value` as an own property, whatever the name: plain assignment of
 * `__proto__` would replace the prototype instead (and the column would vanish).
 */
export function setColumn<T>(object: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true });
}

/** Whether `object` has a column `name` of its own (`in` would also see `constructor`, `toString`…). */
export function hasColumn(object: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, name);
}
