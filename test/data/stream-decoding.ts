/** Shared by the streaming decoder tests: a decode's outcome in comparable form, and bytes fed in cuts. */
import { DataError } from '../../src/data/load.js';

export const encode = (s: string) => new TextEncoder().encode(s);

export type Outcome = { columns: Record<string, number[]>; notes: string[] } | { error: string };

interface Decoded {
  columns: Record<string, Float64Array>;
  notes: string[];
}

/** The columns and notes as plain arrays, or the DataError's phase and message. */
export function outcome(run: () => Decoded): Outcome {
  try {
    const { columns, notes } = run();
    return { columns: Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, Array.from(values)])), notes };
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return { error: `${error.phase}: ${error.message}` };
  }
}

/** Feeds `bytes` to a stream decoder in pieces ending at `cuts`, then finishes it. */
export function streamedOutcome(decoder: { pushBytes(bytes: Uint8Array): void; finish(): Decoded }, bytes: Uint8Array, cuts: number[]): Outcome {
  return outcome(() => {
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      decoder.pushBytes(bytes.subarray(from, cut));
      from = cut;
    }
    return decoder.finish();
  });
}
