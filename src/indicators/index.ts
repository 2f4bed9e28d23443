/**
 * Technical indicators over column data: batch computation, live (incremental) computation and
 * drawing metadata. Pure TypeScript: no DOM, no GPU.
 *
 * Values match TA-Lib wherever TA-Lib has the indicator; see docs/indicators.md.
 */

import { CATALOG, type CatalogEntry } from './catalog.js';
import { column, GrowingSeries, type Kernel, ParamReader } from './kernel.js';
import type { IndicatorInputs, IndicatorOutput, IndicatorParams, IndicatorSpec, LiveIndicator } from './types.js';

export type { IndicatorInputs, IndicatorOutput, IndicatorParams, IndicatorSpec, LiveIndicator, OutputStyle } from './types.js';
export { periodKey } from './overlap.js';

/** Drawing metadata by type. Null prototype, so `INDICATORS.constructor` is undefined, not Object. */
export const INDICATORS: Readonly<Record<string, IndicatorSpec>> = Object.assign(
  Object.create(null) as Record<string, IndicatorSpec>,
  Object.fromEntries(Object.entries(CATALOG).map(([type, e]) => [type, e.spec])),
);

export function indicatorTypes(): string[] {
  return Object.keys(CATALOG);
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function lookup(type: string): CatalogEntry {
  const e = hasOwn(CATALOG, type) ? CATALOG[type] : undefined;
  if (!e) throw new Error(`unknown indicator type "${type}" (known: ${indicatorTypes().join(', ')})`);
  return e;
}

/** Defaults merged with `params`; unknown parameter names are an error, not silently ignored. */
export function resolveParams(type: string, params: IndicatorParams = {}): IndicatorParams {
  const { spec } = lookup(type);
  for (const name of Object.keys(params)) {
    if (!hasOwn(spec.defaults, name)) {
      const known = Object.keys(spec.defaults);
      throw new Error(`indicator "${type}" has no parameter "${name}" (parameters: ${known.length ? known.join(', ') : 'none'})`);
    }
  }
  return { ...spec.defaults, ...params };
}

/** How to build fresh kernels of one indicator, and which input columns they read. */
interface KernelFactory {
  make(): Kernel;
  /** Input column names the kernel reads (`source` resolved): a non-finite value in any is a gap. */
  reads: string[];
}

function kernelFactory(type: string, params?: IndicatorParams): KernelFactory {
  const e = lookup(type);
  const full = resolveParams(type, params);
  const reader = new ParamReader(type, full);
  const source = hasOwn(full, 'source') ? reader.text('source') : 'close';
  const reads = [...new Set(e.spec.needs.map((need) => (need === 'source' ? source : need)))];
  return { make: () => e.create(reader, source), reads };
}

function checkLengths(type: string, inputs: IndicatorInputs): number {
  if (!(inputs.time instanceof Float64Array)) throw new Error(`indicator "${type}" needs an input column "time"`);
  const n = inputs.time.length;
  for (const [name, col] of Object.entries(inputs)) {
    if (col !== undefined && col.length < n) throw new Error(`indicator "${type}": column "${name}" has ${col.length} rows, "time" has ${n}`);
  }
  return n;
}

/**
 * Runs an indicator over rows split into segments at gaps (docs/indicators.md, "Gaps"): a row
 * where any column the indicator reads is NaN or ±Infinity is a gap; it outputs NaN, and the
 * rows after it are computed by a fresh kernel, as if they were the start of the data. So a gap
 * never reaches a running sum, an average or a window extreme, and every output equals the
 * computation over its segment alone. Batch and live both step rows through this, so they stay
 * identical. Kernels of a segment see the inputs and outputs through views starting at the
 * segment's first row (no copies); their own intermediate series are theirs.
 */
class SegmentedRun {
  readonly outputs: Record<string, GrowingSeries> = {};
  readonly reach: number;
  private readonly reachOutputs: readonly string[];
  /** The kernel of the segment in progress; null inside a gap. */
  private kernel: Kernel | null = null;
  private segmentStart = 0;
  /** A kernel made but not used yet (the first, made to learn the output names). */
  private spare: Kernel | null;
  private inputs: IndicatorInputs | null = null;
  /** Rows made room for, and whether exactly (batch) or with room to grow (live). */
  private rows = 0;
  private exact = false;
  private gapColumns: Float64Array[] = [];
  private savedKernel: Kernel | null = null;
  private savedStart = 0;

  constructor(
    private readonly type: string,
    private readonly factory: KernelFactory,
  ) {
    const first = factory.make();
    this.spare = first;
    this.reach = first.reach;
    this.reachOutputs = first.reachOutputs;
    for (const name of Object.keys(first.out)) this.outputs[name] = new GrowingSeries();
  }

  /** Takes the current input columns (they may be new arrays after the source grew) and room for `rows`. */
  bind(inputs: IndicatorInputs, rows: number, exact: boolean): void {
    this.inputs = inputs;
    this.rows = rows;
    this.exact = exact;
    this.gapColumns = this.factory.reads.map((name) => column(inputs, name, this.type));
    for (const s of Object.values(this.outputs)) s.ensure(rows, exact);
    if (this.kernel) this.attach(this.kernel, rows, exact);
  }

  step(i: number): void {
    if (this.isGap(i)) {
      this.kernel = null;
      for (const s of Object.values(this.outputs)) s.data[i] = NaN;
      // What a step writes back at i - reach (Ichimoku's lagging span) came from this row.
      if (i >= this.reach) for (const name of this.reachOutputs) this.outputs[name].data[i - this.reach] = NaN;
      return;
    }
    if (!this.kernel) {
      this.kernel = this.spare ?? this.factory.make();
      this.spare = null;
      this.segmentStart = i;
      this.attach(this.kernel, this.rows, this.exact);
    }
    this.kernel.step(i - this.segmentStart);
  }

  /** Saves the state before row i, so `restore` can step it again. */
  save(): void {
    this.savedKernel = this.kernel;
    this.savedStart = this.segmentStart;
    this.kernel?.save();
  }

  restore(): void {
    this.kernel = this.savedKernel;
    this.segmentStart = this.savedStart;
    if (this.kernel) {
      this.kernel.restore();
      this.attach(this.kernel, this.rows, this.exact);
    }
  }

  private isGap(i: number): boolean {
    for (const c of this.gapColumns) {
      const v = c[i];
      if (!(v - v === 0)) return true; // NaN and ±Infinity
    }
    return false;
  }

  /** Points the kernel at the inputs and outputs from its segment's first row on. */
  private attach(kernel: Kernel, rows: number, exact: boolean): void {
    const start = this.segmentStart;
    const inputs = this.inputs!;
    if (start === 0) kernel.bind(inputs);
    else {
      const shifted = { time: inputs.time.subarray(start) } as IndicatorInputs;
      for (const name of this.factory.reads) Object.defineProperty(shifted, name, { value: column(inputs, name, this.type).subarray(start), enumerable: true });
      kernel.bind(shifted);
    }
    for (const [name, s] of Object.entries(kernel.out)) s.data = this.outputs[name].data.subarray(start);
    kernel.ensure(rows - start, exact);
  }
}

/** Computes every row. A `source` param picks the input column for single-input indicators (default 'close'). */
export function computeIndicator(type: string, inputs: IndicatorInputs, params?: IndicatorParams): IndicatorOutput {
  const run = new SegmentedRun(type, kernelFactory(type, params));
  const n = checkLengths(type, inputs);
  run.bind(inputs, n, true);
  for (let i = 0; i < n; i++) run.step(i);
  const out: IndicatorOutput = {};
  for (const [name, s] of Object.entries(run.outputs)) out[name] = s.data.length === n ? s.data : s.data.subarray(0, n);
  return out;
}

class LiveComputation implements LiveIndicator {
  private run: SegmentedRun;
  private rows = 0;
  private views: IndicatorOutput | null = null;

  constructor(
    private readonly type: string,
    private readonly factory: KernelFactory,
  ) {
    this.run = new SegmentedRun(type, factory);
  }

  get length(): number {
    return this.rows;
  }

  /** Views of the current length; they stay valid until the next update or reset. */
  get outputs(): IndicatorOutput {
    if (!this.views) {
      const v: IndicatorOutput = {};
      for (const [name, s] of Object.entries(this.run.outputs)) v[name] = s.data.subarray(0, this.rows);
      this.views = v;
    }
    return this.views;
  }

  reset(inputs: IndicatorInputs): void {
    this.run = new SegmentedRun(this.type, this.factory);
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
    const run = this.run;
    let start = this.rows;
    if (updatedLast && this.rows > 0) {
      run.restore();
      start = this.rows - 1;
    }
    if (start >= n) return n;
    run.bind(inputs, n, false);
    for (let i = start; i < n; i++) {
      if (i === n - 1) run.save();
      run.step(i);
    }
    this.rows = n;
    this.views = null;
    return Math.max(0, start - run.reach);
  }
}

/** An indicator that follows a growing source, computing only the new (or re-formed last) rows. */
export function createLiveIndicator(type: string, params?: IndicatorParams): LiveIndicator {
  return new LiveComputation(type, kernelFactory(type, params));
}
