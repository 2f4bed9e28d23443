/**
 * A small real InteractionTarget over plain arrays, for driving the controller in tests. Its
 * time/value mapping is linear over the plot; it records what the controller asked of it.
 */
import type { CrosshairState, InteractionTarget } from '../../src/chart/interaction-target.js';
import type { PlotRect } from '../../src/chart/scales.js';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2024, 0, 1);

export class ArrayTarget implements InteractionTarget {
  plotRect: PlotRect = { x: 10, y: 10, width: 500, height: 250 };
  /** Extras (InteractionTargetExtras): category x axis, several panes, series titles. */
  timeScaleMode: 'time' | 'category' = 'time';
  panes: PlotRect[] | null = null;
  titles: string[] | null = null;
  axisPaneY: number[] = [];
  readonly size = { width: 580, height: 290 };
  crosshair: CrosshairState | null = null;
  crosshairCalls = 0;
  rangeSets = 0;
  axisFactor = 1;
  autoScale = true;
  fits = 0;
  valueMin = 0;
  valueMax = 200;
  private range: { from: number; to: number };

  constructor(
    private time: Float64Array,
    private columns: Record<string, Float64Array>,
  ) {
    this.range = { from: time[0], to: time[time.length - 1] };
  }

  /** `n` rows every `step` ms from `start`; close = 100 + 10 sin(i/7), volume = 1000 + i. */
  static series(n: number, step = DAY, start = T0): ArrayTarget {
    const time = new Float64Array(n);
    const close = new Float64Array(n);
    const volume = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      time[i] = start + i * step;
      close[i] = 100 + 10 * Math.sin(i / 7);
      volume[i] = 1000 + i;
    }
    return new ArrayTarget(time, { close, volume });
  }

  /** Swaps in new rows (as a stream appending would). */
  setData(other: ArrayTarget, rows = other.time.length): void {
    this.time = other.time.subarray(0, rows);
    this.columns = Object.fromEntries(Object.entries(other.columns).map(([k, v]) => [k, v.subarray(0, rows)]));
  }

  get visibleRange(): { from: number; to: number } {
    return { ...this.range };
  }

  set visibleRange(r: { from: number; to: number }) {
    this.rangeSets++;
    this.range = { from: r.from, to: r.to };
  }

  dataRange() {
    const n = this.time.length;
    return n ? { from: this.time[0], to: this.time[n - 1] } : null;
  }

  times(): Float64Array {
    return this.time;
  }

  valuesAt(index: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, col] of Object.entries(this.columns)) out[k] = col[index] ?? NaN;
    return out;
  }

  magnetValueAt(index: number): number {
    return this.columns.close?.[index] ?? NaN;
  }

  valueAtY(y: number): number {
    const p = this.plotRect;
    return this.valueMax - ((y - p.y) / p.height) * (this.valueMax - this.valueMin);
  }

  yOfValue(value: number): number {
    const p = this.plotRect;
    return p.y + ((this.valueMax - value) / (this.valueMax - this.valueMin)) * p.height;
  }

  setCrosshair(state: CrosshairState | null): void {
    this.crosshairCalls++;
    this.crosshair = state && { ...state };
  }

  paneRects(): PlotRect[] {
    return this.panes ?? [this.plotRect];
  }

  scaleValueAxis(factor: number, paneY: number): void {
    this.axisPaneY.push(paneY);
    this.axisFactor *= factor;
    this.autoScale = false;
  }

  paneCentres(): number[] {
    return this.paneRects().map((r) => r.y + r.height / 2);
  }

  resetValueAxis(): void {
    this.axisFactor = 1;
    this.autoScale = true;
  }

  fitContent(): void {
    this.fits++;
    const r = this.dataRange();
    if (r) this.range = r;
  }

  seriesNames(): string[] {
    return this.titles ?? Object.keys(this.columns);
  }

  /** Time at a CSS-px x (same mapping as the controller's). */
  timeAt(x: number): number {
    const p = this.plotRect;
    return this.range.from + ((x - p.x) / p.width) * (this.range.to - this.range.from);
  }
}

/** A focusable host at the page's top-left, so page (sendMouse) and element coordinates agree. */
export function makeHost(target: ArrayTarget, top = 0): HTMLDivElement {
  const el = document.createElement('div');
  el.tabIndex = 0;
  el.style.cssText = `position:fixed;left:0;top:${top}px;width:${target.size.width}px;height:${target.size.height}px;touch-action:pan-y;`;
  document.body.append(el);
  return el;
}

/**
 * The next animation frame, or a slow timer when the page gets no frames (the runner's pages in
 * the background): what the controller's own scheduling does too.
 */
export const nextFrame = () =>
  new Promise<void>((resolve) => {
    const done = () => {
      cancelAnimationFrame(f);
      clearTimeout(t);
      resolve();
    };
    const f = requestAnimationFrame(done);
    const t = setTimeout(done, 300);
  });

/** Polls until `condition()` holds (fails after `ms`). */
export async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function frames(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await nextFrame();
}

/** Counts `gpu-range` / `gpu-crosshair` events on an element, keeping their details. */
export function record<T>(el: EventTarget, name: string): T[] {
  const seen: T[] = [];
  el.addEventListener(name, (e) => seen.push((e as CustomEvent<T>).detail));
  return seen;
}
