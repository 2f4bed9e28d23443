/**
 * The drawing editor: places drawings with the pointer (drag from the first anchor to the
 * second, or click each anchor) or the keyboard (arrows move a cursor, Enter places an anchor),
 * and edits them: select (click or Tab), move, drag a handle, delete, duplicate, undo and redo.
 * It listens on the chart element in the capture phase and takes only the input it uses
 * (pointer presses on drawings or while a tool is active, keys while a tool is active or a
 * drawing is selected); the rest goes on to the chart's pan, zoom and crosshair.
 */
import type { ChartEngine } from '../engine.js';
import { MAIN_PANE } from '../scene/pane.js';
import { cloneDrawing, TOOLS, type Drawing, type DrawingAnchor, type DrawingStyle, type DrawingType } from './model.js';
import { DrawingSurface } from './surface.js';
import type { DrawingStore } from './store.js';
import { drawingAnnouncement, duplicateDrawing, formatPlain } from './duplicate.js';

export interface DrawingEditorHost {
  readonly element: HTMLElement;
  readonly engine: ChartEngine;
  /** The chart's drawings (the engine draws them). */
  readonly store: DrawingStore;
  /** Says something to screen readers (the chart's live region). */
  announce(text: string): void;
  /** The active tool changed (a drawing was finished, or Escape). */
  toolChanged(tool: DrawingType | null): void;
  /** The keyboard crosshair's row, or -1. */
  crosshairIndex(): number;
  formatTime(time: number): string;
}

/** How near (CSS px) a pointer must come to a drawing to pick it. */
const MOUSE_TOLERANCE = 6;
const TOUCH_TOLERANCE = 12;
/** A press that moves less than this (CSS px) is a click. */
const CLICK_SLOP = 3;
/** Keyboard value step: a share of the pane's height. */
const KEY_STEPS_PER_PANE = 40;

type Mode =
  | { kind: 'idle' }
  | { kind: 'placing'; type: DrawingType; pane: string; anchors: DrawingAnchor[]; pointerId: number | null; down: { x: number; y: number } | null; dragged: boolean }
  | { kind: 'dragging'; id: string; handle: number; pointerId: number; start: { x: number; y: number }; original: Drawing; moved: boolean };

export class DrawingEditor {
  /** Snap anchors to the nearest open/high/low/close of the bar. */
  magnet = false;
  /** Style of new drawings. */
  style: DrawingStyle = {};
  private activeTool: DrawingType | null = null;
  private mode: Mode = { kind: 'idle' };
  /** The keyboard cursor while a tool is active: a bar and a value. */
  private cursor: { row: number; value: number; pane: string } | null = null;
  private readonly surface: DrawingSurface;
  private attached = false;

  constructor(private readonly host: DrawingEditorHost) {
    this.surface = new DrawingSurface(host.engine);
  }

  private get store(): DrawingStore {
    return this.host.store;
  }

