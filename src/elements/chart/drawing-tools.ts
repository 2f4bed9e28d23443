/**
 * The drawing side of <gpu-chart> as the element's core holds it: `gpu-drawing` events aside, all
 * of drawings is a lazy chunk (drawings-part.ts: the store, the layer, the editor, the checks,
 * the toolbar), loaded once per page, the first time a chart uses drawings (a drawing set or
 * added, a tool chosen, the `tools` toolbar), as one of the engine's parts: no frame is drawn, and
 * `updateComplete` waits, until it is there. Once it is there every later call, on any chart, is
 * answered at once. Before that, the calls wait for it in order, and are answered from what they
 * were given: `drawings` reads the list set, `drawingTool` the tool chosen; `addDrawing` returns
 * the id the drawing will have (a drawing the checks refuse is reported as a `gpu-error` when the
 * chunk arrives); `updateDrawing`, `removeDrawing`, `duplicateDrawing` and `undo`/`redo` answer
 * for the drawings set or added meanwhile (a chart without the chunk has no drawings). Pointer and
 * key input that arrives while it loads is held and handed to the editor, in order, once it is
 * there (a tool chosen and used at once still draws).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ChartEngine } from '../../chart/engine.js';
import { LazyModule } from '../../chart/lazy-parts.js';
import { DRAWING_TYPES, isDrawingType, type DrawingType } from '../../chart/drawings/types.js';
import type { Drawing, DrawingStyle } from '../../chart/drawings/model.js';
import type { DrawingsPart } from './drawings-part.js';

export interface DrawingToolsHost {
  readonly element: HTMLElement;
  announce(text: string): void;
  crosshairIndex(): number;
  error(message: string): void;
  /** The toolbar's state changed: render again. */
  requestUpdate(): void;
}

/** The drawings chunk: loaded once per page. */
const drawingsModule = new LazyModule(() => import('./drawings-part.js'));

export class DrawingTools {
  private part: DrawingsPart | null = null;
  /** Calls made before the part was there, run in order when it is. */
  private waiting: Array<(part: DrawingsPart) => void> = [];
  /** The drawings last set while waiting (what `drawings` reads meanwhile). */
  private pendingList: readonly unknown[] | null = null;
  /** The tool chosen while waiting. */
  private pendingTool: DrawingType | null = null;
  /** Ids of the drawings set, added or copied while waiting (answers for updateDrawing and the like, and no id is handed out twice). */
  private readonly knownIds = new Set<string>();
  private idCounter = 0;
  private magnetOn = false;
  private newStyle: DrawingStyle = {};
  private attached = false;
  /** Asked for before the engine existed (a toolbar in the first render, drawings set before connecting). */
  private wanted = false;
  /** The last render had a toolbar (the `tools` attribute). */
  private toolbarShown = false;
  /** Input that arrived while the part loaded, for its editor (null when nothing is loading). */
  private held: Event[] | null = null;

  constructor(
    private readonly host: DrawingToolsHost,
    private readonly engineOf: () => ChartEngine | null,
  ) {}

  /** The part: made at once when its module is here and the engine exists, else asked for (null meanwhile). */
  private need(): DrawingsPart | null {
    if (this.part) return this.part;
    const engine = this.engineOf();
    const m = drawingsModule.module;
    if (engine && m && !this.held) this.make(m.DrawingsPart, engine);
    else if (!engine) this.wanted = true;
    else if (!this.held) this.load(engine);
    return this.part;
  }

  private load(engine: ChartEngine): void {
    this.holdInput(true);
    engine
      .loadPart('drawings', () => drawingsModule.load(), (m) => this.make(m.DrawingsPart, engine))
      // Failed (reported as a gpu-error): the held input goes on to the chart.
      .then(() => this.holdInput(false));
  }

