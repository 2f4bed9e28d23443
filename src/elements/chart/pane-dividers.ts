/** Dragging the line between two panes resizes them (the cursor says so on hover). */
import type { ChartEngine } from '../../chart/engine.js';

export class PaneDividers {
  private dragging = -1;

  constructor(
    private readonly host: HTMLElement,
    private readonly engine: () => ChartEngine | null,
  ) {}

  attach(): void {
    this.host.addEventListener('pointerdown', this.onDown, { capture: true });
    this.host.addEventListener('pointermove', this.onHover);
  }

  detach(): void {
    this.host.removeEventListener('pointerdown', this.onDown, { capture: true });
    this.host.removeEventListener('pointermove', this.onHover);
  }

  private readonly onHover = (e: PointerEvent): void => {
    const engine = this.engine();
    if (this.dragging >= 0 || !engine) return;
    const y = e.clientY - this.host.getBoundingClientRect().top;
    this.host.style.cursor = engine.dividerAt(y) >= 0 ? 'row-resize' : '';
  };

  private readonly onDown = (e: PointerEvent): void => {
    const engine = this.engine();
    if (!engine || e.button !== 0) return;
    const index = engine.dividerAt(e.clientY - this.host.getBoundingClientRect().top);
    if (index < 0) return;
    // The divider takes this drag; panning does not see it.
    e.stopPropagation();
    e.preventDefault();
    this.dragging = index;
    const move = (ev: PointerEvent) => this.engine()?.moveDivider(index, ev.clientY - this.host.getBoundingClientRect().top);
    const up = () => {
      this.dragging = -1;
      window.removeEventListener('pointermove', move, true);
      window.removeEventListener('pointerup', up, true);
      window.removeEventListener('pointercancel', up, true);
    };
    window.addEventListener('pointermove', move, true);
    window.addEventListener('pointerup', up, true);
    window.addEventListener('pointercancel', up, true);
  };
}
