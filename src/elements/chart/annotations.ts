/**
 * <gpu-chart>'s annotations from code: `markers`, `priceLines`, `timeMarkers` and `timeRanges`
 * are checked (a bad item is skipped with one `gpu-error`, phase `data`, naming its index and
 * field; the others are drawn) and handed to the engine. The checks are a lazy chunk
 * (chart/annotations/annotation-checks.ts), loaded once per page by the first annotation given,
 * as one of the chart's parts: no frame is drawn, and `updateComplete` waits, until the
 * annotations given meanwhile are checked and handed on, in the order given. No annotations
 * (null or empty) need no checks. Time markers are shared with the charts of the same `sync`
 * group (chart/annotations/time-marker-groups.ts).
 */
import type { ChartEngine } from '../../chart/engine.js';
import { LazyModule } from '../../chart/lazy-parts.js';
import { pageTimeMarkerGroups, type TimeMarkerMember } from '../../chart/annotations/time-marker-groups.js';
import type { TimeMarkerOptions } from '../../chart/annotations/types.js';

type Checks = typeof import('../../chart/annotations/annotation-checks.js');

/** The checks: loaded once per page. */
const checksModule = new LazyModule<Checks>(() => import('../../chart/annotations/annotation-checks.js'));

export class ChartAnnotations implements TimeMarkerMember {
  ownTimeMarkers: readonly TimeMarkerOptions[] = [];
  private group: string | null = null;
  private leave: (() => void) | null = null;
  /** Annotations given while the checks load, handed on in order when they are here. */
  private waiting: Array<(checks: Checks) => void> = [];

  constructor(
    private readonly engine: ChartEngine,
    private readonly report: (message: string) => void,
  ) {}

  /**
   * Runs `step` with the checks: at once when they are here and nothing waits, else once they
   * are (loading them). `input` null or empty has nothing to check: `none` hands it on at once.
   */
  private checked(input: unknown, step: (checks: Checks) => void, none: () => void): void {
    const checks = checksModule.module;
    if (!this.waiting.length && checks) return step(checks);
    if (!this.waiting.length && (input === null || input === undefined || (Array.isArray(input) && !input.length))) return none();
    this.waiting.push(step);
    if (this.waiting.length > 1) return;
    void this.engine
      .loadPart('annotation checks', () => checksModule.load(), (m) => {
        const steps = this.waiting;
        this.waiting = [];
        for (const s of steps) s(m);
      })
      // Failed (reported as a gpu-error): what waited is not drawn; the next annotation asks again.
      .then(() => {
        if (!checksModule.module) this.waiting = [];
      });
  }

  setMarkers(input: unknown): void {
    this.checked(input, (c) => this.engine.setMarkers(c.validMarkers(input, this.report)), () => this.engine.setMarkers([]));
  }

  setPriceLines(input: unknown): void {
    this.checked(input, (c) => this.engine.setPriceLines(c.validPriceLines(input, this.report)), () => this.engine.setPriceLines([]));
  }

  setTimeRanges(input: unknown): void {
    this.checked(input, (c) => this.engine.setTimeRanges(c.validTimeRanges(input, this.report)), () => this.engine.setTimeRanges([]));
  }

  setTimeMarkers(input: unknown): void {
    this.checked(input, (c) => this.useTimeMarkers(c.validTimeMarkers(input, this.report)), () => this.useTimeMarkers([]));
  }

  private useTimeMarkers(markers: readonly TimeMarkerOptions[]): void {
    this.ownTimeMarkers = markers;
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
