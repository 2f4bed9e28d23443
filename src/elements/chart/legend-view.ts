/**
 * The legend DOM of <gpu-chart>: a row per pane, each entry a toggle button (`aria-pressed`:
 * shown) that hides and shows its series, grouped entries with their parts' short names, and a
 * pane's collapse/maximise buttons. Colours go through the CSSOM (never a style attribute), and
 * the laid-out rows are read back for `toBlob()` so the picture wraps exactly like the screen.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LegendItem, LegendPane } from '../../chart/engine.js';
import type { LegendPaint } from '../../chart/render/export.js';
import type { PaneState } from '../../chart/scene/pane.js';

export interface LegendActions {
  toggle(id: string): void;
  setPaneState(pane: string, state: PaneState): void;
  paneState(pane: string): PaneState;
  /** Whether pane controls are offered (more than one pane). */
  paneControls(): boolean;
}

const swatch = html`<span class="swatch" data-paint="swatch"></span>`;
/** Values are not lit parts: `writeLegendValues` sets them, so a new value re-renders nothing. */
const valueSpan = html` <span class="value" data-paint="text"></span>`;

function itemTemplate(item: LegendItem, actions: LegendActions): TemplateResult {
  return html`<button type="button" class="item" part="legend-item" aria-pressed=${item.hidden ? 'false' : 'true'} @click=${() => actions.toggle(item.id)}
    >${item.colors.length ? swatch : nothing}<span class="name" data-paint="text">${item.title}</span>${item.value
      ? valueSpan
      : nothing}${item.parts.map(
      (p) => html` <span class="sep" data-paint="text" aria-hidden="true">·</span> <span class="part"
          >${p.colors.length ? swatch : nothing}<span class="part-name" data-paint="text">${p.name}</span>
          <span class="value" data-paint="text"></span></span
        >`,
    )}</button
  >`;
}

function paneButtons(pane: LegendPane, actions: LegendActions): TemplateResult | typeof nothing {
  if (!actions.paneControls()) return nothing;
  const state = actions.paneState(pane.id);
  const collapse = state === 'collapsed' ? 'normal' : 'collapsed';
  const maximize = state === 'maximized' ? 'normal' : 'maximized';
  return html`<span class="pane-controls"
    ><button type="button" class="pane-button" part="pane-button" aria-label=${collapse === 'normal' ? 'Restore pane' : 'Collapse pane'} title=${collapse === 'normal' ? 'Restore' : 'Collapse'} data-action=${collapse} @click=${() => actions.setPaneState(pane.id, collapse)}>${collapse === 'normal' ? '▸' : '▾'}</button
    ><button type="button" class="pane-button" part="pane-button" aria-label=${maximize === 'normal' ? 'Restore pane' : 'Maximize pane'} title=${maximize === 'normal' ? 'Restore' : 'Maximize'} data-action=${maximize} @click=${() => actions.setPaneState(pane.id, maximize)}>${maximize === 'normal' ? '❐' : '□'}</button></span
  >`;
}

export function legendTemplate(rows: LegendPane[], actions: LegendActions): TemplateResult[] {
  return rows.map(
    (pane) => html`<div class="legend" part="legend" data-pane=${pane.id}>${paneButtons(pane, actions)}${pane.items.map((item) => itemTemplate(item, actions))}</div>`,
  );
}

/** The swatch colours of an entry in DOM order: its own, then each part's. */
function swatchColors(item: LegendItem): string[][] {
  return [...(item.colors.length ? [item.colors] : []), ...item.parts.filter((p) => p.colors.length).map((p) => p.colors)];
}

/** CSS background of a swatch: one colour, or two halves (up/down). */
export function swatchBackground(colors: string[]): string {
  return colors.length > 1 ? `linear-gradient(135deg, ${colors[0]} 50%, ${colors[1]} 50%)` : colors[0];
}

/** A one-line legend's room (CSS px): the rows' 12px/1.4 line (gpu-chart.styles.ts) and the 4 px kept below it. */
export const LEGEND_ONE_LINE_ROOM = Math.round(12 * 1.4) + 4;

/**
 * Keeps the legend boxes placed and the panes' room for them up to date. A change of values only
 * (every streamed row) neither restyles nor reads layout: a ResizeObserver reports the rare box
 * whose height a longer value changed, after layout, instead of a forced layout every update.
 */
export class LegendPlacement {
  private layoutKey = '';
  private rows: LegendPane[] = [];
  private observer: ResizeObserver | null = null;
  private observed = new Set<Element>();

  constructor(
    private readonly rootOf: () => ParentNode,
    private readonly colorsOf: WeakMap<Element, string[]>,
    private readonly setRoom: (room: Record<string, number>) => void,
  ) {}

  private valueSpans: Array<HTMLElement | null> | null = null;

  /** Whether `rows` differ from the placed ones in their values only (no render needed). */
  sameLayout(rows: LegendPane[]): boolean {
    return this.layoutKey !== '' && legendLayoutKey(rows) === this.layoutKey;
  }

  /** New values for rows of the placed layout: written into the DOM, nothing rendered or measured. */
  writeValues(rows: LegendPane[]): void {
    this.rows = rows;
    // The spans are found once per render: a stream writes values on every display frame.
    this.valueSpans ??= legendValueSpans(this.rootOf(), rows);
    writeValuesInto(this.valueSpans, rows);
  }

  /** After a render of `rows`: values written, boxes placed and measured when their layout changed. */
  update(rows: LegendPane[]): void {
    this.rows = rows;
    this.valueSpans = legendValueSpans(this.rootOf(), rows);
    writeValuesInto(this.valueSpans, rows);
    const key = legendLayoutKey(rows);
    if (key === this.layoutKey) return;
    this.layoutKey = key;
    this.setRoom(placeLegend(this.rootOf(), rows, this.colorsOf));
    this.observe();
  }

