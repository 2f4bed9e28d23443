/**
 * What the interaction controller shows as text: the tooltip box next to the crosshair, the
 * polite live region, the accessible name (a one-sentence summary, at most twice a second while
 * data streams) and the visually hidden data table. The tooltip's content and the table's rows
 * are a lazy chunk (readouts.ts), loaded when a chart first turns `tooltip` or `a11yTable` on,
 * as one of the target's parts; a tooltip or table asked for meanwhile is drawn when it arrives.
 */
import type { ChartInteractionTarget, InteractionOptions } from './options.js';
import { LazyModule } from '../lazy-parts.js';
import { A11Y_TABLE_MAX_ROWS, barAnnouncement, chartSummary, createDataTable, createLiveRegion, namedValues, rowsTimeText, type A11yTextSource } from './a11y.js';
import type { FormatOptions } from './format.js';
import type { CrosshairEmit } from './crosshair-report.js';
import { FrameThrottle } from './frame-throttle.js';
import { Debounce, RateLimit } from './timers.js';
import { createTooltip, hideTooltip } from './tooltip.js';
import type { BucketRows } from './bucket-rows.js';

type Readouts = typeof import('./readouts.js');
/** The tooltip's and data table's code: loaded once per page. */
const readoutsModule = new LazyModule<Readouts>(() => import('./readouts.js'));

/** Table refresh after the view settles (rebuilding 500 rows on every pan frame is wasteful). */
export const TABLE_DELAY_MS = 200;
/**
 * The accessible name follows streaming data at most this often: a name rewritten on every
 * display frame costs each update its formatting and an attribute change, and no reader
 * announces it that often.
 */
const SUMMARY_INTERVAL_MS = 500;

export interface TextViewHost {
  readonly element: HTMLElement;
  readonly target: ChartInteractionTarget;
  options(): InteractionOptions;
  fmt(): FormatOptions;
  /** Whether the controller is attached (nothing is written while it is not). */
  attached(): boolean;
}

export class TextView {
  /** The tooltip box (`part="tooltip"`). */
  readonly tooltip: HTMLDivElement;
  /** Polite live region announcing the keyboard crosshair's bar. */
  readonly liveRegion: HTMLDivElement;
  /** Visually hidden table of the visible rows (filled only with the `a11yTable` option). */
  readonly dataTable: HTMLTableElement;
  private readonly tooltipUpdates = new FrameThrottle<CrosshairEmit | null>((c) => this.drawTooltip(c));
  /** The last crosshair the tooltip showed: drawn again when a bucket's rows (or the readouts) arrive. */
  private tooltipAt: CrosshairEmit | null = null;
  private readouts: Readouts | null = null;
  private bucketRows: BucketRows | null = null;
  private readonly tableRefresh = new Debounce(() => this.updateTable());
  private readonly summaryLimit = new RateLimit(SUMMARY_INTERVAL_MS, () => this.updateSummary());
  /** Set while the chart is not a time scene (3D): its name and table come from there. */
  private source: A11yTextSource | null = null;

  constructor(private readonly host: TextViewHost) {
    const doc = host.element.ownerDocument;
    this.tooltip = createTooltip(doc);
    this.liveRegion = createLiveRegion(doc);
    this.dataTable = createDataTable(doc);
    this.dataTable.hidden = true;
    this.needReadouts();
  }

  /** The options changed: the readouts load when the tooltip or the table is first on. */
  needReadouts(): void {
    const o = this.host.options();
    if (this.readouts || (!o.tooltip && !o.a11yTable)) return;
    if (readoutsModule.module) return this.install(readoutsModule.module);
    const load = () => readoutsModule.load();
    const install = (m: Readouts) => this.install(m);
    if (this.host.target.loadPart) void this.host.target.loadPart('readouts', load, install);
    else load().then(install, () => undefined);
  }

  private install(m: Readouts): void {
    if (this.readouts) return;
    this.readouts = m;
    this.bucketRows = new m.BucketRows(() => this.tooltipUpdates.push(this.tooltipAt));
    // What was asked for while it loaded: the tooltip at the crosshair, the table.
    if (this.tooltipAt) this.tooltipUpdates.push(this.tooltipAt);
    this.scheduleTable(0);
  }

  /** Shows the tooltip for a crosshair (at the next frame), or hides it (null). */
  showTooltip(c: CrosshairEmit | null): void {
    this.tooltipUpdates.push(c);
  }

  private drawTooltip(c: CrosshairEmit | null): void {
    const el = this.tooltip;
    const target = this.host.target;
    this.tooltipAt = c;
    const readouts = this.readouts;
    if (!c || c.index >= target.times().length || !readouts) {
      hideTooltip(el);
      return;
    }
    const fmt = this.host.fmt();
    const rows = namedValues(target, c.first, c.last).map(({ name, text }): [string, string] => [name, text(fmt)]);
    // A row of an M4 tile stands for a pixel column's rows: say so, and list them when few (docs/tiles.md).
    rows.push(...this.bucketRows!.lines(target, c.index, fmt));
    readouts.updateTooltip(el, { time: rowsTimeText(target, c.first, c.last, fmt), rows }, c.x, c.y, target.size);
  }

  /** Takes the accessible name and data table from `source` (a 3D scene), or from the target again (null). */
  setSource(source: A11yTextSource | null): boolean {
    if (source === this.source) return false;
    this.source = source;
    this.updateSummary();
    this.scheduleTable(0);
    return true;
  }

  /** The accessible name: now, or (streaming data) at most every SUMMARY_INTERVAL_MS. */
  summary(now: boolean): void {
    if (now) this.updateSummary();
    else this.summaryLimit.request();
  }

  updateSummary(): void {
    if (!this.host.attached()) return;
    const fmt = this.host.fmt();
    const label = this.host.options().label;
    this.host.element.setAttribute('aria-label', this.source ? this.source.summary(label, fmt) : chartSummary(this.host.target, label, fmt));
  }

  announce(index: number): void {
    this.liveRegion.textContent = barAnnouncement(this.host.target, index, this.host.fmt());
  }

  scheduleTable(delay = TABLE_DELAY_MS): void {
    if (this.host.attached()) this.tableRefresh.schedule(delay);
  }

  private updateTable(): void {
    const table = this.dataTable;
    const o = this.host.options();
    if (!o.a11yTable) {
      table.hidden = true;
      table.replaceChildren();
      return;
    }
    // Filled when its code is here (install schedules it again).
    if (!this.readouts) return;
    table.hidden = false;
    const fmt = this.host.fmt();
    const target = this.host.target;
    const rows = this.source ? this.source.tableRows(fmt, A11Y_TABLE_MAX_ROWS) : this.readouts.dataTableRows(target, target.visibleRange, fmt);
    this.readouts.fillDataTable(table, rows, o.label);
  }

  /** The controller detached: nothing pending, the tooltip hidden. */
  cancel(): void {
    hideTooltip(this.tooltip);
    this.tooltipUpdates.cancel();
    this.tableRefresh.cancel();
    this.summaryLimit.cancel();
  }
}
