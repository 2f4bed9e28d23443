/**
 * The drawings of one <gpu-chart>, a lazy chunk (loaded by drawing-tools.ts the first time a chart
 * uses drawings): the store (list, selection, undo history), the layer that draws it (handed to
 * the engine), the editor (pointer and keyboard editing, bound to the element), `chart.drawings`
 * and `addDrawing`/`updateDrawing` checked on the way in, and the built-in toolbar. Buttons hold
 * fixed labels only: no data reaches the DOM as markup.
 */
import { css, html, type TemplateResult } from 'lit';
import type { ChartEngine } from '../../chart/engine.js';
import { DrawingEditor } from '../../chart/drawings/editor.js';
import { DrawingStore } from '../../chart/drawings/store.js';
import { DrawingsLayer } from '../../chart/layers/drawings.js';
import { cloneDrawing, mergeStyle, parseDrawing, TOOLS, type Drawing, type DrawingStyle, type DrawingType } from '../../chart/drawings/model.js';
import type { DrawingToolsHost } from './drawing-tools.js';

/** The toolbar's styles, added to the chart's shadow root with the part (only charts with drawings need them). */
const toolbarStyles = css`
  .toolbar {
    position: absolute;
    z-index: 2;
    left: 4px;
    bottom: 30px;
    display: flex;
    flex-wrap: wrap;
    gap: 2px;
    max-width: calc(100% - 80px);
    padding: 2px;
    border-radius: 4px;
    background: var(--gpu-chart-toolbar-background, color-mix(in srgb, var(--_gc-background) 88%, transparent));
    box-shadow: 0 1px 3px rgba(0, 0, 0, 0.15);
  }
  .toolbar button {
    min-width: 26px;
    height: 24px;
    padding: 0 4px;
    border: 1px solid transparent;
    border-radius: 3px;
    background: transparent;
    color: var(--_gc-text);
    font: 13px/1 var(--_gc-font);
    cursor: pointer;
  }
  .toolbar button:hover {
    border-color: var(--_gc-axis);
  }
  .toolbar button[aria-pressed='true'] {
    background: var(--gpu-chart-focus, #2172d9);
    color: #fff;
  }
  .toolbar button:disabled {
    opacity: 0.4;
    cursor: default;
  }
  .toolbar button:focus-visible {
    outline: 2px solid var(--gpu-chart-focus, #2172d9);
  }
`;

export class DrawingsPart {
  readonly store: DrawingStore;
  private readonly editor: DrawingEditor;
  private magnetOn = false;

  constructor(
    private readonly host: DrawingToolsHost,
    engine: ChartEngine,
  ) {
    this.store = new DrawingStore(
      (changes) => engine.reportDrawings(changes),
      () => engine.drawingsChanged(),
    );
    engine.attachDrawings(this.store, (source) => new DrawingsLayer(source));
    const root = host.element.shadowRoot;
    const sheet = toolbarStyles.styleSheet;
    if (root && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.editor = new DrawingEditor({
      element: host.element,
      engine,
      store: this.store,
      announce: (text) => host.announce(text),
      toolChanged: () => host.requestUpdate(),
      crosshairIndex: () => host.crosshairIndex(),
      formatTime: (t) => engine.formatTime(t),
    });
  }

  attach(): void {
    this.editor.attach();
  }

  detach(): void {
    this.editor.detach();
  }

  set magnet(on: boolean) {
    this.magnetOn = on;
    this.editor.magnet = on;
  }

  get magnet(): boolean {
    return this.magnetOn;
  }

  set style(style: DrawingStyle) {
    this.editor.style = style;
  }

  get tool(): DrawingType | null {
    return this.editor.tool;
  }

  set tool(tool: DrawingType | null) {
    this.editor.tool = tool;
  }

  undo(): boolean {
    return this.editor.undo();
  }

  redo(): boolean {
    return this.editor.redo();
  }

  duplicate(id: string, copyId?: string): string | null {
    return this.editor.duplicate(id, copyId);
  }

  get all(): Drawing[] {
    return this.store.all.map(cloneDrawing);
  }

  /** Sets every drawing from code (an array, checked by the caller); bad ones are skipped with a `gpu-error` naming them. */
  setAll(list: readonly unknown[]): void {
    const store = this.store;
    const out: Drawing[] = [];
    const ids = new Set<string>();
    list.forEach((raw, i) => {
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
    this.editor.cancel();
    store.replaceAll(out);
  }

  /** Adds one drawing as a user edit (undoable, reported); its id, or null when it is refused. */
  add(raw: unknown): string | null {
    const store = this.store;
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
    const store = this.store;
    const d = store.get(id);
    if (!d) return false;
    const r = mergeStyle(d, patch, store.all.indexOf(d));
    if ('error' in r) {
      this.host.error(r.error);
      return false;
    }
    store.replace(r.drawing);
    return true;
  }

  /** The built-in toolbar with these tools, as the fallback content of `slot="toolbar"`. */
  renderToolbar(tools: readonly DrawingType[]): TemplateResult {
    const store = this.store;
    const active = this.tool;
    const pick = (tool: DrawingType) => () => {
      this.tool = active === tool ? null : tool;
      this.host.requestUpdate();
      this.host.element.focus({ preventScroll: true });
    };
    const selected = store.selectedId;
    const removeSelected = () => {
      const d = store.get(selected);
      if (!d) return;
      if (d.locked) this.host.announce(`${TOOLS[d.type].name} is locked.`);
      else store.remove(d.id);
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
        <button type="button" part="tool" data-tool="undo" title="Undo (Ctrl+Z)" aria-label="Undo" ?disabled=${!store.canUndo} @click=${() => this.undo()}>↶</button>
        <button type="button" part="tool" data-tool="redo" title="Redo (Shift+Ctrl+Z)" aria-label="Redo" ?disabled=${!store.canRedo} @click=${() => this.redo()}>↷</button>
        <button type="button" part="tool" data-tool="delete" title="Delete the selected drawing" aria-label="Delete drawing" ?disabled=${selected === null} @click=${removeSelected}>✕</button>
      </div></slot
    >`;
  }
}