  private make(Part: typeof DrawingsPart, engine: ChartEngine): void {
    const part = new Part(this.host, engine);
    this.part = part;
    part.magnet = this.magnetOn;
    part.style = this.newStyle;
    const steps = this.waiting;
    this.waiting = [];
    this.pendingList = null;
    this.pendingTool = null;
    this.knownIds.clear();
    for (const step of steps) step(part);
    if (this.attached) part.attach();
    // What was held goes to the editor (listening in the capture phase, before the chart's pan and zoom).
    this.holdInput(false);
    // The toolbar (the slot alone until now) renders with the part; without one nothing changes in the DOM.
    if (this.toolbarShown) this.host.requestUpdate();
  }

  /** Runs `step` on the part now when it is there, else once it is (asking for it). */
  private withPart(step: (part: DrawingsPart) => void): void {
    const part = this.waiting.length ? null : this.need();
    if (part) return step(part);
    this.waiting.push(step);
    this.need();
  }

  private static readonly INPUT = ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'keydown'] as const;

  /** Holds the chart's pointer and key input while the part loads (true), or replays it in order (false). */
  private holdInput(on: boolean): void {
    const el = this.host.element;
    if (on) {
      this.held = [];
      for (const type of DrawingTools.INPUT) el.addEventListener(type, this.hold, { capture: true });
      return;
    }
    if (!this.held) return;
    const held = this.held;
    this.held = null;
    for (const type of DrawingTools.INPUT) el.removeEventListener(type, this.hold, { capture: true });
    for (const e of held) el.dispatchEvent(e);
  }

  private readonly hold = (e: Event): void => {
    // Only what the editor might take: not presses on the toolbar's buttons, nor keys typed into them.
    const path = e.composedPath();
    if (e.type === 'keydown' ? path[0] !== this.host.element : path.some((n) => n instanceof HTMLButtonElement)) return;
    this.held?.push(e);
    e.stopImmediatePropagation();
  };

  /** The engine exists and the element is connected: what was asked for before loads, the editor listens. */
  attach(): void {
    this.attached = true;
    this.part?.attach();
    if (this.wanted) {
      this.wanted = false;
      // After the element's first update (which calls this): the part renders the toolbar in the next one.
      queueMicrotask(() => this.need());
    }
  }

  detach(): void {
    this.attached = false;
    this.part?.detach();
  }

  set magnet(on: boolean) {
    this.magnetOn = on;
    if (this.part) this.part.magnet = on;
  }

  set style(style: DrawingStyle) {
    this.newStyle = { ...style };
    if (this.part) this.part.style = this.newStyle;
  }

  get all(): Drawing[] {
    if (this.part) return this.part.all;
    return (this.pendingList ?? []) as Drawing[];
  }

  /** Sets every drawing from code; bad ones are skipped with a `gpu-error` naming them. */
  setAll(list: unknown): void {
    if (list !== null && list !== undefined && !Array.isArray(list)) {
      this.host.error('chart.drawings must be an array of drawings; the drawings are unchanged.');
      return;
    }
    const items: readonly unknown[] = list ?? [];
    // No drawings on a chart that has none: nothing to load.
    if (!this.part && !this.waiting.length && !items.length) return;
    if (!this.part || this.waiting.length) {
      this.pendingList = items;
      this.knownIds.clear();
      for (const raw of items) this.noteId(raw);
    }
    this.withPart((part) => part.setAll(items));
  }

  /** Adds one drawing as a user edit (undoable, reported); its id, or null when it is refused. */
  add(raw: unknown): string | null {
    const part = this.waiting.length ? null : this.need();
    if (part) return part.add(raw);
    const o = raw as { id?: unknown; type?: unknown } | null;
    if (!o || typeof o !== 'object' || !isDrawingType(o.type)) {
      // Refused at once, as the part would refuse it (its messages).
      const where = `drawings[${this.knownIds.size}]`;
      const name = o && typeof o === 'object' && typeof o.id === 'string' && o.id ? `${where} ("${o.id}")` : where;
      this.host.error(!o || typeof o !== 'object' ? `${where} is not an object.` : `${name}: unknown type ${JSON.stringify(o.type)}; known types: ${DRAWING_TYPES.join(', ')}.`);
      return null;
    }
    // Waiting: the id it will have (its own when unused, else a new one).
    const id = typeof o.id === 'string' && o.id && !this.knownIds.has(o.id) ? o.id : this.newId();
    this.knownIds.add(id);
    this.withPart((p) => p.add({ ...o, id }));
    return id;
  }

  private newId(): string {
    let id: string;
    do id = `drawing-${++this.idCounter}`;
    while (this.knownIds.has(id));
    return id;
  }

  private noteId(raw: unknown): void {
    const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    if (typeof id === 'string') this.knownIds.add(id);
  }

  /** Whether a call on this id would find a drawing: always asked of the part once it is there. */
  private waitingFor(id: string, step: (part: DrawingsPart) => void): boolean {
    if (!this.knownIds.has(id)) return false;
    this.withPart(step);
    return true;
  }

  /** Changes a drawing (anchors, style, levels, locked, hidden) as a user edit. */
  update(id: string, patch: Partial<Drawing>): boolean {
    if (this.part && !this.waiting.length) return this.part.update(id, patch);
    return this.waitingFor(id, (part) => part.update(id, patch));
  }

  remove(id: string): boolean {
    if (this.part && !this.waiting.length) return this.part.store.remove(id);
    if (!this.waitingFor(id, (part) => part.store.remove(id))) return false;
    this.knownIds.delete(id);
    return true;
  }

  duplicate(id: string): string | null {
    if (this.part && !this.waiting.length) return this.part.duplicate(id);
    if (!this.knownIds.has(id)) return null;
    const copyId = this.newId();
    this.knownIds.add(copyId);
    this.withPart((part) => part.duplicate(id, copyId));
    return copyId;
  }

  get selectedId(): string | null {
    return this.part?.store.selectedId ?? null;
  }

  select(id: string | null): void {
    if (this.part && !this.waiting.length) this.part.store.select(id);
    else if (this.waiting.length) this.withPart((part) => part.store.select(id));
  }

  undo(): boolean {
    if (this.part && !this.waiting.length) return this.part.undo();
    return this.history('undo');
  }

  redo(): boolean {
    if (this.part && !this.waiting.length) return this.part.redo();
    return this.history('redo');
  }

  /** Undo or redo while waiting: after the edits waiting (true when there are any), else nothing to do (a chart without the part has no history). */
  private history(what: 'undo' | 'redo'): boolean {
    if (!this.waiting.length) {
      this.host.announce(what === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.');
      return false;
    }
    this.withPart((part) => part[what]());
    return true;
  }

  get tool(): DrawingType | null {
    return this.part ? this.part.tool : this.pendingTool;
  }

  set tool(tool: string | null) {
    if (tool !== null && !isDrawingType(tool)) {
      this.host.error(`drawingTool: unknown tool ${JSON.stringify(tool)}; known tools: ${DRAWING_TYPES.join(', ')}.`);
      return;
    }
    if (!this.engineOf()) return;
    if (this.part && !this.waiting.length) this.part.tool = tool;
    else if (tool || this.waiting.length) {
      this.pendingTool = tool;
      this.withPart((part) => (part.tool = tool));
    }
    this.host.requestUpdate();
  }

  /** Tools named in the `tools` attribute (empty or `all`: every tool). */
  static toolsOf(attr: string | null | undefined): DrawingType[] {
    if (attr === null || attr === undefined) return [];
    const names = attr.split(/[\s,]+/).filter(Boolean);
    if (!names.length || names.includes('all')) return [...DRAWING_TYPES];
    return names.filter(isDrawingType);
  }

  /** The built-in toolbar, as the fallback content of `slot="toolbar"` (the slot alone while the part loads). */
  renderToolbar(attr: string | null | undefined): TemplateResult | typeof nothing {
    const tools = DrawingTools.toolsOf(attr);
    this.toolbarShown = tools.length > 0;
    if (!tools.length) return nothing;
    // A toolbar edits drawings: the part comes with it.
    const part = this.need();
    return part ? part.renderToolbar(tools) : html`<slot name="toolbar"></slot>`;
  }
}
