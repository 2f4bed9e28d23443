/**
 * The legend as the engine keeps it (the element lays it out in the DOM): the room each pane's
 * legend takes at the pane's top, so auto-scaled values stay below it and the legend never covers
 * the series, and the legend's rows for the frame drawn, reported to the host when they changed.
 */
import type { TimeSeriesScene } from './scene/time-scene.js';
import type { CrosshairState } from './interaction-target.js';
import type { LegendPane, SeriesLayer } from './layers/layer.js';
import { legendItems } from './layers/legend.js';

export class LegendState {
  /**
   * Room (CSS px) a pane whose legend has not been laid out yet keeps at its top: one legend
   * line, so the first frame has the layout the measured legend confirms (no second frame).
   */
  defaultRoom = 0;
  private room: Record<string, number> = {};
  private roomKey = '{}';
  private rowsKey = '';

  /** CSS px that each pane's legend (by pane id) takes at its top; true when a pane's room changed (draw again). */
  setRoom(room: Record<string, number>, paneIds: readonly string[]): boolean {
    const key = JSON.stringify(room);
    if (key === this.roomKey) return false;
    const before = this.room;
    this.roomKey = key;
    this.room = room;
    // The first measured legend mostly confirms the one-line room the first frame kept.
    const roomOf = (r: Record<string, number>, id: string) => r[id] ?? this.defaultRoom;
    return paneIds.some((id) => roomOf(before, id) !== roomOf(room, id));
  }

  /** Keeps each pane's legend room free at its top (device px), before layout. */
  insetPanes(scene: TimeSeriesScene<SeriesLayer>, dpr: number): void {
    for (const pane of scene.panes) pane.topInset = (this.room[pane.id] ?? this.defaultRoom) * dpr;
  }

  /**
   * The legend's rows after a frame: the crosshair's rows (a merged bar: first..last), else the
   * chart's last one (`lastRow`; an indicator's table may reach further: Ichimoku's projected
   * cloud); null when they are what was reported last.
   */
  rows(scene: TimeSeriesScene<SeriesLayer>, dpr: number, crosshair: CrosshairState | null, lastRow: number): LegendPane[] | null {
    const ch = crosshair;
    const index = ch && ch.index >= 0 ? (ch.first ?? ch.index) : lastRow;
    const last = ch && ch.index >= 0 ? (ch.last ?? ch.index) : index;
    const panes: LegendPane[] = scene.panes.map((pane) => ({
      id: pane.id,
      top: pane.rect.y / dpr,
      left: pane.rect.x / dpr,
      width: pane.rect.width / dpr,
      items: legendItems(pane.members, index, scene.locale, last),
    }));
    const key = JSON.stringify(panes);
    if (key === this.rowsKey) return null;
    this.rowsKey = key;
    return panes;
  }
}
