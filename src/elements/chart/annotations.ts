/**
 * <gpu-chart>'s annotations from code: `markers`, `priceLines`, `timeMarkers` and `timeRanges`
 * are checked here (a bad item is skipped with one `gpu-error`, phase `data`, naming its index
 * and field; the others are drawn) and handed to the engine. Time markers are shared with the
 * charts of the same `sync` group (chart/annotations/time-marker-groups.ts).
 */
import type { ChartEngine } from '../../chart/engine.js';
import { pageTimeMarkerGroups, type TimeMarkerMember } from '../../chart/annotations/time-marker-groups.js';
import { validMarkers, validPriceLines, validTimeMarkers, validTimeRanges, type TimeMarkerOptions } from '../../chart/annotations/types.js';

export class ChartAnnotations implements TimeMarkerMember {
  ownTimeMarkers: readonly TimeMarkerOptions[] = [];
  private group: string | null = null;
  private leave: (() => void) | null = null;

  constructor(
    private readonly engine: ChartEngine,
    private readonly report: (message: string) => void,
  ) {}

  setMarkers(input: unknown): void {
    this.engine.setMarkers(validMarkers(input, this.report));
  }

  setPriceLines(input: unknown): void {
    this.engine.setPriceLines(validPriceLines(input, this.report));
  }

  setTimeRanges(input: unknown): void {
    this.engine.setTimeRanges(validTimeRanges(input, this.report));
  }

  setTimeMarkers(input: unknown): void {
    this.ownTimeMarkers = validTimeMarkers(input, this.report);
    if (this.leave && this.group) pageTimeMarkerGroups().changed(this.group);
    else this.engine.setTimeMarkers(this.ownTimeMarkers);
  }

  groupTimeMarkersChanged(all: readonly TimeMarkerOptions[]): void {
    this.engine.setTimeMarkers(all);
  }

  /** Joins the `sync` group (null: none) while the chart is connected. */
  setSync(group: string | null, connected: boolean): void {
    const next = connected ? group : null;
    if (next === this.group && (this.leave !== null) === (next !== null)) return;
    this.leave?.();
    this.leave = null;
    this.group = next;
    if (next) this.leave = pageTimeMarkerGroups().join(next, this);
    else this.engine.setTimeMarkers(this.ownTimeMarkers);
  }
}
