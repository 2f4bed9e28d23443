/**
 * The tooltip: a DOM box (`part="tooltip"`) next to the pointer with the row's time and values.
 * Made and hidden here; filled (readouts.ts, a lazy chunk) with textContent only (data never goes
 * through innerHTML), its nodes reused from move to move, and kept inside the chart box.
 */

/**
 * Creates the (hidden) tooltip element. Only the positioning is set inline; its look (background,
 * border, font) belongs to the chart's stylesheet and to `::part(tooltip)`.
 */
export function createTooltip(doc: Document = document): HTMLDivElement {
  const el = doc.createElement('div');
  el.setAttribute('part', 'tooltip');
  el.className = 'tooltip';
  // the live region speaks for keyboard users; the tooltip is for the eye only
  el.setAttribute('aria-hidden', 'true');
  el.style.position = 'absolute';
  el.style.left = '0';
  el.style.top = '0';
  el.style.pointerEvents = 'none';
  el.hidden = true;
  return el;
}

export function hideTooltip(el: HTMLElement): void {
  el.hidden = true;
}
