/**
 * The chart's loading state: while its bound data source loads (its `status` attribute is
 * `loading`), a small panel over the plot with a progress bar (`part="progress"`, a native
 * <progress>: determinate once the download's size is known, indeterminate otherwise) and a
 * status text (`part="loading-status"`), all replaceable through `slot="loading"`; the host has
 * `aria-busy="true"` meanwhile. The previous picture (or the empty plot with its axes) stays
 * under it. No inline styles, so it works under a CSP without 'unsafe-inline'.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

const MIB = 1024 * 1024;

export const loadingStyles = css`
  .loading {
    position: absolute;
    left: 50%;
    top: 50%;
    transform: translate(-50%, -50%);
    min-width: 160px;
    max-width: calc(100% - 32px);
    box-sizing: border-box;
    padding: 10px 14px;
    border-radius: 6px;
    font: 12px/1.4 var(--_gc-font);
    color: var(--_gc-text);
    background: color-mix(in srgb, var(--_gc-background) 88%, transparent);
    box-shadow: 0 1px 6px rgba(0, 0, 0, 0.18);
    text-align: center;
    pointer-events: none;
  }
  progress {
    display: block;
    width: 100%;
    height: 6px;
    margin: 0 0 6px;
    appearance: none;
    border: 0;
    border-radius: 3px;
    overflow: hidden;
    background: var(--_gc-grid);
    color: var(--_gc-series-1);
  }
  progress::-webkit-progress-bar {
    background: var(--_gc-grid);
  }
  progress::-webkit-progress-value {
    background: var(--_gc-series-1);
  }
  progress::-moz-progress-bar {
    background: var(--_gc-series-1);
  }
  /* Size unknown: a segment sliding along the track. */
  progress:indeterminate {
    background: linear-gradient(90deg, transparent 0 35%, var(--_gc-series-1) 35% 65%, transparent 65%) var(--_gc-grid);
    background-size: 200% 100%;
    animation: gpu-chart-indeterminate 1.2s linear infinite;
  }
  progress:indeterminate::-webkit-progress-bar {
    background: transparent;
  }
  progress:indeterminate::-moz-progress-bar {
    background: transparent;
  }
  @keyframes gpu-chart-indeterminate {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    progress:indeterminate {
      animation: none;
      background-position: 50% 0;
    }
  }
`;

/** What the chart learns from its source while it loads. */
interface Progress {
  loaded: number;
  total: number | undefined;
}

export class LoadingState implements ReactiveController {
  private source: HTMLElement | null = null;
  private observer: MutationObserver | null = null;
  private progress: Progress | null = null;
  /** Whether the bound source is loading now. */
  loading = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
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
    const p = this.progress;
    const known = p !== null && p.total !== undefined && p.total > 0;
    return html`<div class="loading" part="loading">
      <slot name="loading">
        ${known
          ? html`<progress part="progress" aria-label="Loading data" max=${p.total!} .value=${Math.min(p.loaded, p.total!)}></progress>`
          : html`<progress part="progress" aria-label="Loading data"></progress>`}
        <div part="loading-status">${statusText(p)}</div>
      </slot>
    </div>`;
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

function statusText(p: Progress | null): string {
  if (!p) return 'Loading…';
  if (p.total !== undefined && p.loaded >= p.total) return 'Decoding…';
  const loaded = megabytes(p.loaded);
  return p.total !== undefined ? `Loading ${loaded} of ${megabytes(p.total)}` : `Loading ${loaded}`;
}

function megabytes(bytes: number): string {
  return bytes < MIB ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / MIB).toFixed(1)} MB`;
}
