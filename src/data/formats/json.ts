/** JSON input: an array of row objects, or an object whose values are column arrays. */
import { DataError } from '../errors.js';
import { normalizeColumns, rowsToColumns } from './columns.js';
import type { Decoded } from './types.js';

export function parseJson(text: string, timeColumn?: string): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new DataError('parse', `invalid JSON: ${detail}`, { cause });
  }
  if (Array.isArray(value)) return rowsToColumns(value as Record<string, unknown>[], timeColumn);
  if (value !== null && typeof value === 'object') {
    return normalizeColumns(value as Record<string, ArrayLike<number | string | null>>, timeColumn);
  }
  throw new DataError(
    'parse',
    `JSON holds ${value === null ? 'null' : typeof value}; expected an array of rows [{"time": …, "close": …}, …] or an object of columns {"time": […], "close": […]}`,
  );
}
