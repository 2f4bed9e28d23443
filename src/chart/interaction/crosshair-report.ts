/** The `gpu-crosshair` detail: the row, and every series over the bar drawn there, by name. */
import type { InteractionTarget } from '../interaction-target.js';
import { namedValues } from './a11y.js';
import type { FormatOptions } from './format.js';
import type { CrosshairReport } from './options.js';

/** Where the crosshair is, as the controller resolved it. */
export interface CrosshairEmit {
  index: number;
  time: number;
  x: number;
  y: number;
  /** Rows of the bar drawn there (first = last unless bars are merged). */
  first: number;
  last: number;
}

/** Values by series name (close for bars), their fields and their text as the legend shows them. */
export function crosshairReport(target: InteractionTarget, c: CrosshairEmit, fmt: FormatOptions): CrosshairReport {
  const times = target.times();
  const series: Record<string, Record<string, number>> = {};
  const text: Record<string, string> = {};
  const named = namedValues(target, c.first, c.last);
  for (const v of named) text[v.name] = v.text(fmt);
  const readouts = target.readoutAt?.(c.first, c.last);
  for (const r of readouts ?? []) series[r.name] = r.fields;
  // a target without readouts keys its values by id (valuesAt)
  const values = readouts ? Object.fromEntries(named.map((v) => [v.name, v.value])) : target.valuesAt(c.index);
  return { ...c, timeTo: times[c.last] ?? c.time, values, series, text };
}
