/**
 * Technical indicators over column data: batch computation, live (incremental) computation and
 * drawing metadata. Pure TypeScript: no DOM, no GPU.
 *
 * Values match TA-Lib wherever TA-Lib has the indicator; see docs/indicators.md.
 */

import { CATALOG, type CatalogEntry } from './catalog.js';
import { type Kernel, ParamReader } from './kernel.js';
import type { IndicatorInputs, IndicatorOutput, IndicatorParams, IndicatorSpec, LiveIndicator } from './types.js';

export type { IndicatorInputs, IndicatorOutput, IndicatorParams, IndicatorSpec, LiveIndicator, OutputStyle } from './types.js';
export { periodKey } from './overlap.js';

export const INDICATORS: Record<string, IndicatorSpec> = Object.fromEntries(
  Object.entries(CATALOG).map(([type, e]) => [type, e.spec]),
);

export function indicatorTypes(): string[] {
  return Object.keys(CATALOG);
}

function lookup(type: string): CatalogEntry {
  const e = Object.prototype.hasOwnProperty.call(CATALOG, type) ? CATALOG[type] : undefined;
  if (!e) throw new Error(`unknown indicator type "${type}" (known: ${indicatorTypes().join(', ')})`);
  return e;
}

/** Defaults merged with `params`; unknown parameter names are an error, not silently ignored. */
export function resolveParams(type: string, params: IndicatorParams = {}): IndicatorParams {
  const { spec } = lookup(type);
  for (const name of Object.keys(params)) {
    if (!(name in spec.defaults)) {
      const known = Object.keys(spec.defaults);
      throw new Error(`indicator "${type}" has no parameter "${name}" (parameters: ${known.length ? known.join(', ') : 'none'})`);
    }
  }
  return { ...spec.defaults, ...params };
}

function buildKernel(type: string, params?: IndicatorParams): Kernel {
  const e = lookup(type);
  const full = resolveParams(type, params);
  const reader = new ParamReader(type, full);
  const source = 'source' in full ? reader.text('source') : 'close';
  return e.create(reader, source);
}

function checkLengths(type: string, inputs: IndicatorInputs): number {
  if (!(inputs.time instanceof Float64Array)) throw new Error(`indicator "${type}" needs an input column "time"`);
  const n = inputs.time.length;
  for (const [name, col] of Object.entries(inputs)) {
    if (col !== undefined && col.length < n) throw new Error(`indicator "${type}": column "${name}" has ${col.length} rows, "time" has ${n}`);
  }
  return n;
}

/** Computes every row. A `source` param picks the input column for single-input indicators (default 'close'). */
export function computeIndicator(type: string, inputs: IndicatorInputs, params?: IndicatorParams): IndicatorOutput {
  const kernel = buildKernel(type, params);
  const n = checkLengths(type, inputs);
  kernel.bind(inputs);
  kernel.ensure(n, true);
  for (let i = 0; i < n; i++) kernel.step(i);
  const out: IndicatorOutput = {};
  for (const [name, s] of Object.entries(kernel.out)) out[name] = s.data.length === n ? s.data : s.data.subarray(0, n);
  return out;
}

class LiveComputation implements LiveIndicator {
  private kernel: Kernel;
  private rows = 0;
  private views: IndicatorOutput | null = null;

  constructor(
    private readonly type: string,
    private readonly params: IndicatorParams | undefined,
  ) {
    this.kernel = buildKernel(type, params);
  }

  get length(): number {
    return this.rows;
  }

  /** Views of the current length; they stay valid until the next update or reset. */
  get outputs(): IndicatorOutput {
    if (!this.views) {
      const v: IndicatorOutput = {};
      for (const [name, s] of Object.entries(this.kernel.out)) v[name] = s.data.subarray(0, this.rows);
      this.views = v;
    }
    return this.views;
  }

  reset(inputs: IndicatorInputs): void {
    this.kernel = buildKernel(this.type, this.params);
    this.rows = 0;
    this.views = null;
    this.update(inputs, false);
  }

  update(inputs: IndicatorInputs, updatedLast: boolean): number {
    const n = checkLengths(this.type, inputs);
    if (n < this.rows) {
      // Rows went away (e.g. a capacity window): nothing incremental applies.
      this.reset(inputs);
      return 0;
    }
    const kernel = this.kernel;
    kernel.bind(inputs);
    let start = this.rows;
    if (updatedLast && this.rows > 0) {
      kernel.restore();
      start = this.rows - 1;
    }
    if (start >= n) return n;
    kernel.ensure(n, false);
    for (let i = start; i < n; i++) {
      if (i === n - 1) kernel.save();
      kernel.step(i);
    }
    this.rows = n;
    this.views = null;
    return Math.max(0, start - kernel.reach);
  }
}

/** An indicator that follows a growing source, computing only the new (or re-formed last) rows. */
export function createLiveIndicator(type: string, params?: IndicatorParams): LiveIndicator {
  return new LiveComputation(type, params);
}