  attach(): void {
    if (this.attached) return;
    this.attached = true;
    const el = this.host.element;
    el.addEventListener('pointerdown', this.onPointerDown, { capture: true });
    el.addEventListener('pointermove', this.onPointerMove, { capture: true });
    el.addEventListener('pointerup', this.onPointerUp, { capture: true });
    el.addEventListener('pointercancel', this.onPointerCancel, { capture: true });
    el.addEventListener('keydown', this.onKeyDown, { capture: true });
  }

  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    const el = this.host.element;
    el.removeEventListener('pointerdown', this.onPointerDown, { capture: true });
    el.removeEventListener('pointermove', this.onPointerMove, { capture: true });
    el.removeEventListener('pointerup', this.onPointerUp, { capture: true });
    el.removeEventListener('pointercancel', this.onPointerCancel, { capture: true });
    el.removeEventListener('keydown', this.onKeyDown, { capture: true });
    this.cancel();
  }

  get tool(): DrawingType | null {
    return this.activeTool;
  }

  /** Starts a tool (null stops it); a drawing half placed is dropped. */
  set tool(tool: DrawingType | null) {
    if (this.mode.kind === 'placing') this.mode = { kind: 'idle' };
    this.cursor = null;
    this.activeTool = tool;
    this.host.engine.setDrawingPreview(null);
    if (tool) this.host.announce(`${TOOLS[tool].name}: click or press Enter to place ${TOOLS[tool].anchors > 1 ? `its ${TOOLS[tool].anchors} points` : 'it'}; arrow keys move the cursor; Escape cancels.`);
  }

  /** Drops what is in progress (a drag ends where it is). */
  cancel(): void {
    if (this.mode.kind === 'dragging') this.store.endEdit();
    this.mode = { kind: 'idle' };
    this.cursor = null;
    this.host.engine.setDrawingPreview(null);
  }

  // ---- pointer ------------------------------------------------------------------------------

  private local(e: PointerEvent): { x: number; y: number } {
    const r = this.host.element.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private take(e: Event): void {
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  private capture(pointerId: number): void {
    try {
      this.host.element.setPointerCapture(pointerId);
    } catch {
      // the pointer is already gone: nothing to capture
    }
  }

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.defaultPrevented || (e.pointerType === 'mouse' && e.button !== 0) || !e.isPrimary) return;
    const p = this.local(e);
    const paneId = this.surface.paneIdAt(p.x, p.y);
    const mode = this.mode;
    if (this.activeTool) {
      if (!paneId && mode.kind !== 'placing') return;
      const pane = mode.kind === 'placing' ? mode.pane : paneId!;
      const anchor = this.surface.anchorAt(p.x, p.y, pane, this.magnet);
      if (!anchor) return;
      this.take(e);
      this.cursor = null;
      if (mode.kind === 'placing') {
        // click after click: the live anchor stays where it is clicked
        mode.anchors[mode.anchors.length - 1] = anchor;
        mode.pointerId = e.pointerId;
        mode.down = p;
        mode.dragged = false;
        this.capture(e.pointerId);
        this.placed(mode);
        return;
      }
      const placing: Mode = { kind: 'placing', type: this.activeTool, pane, anchors: [anchor, anchor], pointerId: e.pointerId, down: p, dragged: false };
      this.mode = placing;
      this.capture(e.pointerId);
      if (TOOLS[this.activeTool].anchors === 1) {
        placing.anchors.length = 1;
        this.finish(placing);
        return;
      }
      this.showPreview(placing);
      return;
    }
    // No drawings layer yet (it loads with the first drawing): nothing drawn to hit.
    const hit = this.host.engine.drawingsLayer?.hitTest(p.x, p.y, e.pointerType === 'touch' ? TOUCH_TOLERANCE : MOUSE_TOLERANCE, this.store.selectedId);
    if (!hit) {
      if (this.store.selectedId !== null) this.store.select(null);
      return;
    }
    this.take(e);
    this.store.select(hit.id);
    const d = this.store.get(hit.id);
    if (!d) return;
    this.announceSelected(d);
    if (d.locked) return;
    this.mode = { kind: 'dragging', id: d.id, handle: hit.handle, pointerId: e.pointerId, start: p, original: d, moved: false };
    this.capture(e.pointerId);
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    const mode = this.mode;
    if (mode.kind === 'placing') {
      if (mode.pointerId !== null && mode.pointerId !== e.pointerId) return;
      const p = this.local(e);
      if (mode.down && Math.hypot(p.x - mode.down.x, p.y - mode.down.y) > CLICK_SLOP) mode.dragged = true;
      const anchor = this.surface.anchorAt(p.x, p.y, mode.pane, this.magnet);
      if (!anchor) return;
      mode.anchors[mode.anchors.length - 1] = anchor;
      this.showPreview(mode);
      return;
    }
    if (mode.kind !== 'dragging' || mode.pointerId !== e.pointerId) return;
    const p = this.local(e);
    const dx = p.x - mode.start.x;
    const dy = p.y - mode.start.y;
    if (!mode.moved && Math.hypot(dx, dy) <= CLICK_SLOP) return;
    if (!mode.moved) {
      mode.moved = true;
      this.store.beginEdit();
    }
    // the drag is ours: no crosshair or pan while it lasts
    e.stopImmediatePropagation();
    const d = cloneDrawing(mode.original);
    const pane = d.pane ?? MAIN_PANE;
    if (mode.handle >= 0) {
      const anchor = this.surface.anchorAt(p.x, p.y, pane, this.magnet);
      if (anchor) d.anchors[mode.handle] = anchor;
    } else {
      d.anchors = mode.original.anchors.map((a) => this.surface.moveAnchor(a, dx, dy, pane));
    }
    this.store.setLive(d);
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    const mode = this.mode;
    if (mode.kind === 'placing' && mode.pointerId === e.pointerId) {
      mode.pointerId = null;
      // a drag from the first anchor places the second where it is released
      if (mode.dragged) this.placed(mode);
      mode.down = null;
      return;
    }
    if (mode.kind === 'dragging' && mode.pointerId === e.pointerId) {
      this.mode = { kind: 'idle' };
      if (mode.moved) {
        this.store.endEdit();
        const d = this.store.get(mode.id);
        if (d) this.announceSelected(d, 'moved');
      }
    }
  };

  private readonly onPointerCancel = (e: PointerEvent): void => {
    const mode = this.mode;
    if (mode.kind === 'dragging' && mode.pointerId === e.pointerId) {
      // the browser took the gesture: put the drawing back
      this.store.setLive(mode.original);
      this.store.endEdit();
      this.mode = { kind: 'idle' };
    }
  };

  /** The live anchor of a drawing being placed was fixed: finish, or start the next anchor. */
  private placed(mode: Extract<Mode, { kind: 'placing' }>): void {
    const need = TOOLS[mode.type].anchors;
    if (mode.anchors.length >= need) {
      this.finish(mode);
      return;
    }
    mode.anchors.push({ ...mode.anchors[mode.anchors.length - 1] });
    this.showPreview(mode);
    this.host.announce(`${TOOLS[mode.type].name}: point ${mode.anchors.length - 1} of ${need} placed.`);
  }

  private draft(type: DrawingType, pane: string, anchors: DrawingAnchor[]): Drawing {
    const need = TOOLS[type].anchors;
    const filled = anchors.slice(0, need);
    while (filled.length < need) filled.push({ ...filled[filled.length - 1] });
    const d: Drawing = { id: '', type, anchors: filled.map((a) => ({ ...a })), style: { ...this.style } };
    if (pane !== MAIN_PANE) d.pane = pane;
    return d;
  }

  private showPreview(mode: Extract<Mode, { kind: 'placing' }>): void {
    this.host.engine.setDrawingPreview(this.draft(mode.type, mode.pane, mode.anchors));
  }

  private finish(mode: Extract<Mode, { kind: 'placing' }>): void {
    const d = this.draft(mode.type, mode.pane, mode.anchors);
    d.id = this.store.newId();
    this.mode = { kind: 'idle' };
    this.cursor = null;
    this.activeTool = null;
    this.host.engine.setDrawingPreview(null);
    this.store.add(d);
    this.store.select(d.id);
    this.host.toolChanged(null);
    this.announceSelected(d, 'created');
  }

  // ---- keyboard -----------------------------------------------------------------------------

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    // keys typed into the toolbar or other controls inside the chart are theirs
    if (e.composedPath()[0] !== this.host.element) return;
    if (this.handleKey(e)) this.take(e);
  };

  /** Handles a key; true when it was the editor's. */
  handleKey(e: KeyboardEvent): boolean {
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (mod && !e.altKey && key === 'z') {
      if (e.shiftKey) this.redo();
      else this.undo();
      return true;
    }
    if (mod && !e.altKey && key === 'y') {
      this.redo();
      return true;
    }
    if (this.activeTool) return this.toolKey(e, this.activeTool);
    const selected = this.store.get(this.store.selectedId);
    if (e.key === 'Tab' && !mod && !e.altKey) return this.tabTo(e.shiftKey ? -1 : 1);
    if (!selected) return false;
    if (mod && !e.altKey && key === 'd') {
      this.duplicate(selected.id);
      return true;
    }
    if (e.altKey || mod) return false;
    const big = e.shiftKey ? 10 : 1;
    switch (e.key) {
      case 'Escape':
        this.store.select(null);
        this.host.announce('No drawing selected.');
        return true;
      case 'Delete':
      case 'Backspace':
        if (selected.locked) {
          this.host.announce(`${TOOLS[selected.type].name} is locked.`);
          return true;
        }
        this.store.remove(selected.id);
        this.host.announce(`${TOOLS[selected.type].name} deleted.`);
        return true;
      case 'ArrowLeft':
      case 'ArrowRight':
        this.nudge(selected, (e.key === 'ArrowLeft' ? -1 : 1) * big, 0);
        return true;
      case 'ArrowUp':
      case 'ArrowDown':
        this.nudge(selected, 0, (e.key === 'ArrowUp' ? -1 : 1) * big);
        return true;
      default:
        return false;
    }
  }

  /** Moves a drawing by bars (dx) and keyboard value steps (dy, down positive). */
  private nudge(d: Drawing, bars: number, steps: number): void {
    if (d.locked) {
      this.host.announce(`${TOOLS[d.type].name} is locked.`);
      return;
    }
    const pane = d.pane ?? MAIN_PANE;
    const dy = (steps * this.surface.plotHeight(pane)) / KEY_STEPS_PER_PANE;
    const moved = cloneDrawing(d);
    moved.anchors = d.anchors.map((a) => {
      const b = bars ? this.surface.moveByBars(a, bars) : a;
      return dy ? this.surface.moveAnchor(b, 0, dy, pane) : b;
    });
    this.store.replace(moved);
    this.announceSelected(moved, 'moved');
  }

  /** Tab and Shift+Tab walk through the drawings; past the last (or first) focus leaves the chart. */
  private tabTo(direction: number): boolean {
    const ids = this.host.engine.drawingsLayer?.drawnIds() ?? [];
    if (!ids.length) return false;
    const current = ids.indexOf(this.store.selectedId ?? '');
    const next = current < 0 ? (direction > 0 ? 0 : -1) : current + direction;
    if (next < 0 || next >= ids.length) {
      if (current >= 0) this.store.select(null);
      return false;
    }
    this.store.select(ids[next]);
    const d = this.store.get(ids[next]);
    if (d) this.announceSelected(d);
    return true;
  }

  /** Keys while a tool is active: a cursor (bar and value) the keyboard moves and places. */
  private toolKey(e: KeyboardEvent, tool: DrawingType): boolean {
    if (e.altKey || e.ctrlKey || e.metaKey) return false;
    if (e.key === 'Escape') {
      this.tool = null;
      this.host.toolChanged(null);
      this.host.announce('Drawing cancelled.');
      return true;
    }
    const cursor = this.ensureCursor();
    if (!cursor) return false;
    const big = e.shiftKey ? 10 : 1;
    const rows = this.host.engine.times().length;
    switch (e.key) {
      case 'ArrowLeft':
      case 'ArrowRight':
        cursor.row = Math.max(0, Math.min(rows - 1, cursor.row + (e.key === 'ArrowLeft' ? -big : big)));
        break;
      case 'ArrowUp':
      case 'ArrowDown': {
        const anchor = { time: this.host.engine.times()[cursor.row], value: cursor.value };
        const dy = ((e.key === 'ArrowUp' ? -1 : 1) * big * this.surface.plotHeight(cursor.pane)) / KEY_STEPS_PER_PANE;
        cursor.value = this.surface.moveAnchor(anchor, 0, dy, cursor.pane).value;
        break;
      }
      case 'Enter':
      case ' ':
        this.placeAtCursor(tool, cursor);
        return true;
      default:
        return false;
    }
    this.previewCursor(tool, cursor);
    return true;
  }

  private ensureCursor(): { row: number; value: number; pane: string } | null {
    if (this.cursor) return this.cursor;
    const times = this.host.engine.times();
    if (!times.length) return null;
    const pane = this.mode.kind === 'placing' ? this.mode.pane : MAIN_PANE;
    let row = this.host.crosshairIndex();
    if (row < 0) {
      const r = this.host.engine.visibleRange;
      row = Math.max(0, Math.min(times.length - 1, this.surface.rowOf((r.from + r.to) / 2)));
    }
    this.cursor = { row, value: this.surface.valueAtRow(row, pane), pane };
    if (!Number.isFinite(this.cursor.value)) {
      const top = this.surface.toData(0, this.surface.plotHeight(pane) / 2, pane);
      this.cursor.value = top?.value ?? 0;
    }
    return this.cursor;
  }

  private cursorAnchor(cursor: { row: number; value: number }): DrawingAnchor {
    return { time: this.host.engine.times()[cursor.row], value: cursor.value };
  }

  private previewCursor(tool: DrawingType, cursor: { row: number; value: number; pane: string }): void {
    const anchor = this.cursorAnchor(cursor);
    const placed = this.mode.kind === 'placing' ? this.mode.anchors.slice(0, -1) : [];
    this.host.engine.setDrawingPreview(this.draft(tool, cursor.pane, [...placed, anchor]));
    const step = placed.length + 1;
    this.host.announce(`${TOOLS[tool].name}, point ${step} of ${TOOLS[tool].anchors}: ${this.host.formatTime(anchor.time)}, ${formatPlain(anchor.value)}. Enter places it.`);
  }

  private placeAtCursor(tool: DrawingType, cursor: { row: number; value: number; pane: string }): void {
    const anchor = this.cursorAnchor(cursor);
    let mode = this.mode;
    if (mode.kind !== 'placing') {
      mode = { kind: 'placing', type: tool, pane: cursor.pane, anchors: [anchor], pointerId: null, down: null, dragged: false };
      this.mode = mode;
    } else {
      mode.anchors[mode.anchors.length - 1] = anchor;
    }
    this.placed(mode);
    if (this.mode.kind === 'placing') this.previewCursor(tool, cursor);
  }

  // ---- commands (also the element's methods) ------------------------------------------------

  undo(): boolean {
    this.cancel();
    const done = this.store.undo();
    this.host.announce(done ? 'Undone.' : 'Nothing to undo.');
    return done;
  }

  redo(): boolean {
    this.cancel();
    const done = this.store.redo();
    this.host.announce(done ? 'Redone.' : 'Nothing to redo.');
    return done;
  }

  /** A copy of a drawing two bars later and a little lower, selected; its id, or null. */
  duplicate(id: string, copyId?: string): string | null {
    const copy = duplicateDrawing(this.store, this.surface, id, copyId);
    if (copy) this.announceSelected(copy, 'created');
    return copy?.id ?? null;
  }

  private announceSelected(d: Drawing, what: 'selected' | 'created' | 'moved' = 'selected'): void {
    this.host.announce(drawingAnnouncement(d, what, this.host.formatTime));
  }
}
