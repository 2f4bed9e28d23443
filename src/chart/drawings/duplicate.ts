/** Duplicating a drawing, and what the live region says about one (editor.ts). */
import { MAIN_PANE } from '../scene/pane.js';
import { cloneDrawing, TOOLS, type Drawing } from './model.js';
import type { DrawingStore } from './store.js';
import type { DrawingSurface } from './surface.js';

/**
 * A copy of a drawing two bars later and a little lower, added and selected; null when there is no
 * such drawing. `copyId`: the id the element handed out for it before the drawings chunk arrived.
 */
export function duplicateDrawing(store: DrawingStore, surface: DrawingSurface, id: string, copyId?: string): Drawing | null {
  const d = store.get(id);
  if (!d) return null;
  const copy = cloneDrawing(d);
  copy.id = copyId && !store.get(copyId) ? copyId : store.newId();
  copy.locked = false;
  const pane = d.pane ?? MAIN_PANE;
  copy.anchors = d.anchors.map((a) => surface.moveAnchor(surface.moveByBars(a, 2), 0, 12, pane));
  store.add(copy);
  store.select(copy.id);
  return copy;
}

/** `Trend line created: …, … to …, …. Arrow keys move it, Delete removes it.` */
export function drawingAnnouncement(d: Drawing, what: 'selected' | 'created' | 'moved', formatTime: (time: number) => string): string {
  const points = d.anchors.map((a) => `${formatTime(a.time)}, ${formatPlain(a.value)}`).join(' to ');
  const help = what === 'moved' ? '' : d.locked ? ' It is locked.' : ' Arrow keys move it, Delete removes it.';
  return `${TOOLS[d.type].name} ${what}: ${points}.${help}`;
}

export function formatPlain(v: number): string {
  return Number.isFinite(v) ? String(+v.toPrecision(6)) : '–';
}
