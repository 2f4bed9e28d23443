/**
 * Time and value scales: float64 mappings from data to device pixels, and the parameters the
 * shaders need to do the same mapping on float32 offsets without losing precision.
 */

export interface PlotRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type ValueScaleMode = 'linear' | 'log' | 'percent';

export interface ValueGpuParams {
  pxPerUnit: number;
  valueOffsetPx: number;
  logScale: boolean;
}

/** px = px0 + (u - origin) * slope: an affine map written so that big u (times) keep precision. */
export interface AffineMap {
  origin: number;
  px0: number;
  slope: number;
}

export class ValueScale {
  mode: ValueScaleMode = 'linear';
  /** Visible range in display units (values; percent for percent mode; values for log). */
  min = 0;
  max = 1;
  /** Percent mode: the value that reads as 0 % (the first visible value). */
  base = 1;
  autoScale = true;

  /** Display units of a data value (percent mode converts). */
  display(v: number): number {
    return this.mode === 'percent' ? (v / this.base - 1) * 100 : v;
  }

  /** Sets the visible range from data min/max (data units), with margins. */
  fit(dataMin: number, dataMax: number, margin = 0.08): void {
    let lo = this.display(dataMin);
    let hi = this.display(dataMax);
    if (this.mode === 'percent' && this.base < 0) [lo, hi] = [hi, lo];
    this.fitDisplay(lo, hi, margin);
  }

  /** Sets the visible range from a low and high in display units (percent: each series' own change), with margins. */
  fitDisplay(lo: number, hi: number, margin = 0.08): void {
    if (this.mode === 'log') {
      lo = Math.max(lo, Number.MIN_VALUE);
      hi = Math.max(hi, lo);
      const l0 = Math.log10(lo);
      const l1 = Math.log10(hi);
      const pad = (l1 - l0 || 1) * margin;
      this.min = 10 ** (l0 - pad);
      this.max = 10 ** (l1 + pad);
      return;
    }
    if (hi === lo) {
      const pad = Math.abs(hi) * 0.01 || 1;
      lo -= pad;
      hi += pad;
    }
    const pad = (hi - lo) * margin;
    this.min = lo - pad;
    this.max = hi + pad;
  }

  /** Device-pixel y of a display-unit value. */
  displayToPx(d: number, plot: PlotRect): number {
    const bottom = plot.y + plot.height;
    if (this.mode === 'log') {
      const l0 = Math.log10(this.min);
      const l1 = Math.log10(this.max);
      return bottom - ((Math.log10(d) - l0) / (l1 - l0)) * plot.height;
    }
    return bottom - ((d - this.min) / (this.max - this.min)) * plot.height;
  }

  toPx(v: number, plot: PlotRect): number {
    return this.displayToPx(this.display(v), plot);
  }

  /** `toPx` as an affine map (linear and percent scales), or null (log scales are not affine). */
  affinePx(plot: PlotRect): AffineMap | null {
    if (this.mode === 'log') return null;
    const slope = -plot.height / (this.max - this.min);
    const bottom = plot.y + plot.height;
    // Percent: display(v) = (v / base - 1) * 100 reaches `min` at v = base * (1 + min / 100).
    if (this.mode === 'percent') return { origin: this.base * (1 + this.min / 100), px0: bottom, slope: (slope * 100) / this.base };
    return { origin: this.min, px0: bottom, slope };
  }

  /** Display-unit value at a device-pixel y. */
  fromPx(y: number, plot: PlotRect): number {
    const f = (plot.y + plot.height - y) / plot.height;
    if (this.mode === 'log') {
      const l0 = Math.log10(this.min);
      const l1 = Math.log10(this.max);
      return 10 ** (l0 + f * (l1 - l0));
    }
    return this.min + f * (this.max - this.min);
  }

  /** This scale's range and mode measured from another base (a series' own first value on a percent scale). */
  withBase(base: number, into: ValueScale = new ValueScale()): ValueScale {
    into.mode = this.mode;
    into.min = this.min;
    into.max = this.max;
    into.autoScale = this.autoScale;
    into.base = base;
    return into;
  }

  /** Shader parameters for values stored as float32 offsets from `origin`. */
  gpuParams(origin: number, plot: PlotRect): ValueGpuParams {
    const h = plot.height;
    if (this.mode === 'log') {
      const pxPerDecade = h / (Math.log10(this.max) - Math.log10(this.min));
      return { pxPerUnit: pxPerDecade, valueOffsetPx: -Math.log10(this.min) * pxPerDecade, logScale: true };
    }
    const k = h / (this.max - this.min);
    if (this.mode === 'percent') {
      return { pxPerUnit: (100 / this.base) * k, valueOffsetPx: ((origin / this.base - 1) * 100 - this.min) * k, logScale: false };
    }
    return { pxPerUnit: k, valueOffsetPx: (origin - this.min) * k, logScale: false };
  }
}

/** First index i with time[i] >= t (binary search; times ascending). */
export function lowerBound(time: Float64Array, t: number, lo = 0, hi = time.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
