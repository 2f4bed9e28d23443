/**
 * The drawings of one chart, the selection and the undo history. Every user edit goes through
 * `commit` (one undo step) or a live edit (`beginEdit` … `setLive` … `endEdit`, one step for a
 * whole drag). Changes are reported as created / changed / removed / selected, found by
 * comparing the lists before and after, so undo and redo report what they change too.
 */
import { cloneDrawing, type Drawing } from './model.js';

export type DrawingAction = 'created' | 'changed' | 'removed' | 'selected';

export interface DrawingChange {
  action: DrawingAction;
  /** The drawing after the change (before it, for `removed`); null when nothing is selected. */
  drawing: Drawing | null;
}

/** Most undo steps kept. */
const HISTORY = 200;

export class DrawingStore {
  private list: Drawing[] = [];
  private undoStack: Drawing[][] = [];
  private redoStack: Drawing[][] = [];
  private editStart: Drawing[] | null = null;
  private counter = 0;
  private selected: string | null = null;

  constructor(
    private readonly report: (changes: DrawingChange[]) => void,
    private readonly redraw: () => void,
  ) {}

  get all(): readonly Drawing[] {
    return this.list;
  }

  get(id: string | null): Drawing | undefined {
    return id === null ? undefined : this.list.find((d) => d.id === id);
  }

  get selectedId(): string | null {
    return this.selected;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** An id no drawing has. */
  newId(): string {
    let id: string;
    do id = `drawing-${++this.counter}`;
    while (this.list.some((d) => d.id === id));
    return id;
  }

  /** Replaces every drawing from code: no undo step, no events; the selection stays if its drawing does. */
  replaceAll(list: Drawing[]): void {
    this.list = list;
    this.undoStack = [];
    this.redoStack = [];
    this.editStart = null;
    if (this.selected !== null && !this.get(this.selected)) this.selected = null;
    this.redraw();
  }

  /** A user edit: one undo step, reported. */
  commit(next: Drawing[]): void {
    const before = this.list;
    this.pushUndo(before);
    this.redoStack = [];
    this.apply(before, next);
  }

  add(d: Drawing): void {
    this.commit([...this.list, d]);
  }

  /** Replaces one drawing (same id) as a user edit. */
  replace(d: Drawing): void {
    if (!this.get(d.id)) return;
    this.commit(this.list.map((x) => (x.id === d.id ? d : x)));
  }

  remove(id: string): boolean {
    if (!this.get(id)) return false;
    if (this.selected === id) this.select(null);
    this.commit(this.list.filter((d) => d.id !== id));
    return true;
  }

  /** Starts an edit made of many live steps (a drag): one undo step when it ends. */
  beginEdit(): void {
    this.editStart ??= this.list;
  }

  /** One live step of the edit: drawn at once, reported when the edit ends. */
  setLive(d: Drawing): void {
    this.list = this.list.map((x) => (x.id === d.id ? d : x));
    this.redraw();
  }

  endEdit(): void {
    const start = this.editStart;
    this.editStart = null;
    if (!start) return;
    const current = this.list;
    if (sameList(start, current)) return;
    this.pushUndo(start);
    this.redoStack = [];
    this.apply(start, current);
  }

  undo(): boolean {
    this.endEdit();
    const previous = this.undoStack.pop();
    if (!previous) return false;
    this.redoStack.push(this.list);
    this.apply(this.list, previous);
    return true;
  }

  redo(): boolean {
    this.endEdit();
    const next = this.redoStack.pop();
    if (!next) return false;
    this.undoStack.push(this.list);
    this.apply(this.list, next);
    return true;
  }

  select(id: string | null): void {
    if (id !== null && !this.get(id)) id = null;
    if (id === this.selected) return;
    this.selected = id;
    this.redraw();
    const d = this.get(id);
    this.report([{ action: 'selected', drawing: d ? cloneDrawing(d) : null }]);
  }

  private pushUndo(list: Drawing[]): void {
    this.undoStack.push(list);
    if (this.undoStack.length > HISTORY) this.undoStack.shift();
  }

  private apply(before: Drawing[], after: Drawing[]): void {
    this.list = after;
    if (this.selected !== null && !this.get(this.selected)) this.selected = null;
    this.redraw();
    const old = new Map(before.map((d) => [d.id, d]));
    const changes: DrawingChange[] = [];
    for (const d of after) {
      const was = old.get(d.id);
      if (!was) changes.push({ action: 'created', drawing: cloneDrawing(d) });
      else if (was !== d && JSON.stringify(was) !== JSON.stringify(d)) changes.push({ action: 'changed', drawing: cloneDrawing(d) });
      old.delete(d.id);
    }
    for (const d of old.values()) changes.push({ action: 'removed', drawing: cloneDrawing(d) });
    if (changes.length) this.report(changes);
  }
}

function sameList(a: Drawing[], b: Drawing[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i] || JSON.stringify(d) === JSON.stringify(b[i]));
}
