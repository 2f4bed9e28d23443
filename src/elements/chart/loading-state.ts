/**
 * The chart's loading state: while its bound data source loads (its `status` attribute is
 * `loading`), a small panel over the plot with a progress bar and a status text, replaceable
 * through `slot="loading"`; the host has `aria-busy="true"` meanwhile. The previous picture (or
 * the empty plot with its axes) stays under it. This follows the source (its `status` and
 * `gpu-progress`); the panel itself, its template and styles, is a lazy chunk (loading-panel.ts),
 * loaded the first time a chart's source loads, as one of the chart's parts (`updateComplete`
 * waits for it).
 */
import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { LazyModule } from '../../chart/lazy-parts.js';
import type { Progress } from './loading-panel.js';

type Panel = typeof import('./loading-panel.js');
/** The panel: loaded once per page. */
const panelModule = new LazyModule<Panel>(() => import('./loading-panel.js'));

/** Loads a module as one of the chart's parts (the engine's loadPart), or null before the engine exists. */
export type PartLoader = <M>(key: string, importer: () => Promise<M>, install: (module: M) => void) => Promise<void> | null;

export class LoadingState implements ReactiveController {
  private source: HTMLElement | null = null;
  private observer: MutationObserver | null = null;
  private progress: Progress | null = null;
  /** Whether the bound source is loading now. */
  loading = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly loadPart: PartLoader,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.watch(null);
  }

  /** Follows `source` (null: none): its `status` attribute and its `gpu-progress` events. */
  watch(source: HTMLElement | null): void {
    if (source === this.source) return;
    this.source?.removeEventListener('gpu-progress', this.onProgress);
    this.observer?.disconnect();
    this.observer = null;
    this.source = source;
    if (source) {
      source.addEventListener('gpu-progress', this.onProgress);
      this.observer = new MutationObserver(() => this.refresh());
      this.observer.observe(source, { attributes: true, attributeFilter: ['status'] });
    }
    this.refresh();
  }

  render(): TemplateResult | typeof nothing {
    if (!this.loading) return nothing;
    const panel = panelModule.module;
    if (panel) return panel.loadingPanel(this.host, this.progress);
    // Rendered again when it is here.
    const rendered = () => this.host.requestUpdate();
    if (!this.loadPart('loading panel', () => panelModule.load(), rendered)) panelModule.load().then(rendered, () => undefined);
    return nothing;
  }

  private onProgress = (e: Event): void => {
    const detail = (e as CustomEvent<Progress>).detail;
    if (!detail) return;
    this.progress = { loaded: detail.loaded, total: detail.total };
    if (!this.loading) this.refresh();
    this.host.requestUpdate();
  };

  private refresh(): void {
    const loading = this.source?.getAttribute('status') === 'loading';
    if (loading !== this.loading) {
      this.loading = loading;
      if (!loading) this.progress = null;
      if (loading) this.host.setAttribute('aria-busy', 'true');
      else this.host.removeAttribute('aria-busy');
      this.host.requestUpdate();
    }
  }
}
