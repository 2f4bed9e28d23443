/**
 * The drawing side of <gpu-chart>: the editor (chart/drawings/editor.ts) bound to the element,
 * `gpu-drawing` events, `chart.drawings` checked on the way in, and the built-in toolbar
 * (`tools` attribute; `::part(toolbar)`, each button `::part(tool)`, replaceable through
 * `slot="toolbar"`). Buttons hold fixed labels only: no data reaches the DOM as markup.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ChartEngine } from '../../chart/engine.js';
import { DrawingEditor } from '../../chart/drawings/editor.js';
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

  constructor(
    private readonly host: DrawingToolsHost,
    private readonly engineOf: () => ChartEngine | null,
  ) {}

  /** The editor, made once the engine exists (the element's first update). */
  private get editor(): DrawingEditor | null {
    const engine = this.engineOf();
    if (!engine) return null;
    if (!this.editorInstance) {
      const host = this.host;
      this.editorInstance = new DrawingEditor({
        element: host.element,
        engine,
        announce: (text) => host.announce(text),
        toolChanged: () => host.requestUpdate(),
        crosshairIndex: () => host.crosshairIndex(),
        formatTime: (t) => engine.formatTime(t),
      });
      this.editorInstance.magnet = this.magnetOn;
      this.editorInstance.style = this.newStyle;
      if (this.pending !== undefined) this.setAll(this.pending);
      this.pending = undefined;
    }
    return this.editorInstance;
  }

  attach(): void {
    this.editor?.attach();
  }

  detach(): void {
    this.editorInstance?.detach();
  }

  set magnet(on: boolean) {
    this.magnetOn = on;
    if (this.editorInstance) this.editorInstance.magnet = on;
  }

  undo(): boolean {
    return this.editor?.undo() ?? false;
  }

  redo(): boolean {
    return this.editor?.redo() ?? false;
  }

  duplicate(id: string): string | null {
    return this.editor?.duplicate(id) ?? null;
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
    const editor = this.editor;
    if (!store || !editor) {
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
    editor.cancel();
    store.replaceAll(out);
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
    return this.editorInstance?.tool ?? null;
  }

  set tool(tool: string | null) {
    if (tool !== null && !isDrawingType(tool)) {
      this.host.error(`drawingTool: unknown tool ${JSON.stringify(tool)}; known tools: ${DRAWING_TYPES.join(', ')}.`);
      return;
    }
    const editor = this.editor;
    if (!editor) return;
    editor.tool = tool;
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
