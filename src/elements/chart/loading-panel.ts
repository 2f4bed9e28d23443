/**
 * The loading panel (loading-state.ts follows the source and loads this once per page): a
 * progress bar (`part="progress"`, a native <progress>: determinate once the download's size is
 * known, indeterminate otherwise) and a status text (`part="loading-status"`) in
 * `part="loading"`, all replaceable through `slot="loading"`. Its styles are adopted into the
 * chart's shadow root with the first panel; no inline styles, so it works under a CSP without
 * 'unsafe-inline'.
 */
import { css, html, type TemplateResult } from 'lit';

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
export interface Progress {
  loaded: number;
  total: number | undefined;
}

/** The panel for the progress so far (null: none reported yet); adopts its styles into the chart's shadow root. */
export function loadingPanel(host: HTMLElement, p: Progress | null): TemplateResult {
  const root = host.shadowRoot;
  const sheet = loadingStyles.styleSheet;
  if (root && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
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

function statusText(p: Progress | null): string {
  if (!p) return 'Loading…';
  if (p.total !== undefined && p.loaded >= p.total) return 'Decoding…';
  const loaded = megabytes(p.loaded);
  return p.total !== undefined ? `Loading ${loaded} of ${megabytes(p.total)}` : `Loading ${loaded}`;
}

function megabytes(bytes: number): string {
  return bytes < MIB ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / MIB).toFixed(1)} MB`;
}
