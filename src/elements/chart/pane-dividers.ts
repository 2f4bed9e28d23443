/**
 * Dragging the divider between two panes resizes them; the cursor shows where one can be
 * grabbed. Listens on the chart element in the capture phase, so a divider drag is never
 * also a pan or a drawing edit.
 */
import type { ChartEngine } from '../../chart/engine.js';

export class PaneDividers {
  private dragging = -1;

  constructor(
    private readonly element: HTMLElement,
    private readonly engine: () => ChartEngine | null,
    /** A drag ended (the pane heights are part of the chart's state). */
    private readonly moved: () => void = () => {},
  ) {}

  attach(): void {
    this.element.addEventListener('pointerdown', this.onDown, { capture: true });
    this.element.addEventListener('pointermove', this.onHover);
  }

  detach(): void {
    this.element.removeEventListener('pointerdown', this.onDown, { capture: true });
    this.element.removeEventListener('pointermove', this.onHover);
  }

  private top(): number {
    return this.element.getBoundingClientRect().top;
  }

  private onHover = (e: PointerEvent): void => {
    const engine = this.engine();
    if (this.dragging >= 0 || !engine) return;
    this.element.style.cursor = engine.dividerAt(e.clientY - this.top()) >= 0 ? 'row-resize' : '';
  };

  private onDown = (e: PointerEvent): void => {
    const engine = this.engine();
    if (!engine || e.button !== 0) return;
    const index = engine.dividerAt(e.clientY - this.top());
    if (index < 0) return;
    // The divider takes this drag; panning does not see it.
    e.stopPropagation();
    e.preventDefault();
    this.dragging = index;
    const move = (ev: PointerEvent) => this.engine()?.moveDivider(index, ev.clientY - this.top());
    const up = () => {
      this.dragging = -1;
      this.moved();
      window.removeEventListener('pointermove', move, true);
      window.removeEventListener('pointerup', up, true);
      window.removeEventListener('pointercancel', up, true);
    };
    window.addEventListener('pointermove', move, true);
    window.addEventListener('pointerup', up, true);
    window.addEventListener('pointercancel', up, true);
  };
}
