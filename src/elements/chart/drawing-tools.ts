/**
 * The drawing side of <gpu-chart>: the editor (chart/drawings/editor.ts) bound to the element,
 * `gpu-drawing` events, `chart.drawings` checked on the way in, and the built-in toolbar
 * (`tools` attribute; `::part(toolbar)`, each button `::part(tool)`, replaceable through
 * `slot="toolbar"`). Buttons hold fixed labels only: no data reaches the DOM as markup.
 * The editor is a lazy chunk, loaded (as one of the engine's parts, so `updateComplete` waits for
 * it) once the chart has a drawing, a tool or a toolbar; until then the methods work on the
 * engine's store directly, and pointer and key input that arrives while it loads is held and
 * handed to it, in order, once it is there (a tool chosen and used at once still draws).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ChartEngine } from '../../chart/engine.js';
import type { DrawingEditor } from '../../chart/drawings/editor.js';
import { drawingAnnouncement, duplicateDrawing } from '../../chart/drawings/duplicate.js';
import { DrawingSurface } from '../../chart/drawings/surface.js';
import { cloneDrawing, DRAWING_TYPES, isDrawingType, mergeStyle, parseDrawing, TOOLS, type Drawing, type DrawingStyle, type DrawingType } from '../../chart/drawings/model.js';
import type { DrawingChange } from '../../chart/drawings/store.js';
import { fire } from '../events.js';

export interface DrawingToolsHost {
  readonly element: HTMLElement;
  announce(text: string): void;
  crosshairIndex(): number;
  error(message: string): void;
  /** The toolbar's state changed: render again. */
  requestUpdate(): void;
}

export class DrawingTools {
  private editorInstance: DrawingEditor | null = null;
  /** Drawings set before the engine exists. */
  private pending: unknown = undefined;
  private magnetOn = false;
  private newStyle: DrawingStyle = {};
  /** The tool chosen while the editor loads. */
  private pendingTool: DrawingType | null = null;
  private attached = false;
  /** Asked for before the engine existed (a toolbar in the first render). */
  private editorWanted = false;
  /** Input that arrived while the editor loaded, for it (null when nothing is loading). */
  private held: Event[] | null = null;
  private surface: DrawingSurface | null = null;

  constructor(
    private readonly host: DrawingToolsHost,
    private readonly engineOf: () => ChartEngine | null,
  ) {}

  /** Loads the editor (once the engine exists: the element's first update) and binds it to the element. */
  private needEditor(): void {
    const engine = this.engineOf();
    if (!engine) this.editorWanted = true;
    if (!engine || this.editorInstance || this.held) return;
    this.holdInput(true);
    engine.loadPart('drawing editor', () => import('../../chart/drawings/editor.js'), (m) => {
      const host = this.host;
      const editor = new m.DrawingEditor({
        element: host.element,
        engine,
        announce: (text) => host.announce(text),
        toolChanged: () => host.requestUpdate(),
        crosshairIndex: () => host.crosshairIndex(),
        formatTime: (t) => engine.formatTime(t),
      });
      editor.magnet = this.magnetOn;
      editor.style = this.newStyle;
      this.editorInstance = editor;
      if (this.pendingTool) editor.tool = this.pendingTool;
      this.pendingTool = null;
      if (this.attached) editor.attach();
      // What was held goes to the editor (listening in the capture phase, before the chart's pan and zoom).
      this.holdInput(false);
      host.requestUpdate();
    })
      // Failed (reported as a gpu-error): the held input goes on to the chart.
      .then(() => this.holdInput(false));
  }

