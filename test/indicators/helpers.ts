/** Shared test helpers: fixture loading and value comparison. */
import type { IndicatorInputs, IndicatorParams } from '../../src/indicators/index.js';

export interface FixtureCase {
  type: string;
  params: IndicatorParams;
  reference: 'talib' | 'definition';
  expected: Record<string, (number | null)[]>;
}

export interface Fixture {
  dataset: string;
  inputs: IndicatorInputs;
  cases: FixtureCase[];
}

export const DATASETS = ['random-walk', 'gaps-flat'] as const;

const cache = new Map<string, Promise<Fixture>>();

export function loadFixture(name: string): Promise<Fixture> {
  let p = cache.get(name);
  if (!p) {
    p = fetch(`/test/fixtures/indicators/${name}.json`)
      .then((r) => {
        if (!r.ok) throw new Error(`fixture ${name}: HTTP ${r.status}`);
        return r.json();
      })
      .then((raw: { dataset: string; inputs: Record<string, number[]>; cases: FixtureCase[] }) => {
        const inputs = { time: Float64Array.from(raw.inputs.time) } as IndicatorInputs;
        for (const [k, v] of Object.entries(raw.inputs)) inputs[k] = Float64Array.from(v);
        return { dataset: raw.dataset, inputs, cases: raw.cases };
      });
    cache.set(name, p);
  }
  return p;
}

/** Within 1e-9 relative, or 1e-12 absolute near zero; NaN only matches NaN. */
export function close(expected: number, actual: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  const diff = Math.abs(expected - actual);
  return diff <= 1e-12 || diff <= 1e-9 * Math.abs(expected);
}

export function leadingNaN(values: ArrayLike<number | null>): number {
  let k = 0;
  while (k < values.length && (values[k] === null || Number.isNaN(values[k] as number))) k++;
  return k;
}

/** Copies the first `rows` rows of every column (fresh arrays, like a source that reallocated). */
export function firstRows(inputs: IndicatorInputs, rows: number): IndicatorInputs {
  const out = { time: inputs.time.slice(0, rows) } as IndicatorInputs;
  for (const [k, v] of Object.entries(inputs)) if (v) out[k] = v.slice(0, rows);
  return out;
}

/** Seeded PRNG (mulberry32): the same sequence in every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