  disconnect(): void {
    this.valueSpans = null;
    this.observer?.disconnect();
    this.observer = null;
    this.observed.clear();
    this.layoutKey = '';
  }

  private observe(): void {
    if (typeof ResizeObserver === 'undefined') return;
    this.observer ??= new ResizeObserver(() => this.setRoom(legendRoom(this.rootOf(), this.rows)));
    const boxes = new Set(Array.from(this.rootOf().querySelectorAll('.legend')));
    for (const el of this.observed) if (!boxes.has(el)) this.observer.unobserve(el);
    for (const el of boxes) if (!this.observed.has(el)) this.observer.observe(el);
    this.observed = boxes;
  }
}

/** What the legend's DOM, place and colours depend on: everything but the values' text. */
export function legendLayoutKey(rows: LegendPane[]): string {
  return JSON.stringify(rows.map((p) => [p.id, p.top, p.left, p.width, p.items.map((i) => [i.id, i.title, i.colors, i.hidden, i.value !== '', i.parts.map((q) => [q.name, q.colors])])]));
}

/**
 * Writes the entries' values into the legend DOM (rendered by `legendTemplate` for rows of the
 * same layout): each value span's text, touched only where it changed.
 */
export function writeLegendValues(root: ParentNode, rows: LegendPane[]): void {
  writeValuesInto(legendValueSpans(root, rows), rows);
}

/** The value span of each entry and part of `rows`, in their order (null where the DOM has none). */
function legendValueSpans(root: ParentNode, rows: LegendPane[]): Array<HTMLElement | null> {
  const spans: Array<HTMLElement | null> = [];
  const boxes = root.querySelectorAll<HTMLElement>('.legend');
  rows.forEach((pane, i) => {
    const buttons = boxes[i]?.querySelectorAll<HTMLElement>('.item');
    pane.items.forEach((item, j) => {
      const button = buttons?.[j];
      spans.push(button?.querySelector<HTMLElement>(':scope > .value') ?? null);
      const parts = button?.querySelectorAll<HTMLElement>(':scope > .part > .value');
      item.parts.forEach((_, k) => spans.push(parts?.[k] ?? null));
    });
  });
  return spans;
}

function writeValuesInto(spans: Array<HTMLElement | null>, rows: LegendPane[]): void {
  let n = 0;
  for (const pane of rows) {
    for (const item of pane.items) {
      setText(spans[n++], item.value);
      for (const part of item.parts) setText(spans[n++], part.value);
    }
  }
}

/** The span's one text node changes its data (no node replaced: the cheapest DOM text change). */
function setText(el: HTMLElement | null | undefined, text: string): void {
  if (!el) return;
  const node = el.firstChild;
  if (node instanceof Text && node === el.lastChild) {
    if (node.data !== text) node.data = text;
  } else if (el.textContent !== text) el.textContent = text;
}

/** Each pane's room for its legend box (CSS px), as laid out now. */
function legendRoom(root: ParentNode, rows: LegendPane[]): Record<string, number> {
  const boxes = root.querySelectorAll<HTMLElement>('.legend');
  const room: Record<string, number> = {};
  rows.forEach((pane, i) => {
    if (boxes[i]) room[pane.id] = boxes[i].offsetHeight + 4;
  });
  return room;
}

/** Places the rows over their panes and colours the swatches (CSSOM only). */
export function placeLegend(root: ParentNode, rows: LegendPane[], colorsOf: WeakMap<Element, string[]>): Record<string, number> {
  const boxes = root.querySelectorAll<HTMLElement>('.legend');
  const room: Record<string, number> = {};
  rows.forEach((pane, i) => {
    const box = boxes[i];
    if (!box) return;
    box.style.top = `${pane.top + 2}px`;
    box.style.left = `${pane.left + 6}px`;
    box.style.maxWidth = `${Math.max(40, pane.width - 12)}px`;
    const buttons = box.querySelectorAll<HTMLElement>('.item');
    pane.items.forEach((item, j) => {
      const swatches = buttons[j]?.querySelectorAll<HTMLElement>('.swatch') ?? [];
      swatchColors(item).forEach((colors, k) => {
        const el = swatches[k];
        if (!el) return;
        el.style.setProperty('background', swatchBackground(colors));
        colorsOf.set(el, colors);
      });
    });
    room[pane.id] = box.offsetHeight + 4;
  });
  return room;
}

/** The legend as laid out on screen (CSS px from the chart's corner), for `toBlob()`. */
export function legendPaint(host: Element, root: ParentNode, colorsOf: WeakMap<Element, string[]>): LegendPaint[] {
  const origin = host.getBoundingClientRect();
  const out: LegendPaint[] = [];
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('.legend [data-paint]'))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    // Rows past the legend's two-line limit are cut off on screen: leave them out of the picture too.
    const box = el.closest('.legend')?.getBoundingClientRect();
    if (box && r.bottom > box.bottom + 0.5) continue;
    const rect = { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height };
    const item = el.closest('.item');
    const opacity = item ? Number(getComputedStyle(item).opacity) || 1 : 1;
    if (el.dataset.paint === 'swatch') {
      out.push({ kind: 'swatch', rect, colors: colorsOf.get(el) ?? [], opacity });
    } else {
      const cs = getComputedStyle(el);
      out.push({ kind: 'text', rect, text: el.textContent?.trim() ?? '', font: cs.font, color: cs.color, opacity });
    }
  }
  return out;
}