  private static readonly INPUT = ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'keydown'] as const;

  /** Holds the chart's pointer and key input while the editor loads (true), or replays it in order (false). */
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

  /** The engine exists and the element is connected: drawings set before apply, the editor listens. */
  attach(): void {
    this.attached = true;
    if (this.pending !== undefined && this.store) {
      const pending = this.pending;
      this.pending = undefined;
      this.setAll(pending);
    }
    this.editorInstance?.attach();
    if (this.editorWanted) this.needEditor();
  }

  detach(): void {
    this.attached = false;
    this.editorInstance?.detach();
  }

  set magnet(on: boolean) {
    this.magnetOn = on;
    if (this.editorInstance) this.editorInstance.magnet = on;
  }

  undo(): boolean {
    if (this.editorInstance) return this.editorInstance.undo();
    const done = this.store?.undo() ?? false;
    this.host.announce(done ? 'Undone.' : 'Nothing to undo.');
    return done;
  }

  redo(): boolean {
    if (this.editorInstance) return this.editorInstance.redo();
    const done = this.store?.redo() ?? false;
    this.host.announce(done ? 'Redone.' : 'Nothing to redo.');
    return done;
  }

  duplicate(id: string): string | null {
    if (this.editorInstance) return this.editorInstance.duplicate(id);
    const engine = this.engineOf();
    if (!engine) return null;
    this.surface ??= new DrawingSurface(engine);
    const copy = duplicateDrawing(engine.drawings, this.surface, id);
    if (copy) this.host.announce(drawingAnnouncement(copy, 'created', (t) => engine.formatTime(t)));
    return copy?.id ?? null;
  }

  private get store() {
    return this.engineOf()?.drawings ?? null;
  }

  /** Engine callback: drawings changed by the user, undo/redo or a method. */
  static report(element: HTMLElement, changes: DrawingChange[]): void {
    for (const c of changes) fire(element, 'gpu-drawing', { action: c.action, drawing: c.drawing });
  }

  get all(): Drawing[] {
    const store = this.store;
    if (store) return store.all.map(cloneDrawing);
    return Array.isArray(this.pending) ? (this.pending as Drawing[]) : [];
  }

  /** Sets every drawing from code; bad ones are skipped with a `gpu-error` naming them. */
  setAll(list: unknown): void {
    if (list !== null && list !== undefined && !Array.isArray(list)) {
      this.host.error('chart.drawings must be an array of drawings; the drawings are unchanged.');
      return;
    }
    const store = this.store;
    if (!store) {
      this.pending = list;
      return;
    }
    const out: Drawing[] = [];
    const ids = new Set<string>();
    (list ?? []).forEach((raw, i) => {
      const r = parseDrawing(raw, i, () => store.newId());
      if ('error' in r) {
        this.host.error(`${r.error} That drawing is skipped.`);
        return;
      }
      if (ids.has(r.drawing.id)) {
        this.host.error(`drawings[${i}]: the id "${r.drawing.id}" is used twice; that drawing is skipped.`);
        return;
      }
      ids.add(r.drawing.id);
      out.push(r.drawing);
    });
    this.editorInstance?.cancel();
    store.replaceAll(out);
    // Drawings on the chart can be selected and edited.
    if (out.length) this.needEditor();
  }

  /** Adds one drawing as a user edit (undoable, reported); its id, or null when it is refused. */
  add(raw: unknown): string | null {
    const store = this.store;
    if (!store) return null;
    const r = parseDrawing(raw, store.all.length, () => store.newId());
    if ('error' in r) {
      this.host.error(r.error);
      return null;
    }
    if (store.get(r.drawing.id)) r.drawing.id = store.newId();
    store.add(r.drawing);
    this.needEditor();
    return r.drawing.id;
  }

  /** Changes a drawing (anchors, style, levels, locked, hidden) as a user edit. */
  update(id: string, patch: Partial<Drawing>): boolean {
    const d = this.store?.get(id);
    const store = this.store;
    if (!d || !store) return false;
    const r = mergeStyle(d, patch, store.all.indexOf(d));
    if ('error' in r) {
      this.host.error(r.error);
      return false;
    }
    store.replace(r.drawing);
    return true;
  }

  get tool(): DrawingType | null {
    return this.editorInstance ? this.editorInstance.tool : this.pendingTool;
  }

  set tool(tool: string | null) {
    if (tool !== null && !isDrawingType(tool)) {
      this.host.error(`drawingTool: unknown tool ${JSON.stringify(tool)}; known tools: ${DRAWING_TYPES.join(', ')}.`);
      return;
    }
    if (!this.engineOf()) return;
    if (this.editorInstance) this.editorInstance.tool = tool;
    else {
      this.pendingTool = tool;
      if (tool) this.needEditor();
    }
    this.host.requestUpdate();
  }

  set style(style: DrawingStyle) {
    this.newStyle = { ...style };
    if (this.editorInstance) this.editorInstance.style = this.newStyle;
  }

  /** Tools named in the `tools` attribute (empty or `all`: every tool). */
  static toolsOf(attr: string | null | undefined): DrawingType[] {
    if (attr === null || attr === undefined) return [];
    const names = attr.split(/[\s,]+/).filter(Boolean);
    if (!names.length || names.includes('all')) return [...DRAWING_TYPES];
    return names.filter(isDrawingType);
  }

  /** The built-in toolbar, as the fallback content of `slot="toolbar"`. */
  renderToolbar(attr: string | null | undefined): TemplateResult | typeof nothing {
    const tools = DrawingTools.toolsOf(attr);
    if (!tools.length) return nothing;
    // A toolbar edits drawings: the editor comes with it.
    this.needEditor();
    const store = this.store;
    const active = this.tool;
    const pick = (tool: DrawingType) => () => {
      this.tool = active === tool ? null : tool;
      this.host.element.focus({ preventScroll: true });
    };
    const selected = store?.selectedId ?? null;
    const removeSelected = () => {
      const d = store?.get(selected);
      if (!d) return;
      if (d.locked) this.host.announce(`${TOOLS[d.type].name} is locked.`);
      else store!.remove(d.id);
    };
    return html`<slot name="toolbar"
      ><div class="toolbar" part="toolbar" role="toolbar" aria-label="Drawing tools">
        ${tools.map(
          (tool) => html`<button type="button" part="tool" data-tool=${tool} title=${TOOLS[tool].name} aria-label=${TOOLS[tool].name} aria-pressed=${active === tool ? 'true' : 'false'} @click=${pick(tool)}>${TOOLS[tool].short}</button>`,
        )}
        <button type="button" part="tool" data-tool="magnet" title="Magnet: snap to open, high, low, close" aria-label="Magnet" aria-pressed=${this.magnetOn ? 'true' : 'false'} @click=${() => {
          this.magnet = !this.magnetOn;
          this.host.requestUpdate();
        }}>Mag</button>
        <button type="button" part="tool" data-tool="undo" title="Undo (Ctrl+Z)" aria-label="Undo" ?disabled=${!store?.canUndo} @click=${() => this.undo()}>↶</button>
        <button type="button" part="tool" data-tool="redo" title="Redo (Shift+Ctrl+Z)" aria-label="Redo" ?disabled=${!store?.canRedo} @click=${() => this.redo()}>↷</button>
        <button type="button" part="tool" data-tool="delete" title="Delete the selected drawing" aria-label="Delete drawing" ?disabled=${selected === null} @click=${removeSelected}>✕</button>
      </div></slot
    >`;
  }
}
