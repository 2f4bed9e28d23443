import { css } from 'lit';

export const chartStyles = css`
  :host {
    display: block;
    position: relative;
    height: 300px;
    min-width: 50px;
    min-height: 50px;
    contain: layout paint;
    /* one-finger horizontal drags pan the chart; vertical ones still scroll the page */
    touch-action: pan-y;
    /* The defaults live in private properties (--_gc-…), each resolved from the public
       --gpu-chart-… one where the page sets it, on this element or on any ancestor: declaring the
       public ones here would hide what an ancestor set (a custom property declared on an element
       wins over the inherited one). Everything in the shadow root reads the private ones, and so
       does readCssTheme (theme-css.ts) for what the GPU draws. */
    --_gc-background: var(--gpu-chart-background, #ffffff);
    --_gc-text: var(--gpu-chart-text, #333840);
    --_gc-grid: var(--gpu-chart-grid, #e6e8ec);
    --_gc-axis: var(--gpu-chart-axis, #c0c4cc);
    --_gc-font: var(--gpu-chart-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif);
    --_gc-font-size: var(--gpu-chart-font-size, 11px);
    --_gc-series-1: var(--gpu-chart-series-1, #2172d9);
    --_gc-series-2: var(--gpu-chart-series-2, #e8833a);
    --_gc-series-3: var(--gpu-chart-series-3, #3aa45b);
    --_gc-series-4: var(--gpu-chart-series-4, #c2423f);
    --_gc-series-5: var(--gpu-chart-series-5, #8a5cc2);
    --_gc-series-6: var(--gpu-chart-series-6, #8c6d46);
    --_gc-series-7: var(--gpu-chart-series-7, #d466b0);
    --_gc-series-8: var(--gpu-chart-series-8, #6b7280);
    --_gc-up: var(--gpu-chart-up, #26a69a);
    --_gc-down: var(--gpu-chart-down, #ef5350);
  }
  :host([theme='dark']) {
    --_gc-background: var(--gpu-chart-background, #131722);
    --_gc-text: var(--gpu-chart-text, #c9ced8);
    --_gc-grid: var(--gpu-chart-grid, #232836);
    --_gc-axis: var(--gpu-chart-axis, #3a4152);
    --_gc-series-1: var(--gpu-chart-series-1, #4f9cf9);
    --_gc-series-2: var(--gpu-chart-series-2, #f5a35c);
    --_gc-series-3: var(--gpu-chart-series-3, #5cc97a);
    --_gc-series-4: var(--gpu-chart-series-4, #f06b68);
    --_gc-series-5: var(--gpu-chart-series-5, #b18cf0);
    --_gc-series-6: var(--gpu-chart-series-6, #c9a57a);
    --_gc-series-7: var(--gpu-chart-series-7, #f08dd0);
    --_gc-series-8: var(--gpu-chart-series-8, #9aa3b2);
  }
  :host([hidden]) {
    display: none;
  }
  .box {
    position: absolute;
    inset: 0;
    overflow: hidden;
    background: var(--_gc-background);
  }
  canvas {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    display: block;
  }
  .message {
    position: absolute;
    inset: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    padding: 1em;
    text-align: center;
    font: 14px/1.4 var(--_gc-font);
    color: var(--_gc-text);
    background: var(--_gc-background);
  }
  .legend {
    position: absolute;
    display: flex;
    flex-wrap: wrap;
    gap: 2px 12px;
    /* at most two lines over the plot (the pane keeps that room free); hovering shows all */
    max-height: calc(2 * 1.4em + 2px);
    overflow: hidden;
    font: 12px/1.4 var(--_gc-font);
    color: var(--_gc-text);
    pointer-events: none;
    user-select: text;
  }
  .legend:hover {
    max-height: none;
    z-index: 2;
    background: var(--_gc-background);
  }
  .legend .item {
    white-space: nowrap;
    pointer-events: auto;
    /* a toggle button that looks like text: click hides and shows its series */
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    margin: 0;
    text-align: left;
    cursor: pointer;
    user-select: text;
  }
  .legend .item[aria-pressed='false'] {
    opacity: 0.45;
  }
  .legend .item[aria-pressed='false'] .name {
    text-decoration: line-through;
  }
  .legend .item:focus-visible,
  .legend .pane-button:focus-visible {
    outline: 2px solid var(--gpu-chart-focus, #2172d9);
    outline-offset: 1px;
  }
  .legend .sep {
    opacity: 0.6;
  }
  .legend .part .swatch {
    margin-right: 3px;
  }
  .legend .pane-controls {
    order: 99;
    pointer-events: auto;
  }
  .legend .pane-button {
    font: 12px/1 var(--_gc-font);
    color: inherit;
    background: var(--_gc-background);
    border: 1px solid var(--_gc-axis);
    border-radius: 3px;
    width: 18px;
    height: 16px;
    padding: 0;
    margin-left: 2px;
    cursor: pointer;
  }
  .legend .swatch {
    display: inline-block;
    width: 9px;
    height: 9px;
    margin-right: 4px;
    border-radius: 2px;
    vertical-align: baseline;
  }
  .legend .value {
    /* a long value (a candle's O/H/L/C) may wrap inside a narrow plot rather than be cut off */
    white-space: normal;
    font-variant-numeric: tabular-nums;
  }
  /* The ring is a box of its own above the canvas, legend and tooltip: an outline on the host
     would be drawn under the opaque .box that fills it. */
  :host(:focus-visible) {
    outline: none;
  }
  .focus-ring {
    display: none;
    position: absolute;
    inset: 0;
    z-index: 5;
    pointer-events: none;
    border: 2px solid var(--gpu-chart-focus, #2172d9);
    border-radius: 2px;
  }
  :host(:focus-visible) .focus-ring {
    display: block;
  }
  .tooltip {
    z-index: 3;
    padding: 4px 8px;
    border: 1px solid var(--_gc-axis);
    border-radius: 4px;
    background: var(--gpu-chart-tooltip-background, var(--_gc-background));
    color: var(--_gc-text);
    font: 12px/1.4 var(--_gc-font);
    white-space: nowrap;
    box-shadow: 0 2px 6px rgba(0, 0, 0, 0.15);
  }
  .tooltip-time {
    font-weight: 600;
  }
  .tooltip-value {
    font-variant-numeric: tabular-nums;
  }
  .error {
    position: absolute;
    left: 8px;
    right: 8px;
    top: 8px;
    padding: 6px 10px;
    border-radius: 4px;
    font: 12px/1.4 var(--_gc-font);
    color: #fff;
    background: rgba(180, 40, 40, 0.9);
    white-space: pre-wrap;
  }
`;
