/**
 * Binding <gpu-chart> to its data source: `chart.dataSource`, else `source="id"` in the chart's
 * root, else a `<gpu-datasource>` child (watched for: source-watch.ts); without one, the chart's
 * own `data`. The link to a bound source (its table drawn, a log10 copy on a log x, its errors
 * and data events, a view-following source told where the chart looks) is a lazy chunk,
 * source-link.ts, loaded the first time a chart binds one, as one of the chart's parts; the
 * source is the chart's at once (`appendColumns` writes into its table meanwhile).
 */
import type { ChartEngine } from '../../chart/engine.js';
import { LazyModule } from '../../chart/lazy-parts.js';
import type { ColumnTable } from '../../data/table.js';
import { SourceWatch } from './source-watch.js';
import type { SourceLink } from './source-link.js';

type LinkModule = typeof import('./source-link.js');
/** The link to a bound source: loaded once per page. */
const linkModule = new LazyModule<LinkModule>(() => import('./source-link.js'));

/** How long `source` may name no datasource before the chart says so (late-defined or late-inserted ones bind meanwhile). */
const SOURCE_GRACE_MS = 1000;

/** Anything that holds rows in a ColumnTable: a <gpu-datasource>, or your own element. */
export type ChartDataSource = HTMLElement & { readonly table: ColumnTable };

function isDataSource(el: Element | null): el is ChartDataSource {
  return !!el && typeof (el as Partial<ChartDataSource>).table?.subscribe === 'function';
}

/** What the binding reads from and tells its chart. */
export interface SourceBindingHost {
  readonly element: HTMLElement;
  engine(): ChartEngine | null;
  /** The chart's `source` id and `dataSource` property. */
  sourceId(): string | undefined;
  sourceElement(): ChartDataSource | null;
  logX(): boolean;
  /** The chart's own last good `data`, drawn while no source is bound. */
  ownData(): Record<string, ArrayLike<number>> | null;
  /** Shows a message over the chart (kind: what clears it), without firing gpu-error. */
  showError(message: string | null, kind: string | null): void;
  /** Reports an error (fires gpu-error). */
  reportError(message: string, kind: string): void;
  /** The kind of the error shown, or null. */
  errorKind(): string | null;
  /** A source is about to be bound (before the engine gets its table): the loading panel follows it. */
  binding(source: ChartDataSource | null): void;
  /** The bound source changed (after the engine got its table): indicators follow it. */
  bound(): void;
  /** The source's rows changed: `columnsChanged` when its column names may have. */
  dataChanged(): void;
}

export class SourceBinding {
  /** The source bound now, or null. */
  source: ChartDataSource | null = null;
  /** The link to it (source-link.ts), once its chunk is here. */
  private link: SourceLink | null = null;
  private readonly watch: SourceWatch;

  constructor(private readonly host: SourceBindingHost) {
    this.watch = new SourceWatch(
      host.element,
      () => this.bind(),
      (id) => {
        if (!host.element.isConnected || this.source || host.sourceId() !== id) return;
        host.reportError(`source="${id}": no <gpu-datasource> with this id in the chart's document or shadow root (the chart binds it when it appears).`, 'source');
      },
      SOURCE_GRACE_MS,
    );
  }

  /** Finds the data source: the property, else `source` by id in this root, else a child. */
  private resolve(): ChartDataSource | null {
    const element = this.host.element;
    const property = this.host.sourceElement();
    if (property) return property;
    const id = this.host.sourceId();
    if (id) {
      const root = element.getRootNode() as Document | ShadowRoot;
      const el = typeof root.getElementById === 'function' ? root.getElementById(id) : null;
      return isDataSource(el) ? el : null;
    }
    const child = element.querySelector(':scope > gpu-datasource');
    return isDataSource(child) ? child : null;
  }

  bind(): void {
    const engine = this.host.engine();
    if (!engine || !this.host.element.isConnected) return;
    const next = this.resolve();
    const id = this.host.sourceId();
    const property = this.host.sourceElement();
    const missing = next === null && !property ? id || null : null;
    this.watch.update(next === null && (!!id || !property), missing);
    if (missing === null && this.host.errorKind() === 'source') this.host.showError(null, null);
    // (A source whose link is not here yet, its chunk loading or failed, is bound again.)
    if (next === this.source && (!next || this.link)) return;
    this.unbind();
    this.source = next;
    this.host.binding(next);
    if (!next) {
      const own = this.host.ownData();
      if (own) engine.setColumns(own);
      else engine.setTable(null);
      this.host.bound();
      return;
    }
    const m = linkModule.module;
    if (m) return this.linkTo(m, next, engine);
    // One of the chart's parts: no frame is drawn, and updateComplete waits, until the source's table is.
    void engine.loadPart('data source', () => linkModule.load(), () => undefined);
    linkModule.load().then(
      (loaded) => {
        const now = this.host.engine();
        if (this.source === next && !this.link && now) this.linkTo(loaded, next, now);
      },
      () => undefined,
    );
  }

  private linkTo(m: LinkModule, source: ChartDataSource, engine: ChartEngine): void {
    this.link = new m.SourceLink(this.host, source, engine);
    this.host.bound();
  }

  /** The x scale changed: a bound source's rows go through a log10 copy on a log x (log-x-table.ts), and back. */
  xScaleChanged(): void {
    this.link?.xScaleChanged();
  }

  unbind(): void {
    this.link?.dispose();
    this.link = null;
    this.source = null;
  }

  /** Disconnected: unbinds and stops waiting for a source. */
  stop(): void {
    this.unbind();
    this.watch.stop();
  }
}
