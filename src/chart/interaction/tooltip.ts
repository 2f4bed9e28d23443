/**
 * The tooltip: a DOM box (`part="tooltip"`) next to the pointer with the row's time and values.
 * Filled with textContent only (data never goes through innerHTML), its nodes reused from move
 * to move, and kept inside the chart box.
 */

export interface TooltipContent {
  /** The formatted time (first line). */
  time: string;
  /** Series name and formatted value, one line each. */
  rows: Array<[name: string, value: string]>;
}

/** Gap between the pointer and the tooltip, CSS px. */
const OFFSET = 12;

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

/**
 * Shows `content` at pointer (x, y) in a box of `box` size (CSS px, relative to the chart):
 * right and below of the pointer, flipped to the other side when it would overflow, then clamped.
 */
export function updateTooltip(
  el: HTMLElement,
  content: TooltipContent,
  x: number,
  y: number,
  box: { width: number; height: number },
): void {
  const doc = el.ownerDocument;
  const lines = content.rows.length + 1;
  while (el.childElementCount > lines) el.lastElementChild!.remove();
  while (el.childElementCount < lines) {
    const line = doc.createElement('div');
    if (el.childElementCount === 0) line.className = 'tooltip-time';
    else {
      line.className = 'tooltip-row';
      const name = doc.createElement('span');
      name.className = 'tooltip-name';
      const value = doc.createElement('span');
      value.className = 'tooltip-value';
      line.append(name, doc.createTextNode(' '), value);
    }
    el.append(line);
  }
  const children = el.children;
  setText(children[0], content.time);
  for (let i = 0; i < content.rows.length; i++) {
    const line = children[i + 1];
    setText(line.firstElementChild!, content.rows[i][0]);
    setText(line.lastElementChild!, content.rows[i][1]);
  }
  el.hidden = false;
  const w = el.offsetWidth;
  const h = el.offsetHeight;
  let left = x + OFFSET;
  if (left + w > box.width) left = x - OFFSET - w;
  let top = y + OFFSET;
  if (top + h > box.height) top = y - OFFSET - h;
  left = Math.max(0, Math.min(left, box.width - w));
  top = Math.max(0, Math.min(top, box.height - h));
  el.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
}

export function hideTooltip(el: HTMLElement): void {
  el.hidden = true;
}

function setText(node: Element, text: string): void {
  // skip unchanged text: avoids needless layout work on every pointer move
  if (node.textContent !== text) node.textContent = text;
}
