/**
 * The size and device pixel ratio of <gpu-chart>: the engine's canvas follows the element's box
 * (ResizeObserver) and the screen's pixel ratio (a `resolution` media query), or `pixel-ratio`.
 */
import type { ChartEngine } from '../../chart/engine.js';

export class SizeWatch {
  private resizeObserver: ResizeObserver | null = null;
  private dprQuery: MediaQueryList | null = null;

  constructor(
    private readonly element: HTMLElement,
    private readonly engine: () => ChartEngine | null,
    /** The `pixel-ratio` property: overrides window.devicePixelRatio when > 0. */
    private readonly pixelRatio: () => number | undefined,
    /** The layout changed (the interaction controller re-reads it). */
    private readonly layoutChanged: () => void,
  ) {}

  /** Reads the element's size and pixel ratio now and hands them to the engine. */
  measure(): void {
    const engine = this.engine();
    if (!engine) return;
    const rect = this.element.getBoundingClientRect();
    engine.setSize(rect.width, rect.height, this.currentDpr());
    this.layoutChanged();
    this.watchDpr();
  }

  private currentDpr(): number {
    const ratio = this.pixelRatio();
    return ratio && ratio > 0 ? ratio : (globalThis.devicePixelRatio || 1);
  }

  observe(): void {
    if (this.resizeObserver) return;
    this.resizeObserver = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      this.engine()?.setSize(box.width, box.height, this.currentDpr());
    });
    this.resizeObserver.observe(this.element);
    this.watchDpr();
  }

  stop(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.stopWatchingDpr();
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
}
