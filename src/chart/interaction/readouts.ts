/**
 * The interaction's optional readouts, a lazy chunk loaded when a chart first turns one on
 * (text-view.ts): the tooltip's content (`tooltip`: the values under the crosshair, and an M4
 * tile's bucket rows, bucket-rows.ts) and the visually hidden data table (`a11yTable`). The 3D
 * chunk fills its tooltip with `updateTooltip` too.
 */
import type { InteractionTarget } from '../interaction-target.js';
import type { DataTableRows } from './a11y.js';
import { A11Y_TABLE_MAX_ROWS, namedValues } from './a11y.js';
import { stepAt, timeText, type FormatOptions } from './format.js';
import { indexRange } from './search.js';

export { BucketRows } from './bucket-rows.js';

export interface TooltipContent {
  /** The formatted time (first line). */
  time: string;
  /** Series name and formatted value, one line each. */
  rows: Array<[name: string, value: string]>;
}

/** Gap between the pointer and the tooltip, CSS px. */
const OFFSET = 12;

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

function setText(node: Element, text: string): void {
  // skip unchanged text: avoids needless layout work on every pointer move
  if (node.textContent !== text) node.textContent = text;
}

/** Rows of the visible range for the hidden table, at most `maxRows` (sampled evenly beyond). */
export function dataTableRows(
  target: InteractionTarget,
  range: { from: number; to: number },
  fmt: FormatOptions = {},
  maxRows = A11Y_TABLE_MAX_ROWS,
): DataTableRows {
  const times = target.times();
  const { start, end } = indexRange(times, range.from, range.to);
  const total = Math.max(0, end - start);
  const count = Math.min(total, Math.max(0, Math.floor(maxRows)));
  const rows: string[][] = [];
  let columns = ['Time', ...target.seriesNames()];
  for (let k = 0; k < count; k++) {
    // even sample that always includes the first and last visible rows
    const i = count === 1 ? start : start + Math.round((k * (total - 1)) / (count - 1));
    const values = namedValues(target, i);
    if (k === 0) columns = ['Time', ...values.map((v) => v.name)];
    const row = [timeText(times[i], stepAt(times, i), fmt)];
    for (const v of values) row.push(v.text(fmt));
    rows.push(row);
  }
  return { columns, rows, total, sampled: count < total };
}

/** Replaces the table's content with `data` (caption, header, rows), through textContent only. */
export function fillDataTable(table: HTMLTableElement, data: DataTableRows, label: string | undefined): void {
  const doc = table.ownerDocument;
  table.replaceChildren();
  const caption = table.createCaption();
  const name = label?.trim() || 'Chart data';
  const unit = data.unit ?? 'visible rows';
  caption.textContent = data.sampled ? `${name}: ${data.rows.length} of ${data.total} ${unit}, evenly sampled` : `${name}: ${data.total} ${unit}`;
  const head = table.createTHead().insertRow();
  for (const c of data.columns) {
    const th = doc.createElement('th');
    th.scope = 'col';
    th.textContent = c;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of data.rows) {
    const tr = body.insertRow();
    r.forEach((cell, i) => {
      const td = doc.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) (td as HTMLTableCellElement).scope = 'row';
      td.textContent = cell;
      tr.append(td);
    });
  }
}
