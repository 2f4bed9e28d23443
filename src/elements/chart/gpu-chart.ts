/**
 * <gpu-chart>: a thin lit element around the chart engine. It owns the DOM (canvases, messages,
 * slots), turns attributes and properties into engine calls and engine callbacks into events.
 *
 * @event gpu-ready - the first frame is on screen; detail.adapter names the GPU
 * @event gpu-error - something went wrong; the last good picture stays
 * @event gpu-unsupported - no WebGPU here; the fallback message or slot is shown
 * @slot fallback - shown instead of the default message when WebGPU is unavailable
 * @csspart canvas - the WebGPU canvas
 * @csspart message - the unsupported message box
 * @csspart error - the error message strip
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ChartEngine, type SeriesSpec } from '../../chart/engine.js';
import type { ValueScaleMode } from '../../chart/scales.js';
import type { Theme } from '../../chart/theme.js';
import { FALLBACK_THEME } from '../../chart/theme.js';
import { parseColor } from '../../chart/colors.js';
import { gpuRegistry } from '../../gpu/registry.js';
import { fire } from '../events.js';
import { chartStyles } from './gpu-chart.styles.js';

export type ChartColumns = { time: ArrayLike<number> } & Record<string, ArrayLike<number>>;

export class GpuChart extends LitElement {
  static override styles = chartStyles;

  /** Hands the application's own GPUDevice to every chart (call before the first one connects). */
  static provideDevice(device: GPUDevice, adapterInfo?: GPUAdapterInfo): void {
    gpuRegistry().provideDevice(device, adapterInfo);
  }

  /** `light` or `dark`: picks the default colours (each one can be overridden in CSS). */
  @property({ reflect: true }) theme: 'light' | 'dark' = 'light';

  /** IANA time zone for time labels (default: the browser's). */
  @property({ attribute: 'time-zone' }) timeZone: string | undefined;

  /** Language for labels (default: the browser's). */
  @property() locale: string | undefined;

  /** `linear`, `log` or `percent`. */
  @property({ attribute: 'value-scale' }) valueScale: ValueScaleMode = 'linear';

  /** Where the value axis goes: `right`, `left` or `both`. */
  @property({ attribute: 'value-axis' }) valueAxis: 'right' | 'left' | 'both' = 'right';

  /** Overrides window.devicePixelRatio (exports at a fixed resolution, tests). */
  @property({ type: Number, attribute: 'pixel-ratio' }) pixelRatio: number | undefined;

  /** Columns to draw: `{ time, value }` (time in ms since 1970), arrays or typed arrays. */
  @property({ attribute: false }) data: ChartColumns | null = null;

  /** Series to draw; by default one line of `value` (or `close`). */
  @property({ attribute: false }) series: SeriesSpec[] | null = null;

  @state() private unsupportedMessage: string | null = null;
  @state() private errorMessage: string | null = null;

  @query('canvas.gpu') private gpuCanvas!: HTMLCanvasElement;
  @query('canvas.overlay') private overlayCanvas!: HTMLCanvasElement;

  private engine: ChartEngine | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private dprQuery: MediaQueryList | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.engine) {
      this.observeSize();
      void this.engine.start();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.stopWatchingDpr();
    this.engine?.stop();
  }

  protected override render() {
    return html`<div class="box">
      <canvas class="gpu" part="canvas"></canvas>
      <canvas class="overlay" aria-hidden="true"></canvas>
      ${this.unsupportedMessage !== null
        ? html`<div class="message" part="message" role="status"><slot name="fallback">${this.unsupportedMessage}</slot></div>`
        : nothing}
      ${this.errorMessage !== null ? html`<div class="error" part="error" role="alert">${this.errorMessage}</div>` : nothing}
    </div>`;
  }

  protected override firstUpdated(): void {
    this.engine = new ChartEngine({
      gpuCanvas: this.gpuCanvas,
      overlayCanvas: this.overlayCanvas,
      ready: (adapter) => fire(this, 'gpu-ready', { adapter }),
      error: (phase, message, cause) => this.reportError(phase, message, cause),
      unsupported: (reason) => {
        this.unsupportedMessage = `This chart needs WebGPU. ${reason}`;
        fire(this, 'gpu-unsupported', { reason });
      },
    });
    this.pushAll();
    this.measure();
    this.observeSize();
    void this.engine.start();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.engine || !this.hasUpdated) return;
    if (changed.size) this.pushAll(changed);
  }

  /** Sends changed properties to the engine. */
  private pushAll(changed?: PropertyValues<this>): void {
    const e = this.engine!;
    const has = (k: keyof GpuChart) => !changed || changed.has(k);
    if (has('theme')) e.setTheme(this.readTheme());
    if (has('timeZone') || has('locale')) {
      e.timeZone = this.timeZone || undefined;
      e.locale = this.locale || undefined;
      e.requestRender();
    }
    if (has('valueScale')) e.setValueScaleMode(this.valueScale);
    if (has('valueAxis')) {
      e.valueAxis = this.valueAxis;
      e.requestRender();
    }
    if (has('pixelRatio')) this.measure();
    if (has('data')) {
      try {
        e.setColumns(this.data ? checkColumns(this.data) : null);
        this.errorMessage = null;
      } catch (err) {
        this.reportError('data', (err as Error).message, err);
      }
    }
    if (has('series') || has('data')) e.setSeries(this.series ?? this.defaultSeries());
  }

  private defaultSeries(): SeriesSpec[] {
    const d = this.data;
    const value = d && 'value' in d ? 'value' : d && 'close' in d ? 'close' : 'value';
    return [{ type: 'line', value }];
  }

  private reportError(phase: Parameters<typeof fire<'gpu-error'>>[2]['phase'], message: string, cause?: unknown): void {
    this.errorMessage = message;
    fire(this, 'gpu-error', { phase, message, cause });
  }

  /** Re-reads the CSS custom properties (call after changing them from script). */
  refreshTheme(): void {
    this.engine?.setTheme(this.readTheme());
  }

  private readTheme(): Theme {
    const cs = getComputedStyle(this);
    const get = (name: string) => cs.getPropertyValue(name).trim();
    const series: Theme['series'] = [];
    const seriesCss: string[] = [];
    for (let i = 1; i <= 8; i++) {
      const c = get(`--gpu-chart-series-${i}`);
      if (!c) continue;
      seriesCss.push(c);
      series.push(parseColor(c));
    }
    const text = get('--gpu-chart-text') || FALLBACK_THEME.textCss;
    const fontSize = parseFloat(get('--gpu-chart-font-size')) || FALLBACK_THEME.fontSizePx;
    return {
      background: parseColor(get('--gpu-chart-background'), FALLBACK_THEME.background),
      text: parseColor(text),
      textCss: text,
      grid: parseColor(get('--gpu-chart-grid'), FALLBACK_THEME.grid),
      axis: parseColor(get('--gpu-chart-axis'), FALLBACK_THEME.axis),
      series: series.length ? series : FALLBACK_THEME.series,
      seriesCss: seriesCss.length ? seriesCss : FALLBACK_THEME.seriesCss,
      up: parseColor(get('--gpu-chart-up'), FALLBACK_THEME.up),
      down: parseColor(get('--gpu-chart-down'), FALLBACK_THEME.down),
      font: get('--gpu-chart-font') || FALLBACK_THEME.font,
      fontSizePx: fontSize,
    };
  }

  // ---- size and pixel ratio ---------------------------------------------------------------

  private measure(): void {
    if (!this.engine) return;
    const rect = this.getBoundingClientRect();
    this.engine.setSize(rect.width, rect.height, this.currentDpr());
    this.watchDpr();
  }

  private currentDpr(): number {
    return this.pixelRatio && this.pixelRatio > 0 ? this.pixelRatio : (globalThis.devicePixelRatio || 1);
  }

  private observeSize(): void {
    if (this.resizeObserver) return;
    this.resizeObserver = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      this.engine?.setSize(box.width, box.height, this.currentDpr());
    });
    this.resizeObserver.observe(this);
    this.watchDpr();
  }

  /** Redraw when the window moves to a screen with another pixel ratio (or the page zooms). */
  private watchDpr(): void {
    this.stopWatchingDpr();
    if (typeof matchMedia !== 'function') return;
    this.dprQuery = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    this.dprQuery.addEventListener('change', this.onDprChange);
  }

  private stopWatchingDpr(): void {
    this.dprQuery?.removeEventListener('change', this.onDprChange);
    this.dprQuery = null;
  }

  private onDprChange = (): void => this.measure();

  // ---- public API -------------------------------------------------------------------------

  /** Resolves when every change made before it is drawn and the GPU has finished that frame. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    // Engine work may schedule another lit update (messages) and vice versa: settle both.
    for (let i = 0; i < 3; i++) {
      await this.engine?.whenIdle();
      if (!this.isUpdatePending) break;
      result = await super.getUpdateComplete();
    }
    return result;
  }

  /** A PNG of what the user sees: plot, axes and labels. */
  async toBlob(): Promise<Blob> {
    await this.updateComplete;
    if (!this.engine) throw new Error('The chart is not connected to a document');
    return this.engine.toBlob();
  }

  /** The visible time range in ms since 1970. */
  get visibleRange(): { from: number; to: number } {
    return this.engine?.visibleRange ?? { from: NaN, to: NaN };
  }

  set visibleRange(range: { from: number; to: number }) {
    if (this.engine) this.engine.visibleRange = range;
  }

  /** Shows all the data (and follows it as it grows). */
  fitContent(): void {
    this.engine?.fitContent();
  }

  /** The GPUDevice this chart draws with (shared by every chart on the page). */
  get device(): GPUDevice | null {
    return this.engine?.device ?? null;
  }
}

function checkColumns(data: ChartColumns): Record<string, ArrayLike<number>> {
  if (typeof data !== 'object' || !data) throw new Error('chart.data must be an object of columns');
  const time = data.time;
  if (!time || typeof time.length !== 'number') throw new Error('chart.data needs a "time" column (ms since 1970)');
  for (const [name, col] of Object.entries(data)) {
    if (!col || typeof (col as ArrayLike<number>).length !== 'number') throw new Error(`chart.data.${name} is not an array`);
    if ((col as ArrayLike<number>).length !== time.length) {
      throw new Error(`chart.data.${name} has ${(col as ArrayLike<number>).length} values but time has ${time.length}`);
    }
  }
  for (let i = 1; i < time.length; i++) {
    if (!(time[i] >= time[i - 1])) throw new Error(`chart.data.time must increase: row ${i} (${time[i]}) comes before row ${i - 1} (${time[i - 1]})`);
  }
  return data;
}
