/**
 * `chart.config` itself and the switch to the rest of the chart state. Reading is here (config.ts:
 * the getter answers at once); checking and applying (config-apply.ts: the schema, validation,
 * migration) are a lazy chunk, loaded by the first config a page gives a chart: until it is there
 * the configs given wait for it, in order, and it loads as one of the engine's parts (no frame
 * before they are applied, and `updateComplete` waits); once it is there every later config is
 * applied at once. The rest of the chart state (chart-state.ts: `persist`, other tabs,
 * `config-origins` messages, the config slot and `config-src`) is a lazy chunk too: it loads, with
 * config-apply.ts, when a chart uses one of those, as one of the engine's parts (no frame before it
 * has restored what was saved). A chart that uses none of them loads neither.
 */
import type { ChartEngine } from '../../../chart/engine.js';
import type { ConfigPart } from '../../../chart/state/schema.js';
import { LazyModule } from '../../../chart/lazy-parts.js';
import { readConfig, type ChartConfig, type ConfigHost } from './config.js';
import type { ChartState } from './chart-state.js';

/** Checking and applying configs: loaded once per page, by the first config a chart is given. */
const configApply = new LazyModule(() => import('./config-apply.js'));

export type ConfigSource = 'property' | 'slot' | 'src' | 'storage' | 'tab' | 'message' | 'reset';

export interface ChartStateHost extends ConfigHost {
  error(message: string): void;
  applied(changed: ConfigPart[], source: ConfigSource): void;
  /** The engine, once the element has made it (its first update). */
  engine(): ChartEngine | null;
}

const CONFIG_SLOT = ':scope > script[slot="config"]';

export class ConfigCore {
  /** The page's own config (before what was saved), for resetConfig. */
  baseline: ChartConfig | null = null;
  /** Applying a config: the property changes it makes are not the user's (nothing to save). */
  quiet = 0;
  /** Range from a config applied before the chart could show it. */
  private pendingRange: ChartConfig['visibleRange'] | undefined;
  /** The rest of the chart state once loaded (chart-state.ts). */
  private state: ChartState | null = null;
  private loading: Promise<void> | null = null;
  private connected = false;
  private persist: { key: string | null | undefined; parts: string | null | undefined } = { key: null, parts: null };
  private origins: string | null | undefined = null;
  private src: string | null | undefined = null;
  /** Watches for a config slot added later, until the state is loaded (it watches then). */
  private slotWatch: MutationObserver | null = null;

  constructor(readonly host: ChartStateHost) {}

  get(): ChartConfig {
    return readConfig(this.host);
  }

  /**
   * Validates and applies a config; returns the parts changed (none yet when it waits for
   * config-apply.ts: then `gpu-config` and `gpu-error` come when it has arrived).
   */
  set(raw: unknown, source: ConfigSource = 'property', only?: readonly ConfigPart[]): ConfigPart[] {
    const m = configApply.module;
    if (!m || this.waiting.length) return this.afterApplyLoads(() => this.set(raw, source, only));
    const { config, message } = m.checkFrom(raw, source);
    if (message) this.host.error(message);
    return config ? this.apply(config, source, only) : [];
  }

  apply(config: ChartConfig, source: ConfigSource, only?: readonly ConfigPart[]): ConfigPart[] {
    const m = configApply.module;
    if (!m || this.waiting.length) return this.afterApplyLoads(() => this.apply(config, source, only));
    this.quiet++;
    let changed: ConfigPart[];
    try {
      changed = m.applyConfig(this.host, config, only);
    } finally {
      this.quiet--;
    }
    if ('visibleRange' in config && (!only || only.includes('range')) && config.visibleRange && !this.host.chart.hasUpdated) this.pendingRange = config.visibleRange;
    if (changed.length) {
      this.host.applied(changed, source);
      if (source === 'tab' || source === 'storage') this.state?.rememberSaved(changed);
      else this.noteChange();
    }
    return changed;
  }

  /** Configs given before config-apply.ts arrived, to apply in order when it has. */
  private waiting: Array<() => void> = [];
  private applyLoading: Promise<void> | null = null;

  /** Runs `step` once config-apply.ts is here (after the steps already waiting); returns no parts changed (yet). */
  private afterApplyLoads(step: () => void): ConfigPart[] {
    this.waiting.push(step);
    if (this.waiting.length === 1) {
      this.applyLoading = configApply.load().then(
        () => {
          const steps = this.waiting;
          this.waiting = [];
          for (const run of steps) run();
        },
        (err: unknown) => {
          this.waiting = [];
          this.host.error(`The chart could not load its config module: ${String((err as Error)?.message ?? err)}`);
        },
      );
      this.holdFrames('chart config', this.applyLoading);
    }
    return [];
  }

  /** The engine exists: a range set before it is applied now, and a state still loading holds its frames. */
  engineReady(): void {
    const range = this.pendingRange;
    this.pendingRange = undefined;
    if (range) this.host.chart.visibleRange = range;
    if (this.loading && !this.state) this.holdFrames('chart state', this.loading);
    if (this.applyLoading && this.waiting.length) this.holdFrames('chart config', this.applyLoading);
  }

  /** Something a user can set changed: save soon (chart-state.ts; nothing to save without it). */
  noteChange(): void {
    this.state?.noteChange();
  }

  get rejectedMessages(): number {
    return this.state?.rejectedMessages ?? 0;
  }

  // ---- what loads the rest --------------------------------------------------------------------

  connect(): void {
    this.connected = true;
    if (this.state) return this.state.connect();
    if (this.wanted()) return this.load();
    this.baseline ??= this.get();
    this.slotWatch ??= new MutationObserver(() => {
      if (this.host.chart.querySelector(CONFIG_SLOT)) this.load();
    });
    this.slotWatch.observe(this.host.chart, { childList: true, subtree: true, attributes: true, attributeFilter: ['slot'] });
  }

  disconnect(): void {
    this.connected = false;
    this.slotWatch?.disconnect();
    this.state?.disconnect();
  }

  setPersist(key: string | null | undefined, parts: string | null | undefined): void {
    this.persist = { key, parts };
    if (this.state) this.state.setPersist(key, parts);
    else if (this.connected && this.wanted()) this.load();
  }

  setOrigins(attr: string | null | undefined): void {
    this.origins = attr;
    if (this.state) this.state.setOrigins(attr);
    else if (this.connected && this.wanted()) this.load();
  }

  loadSrc(url: string | null | undefined): void {
    this.src = url;
    if (this.state) this.state.loadSrc(url);
    else if (url) this.load();
  }

  /** Forgets what was saved and goes back to the page's own config. */
  reset(): void {
    if (this.state) this.state.reset();
    else if (this.baseline) this.apply({ ...this.baseline }, 'reset');
  }

  /** Whether the chart uses anything of the rest: persist, messages, config-src, the config slot. */
  private wanted(): boolean {
    return !!(this.persist.key || this.persist.parts || this.origins || this.src || this.host.chart.querySelector(CONFIG_SLOT));
  }

  private load(): void {
    if (this.loading) return;
    this.slotWatch?.disconnect();
    // config-apply.ts with it: restoring what was saved applies a config, before the first frame.
    this.loading = Promise.all([import('./chart-state.js'), configApply.load()]).then(
      ([m]) => {
        const state = new m.ChartState(this);
        this.state = state;
        // In the order the element gave them at connect: persistence and origins, then connect (slot, baseline, restore).
        state.setPersist(this.persist.key, this.persist.parts);
        state.setOrigins(this.origins);
        if (this.connected) state.connect();
        if (this.src) state.loadSrc(this.src);
      },
      (err: unknown) => {
        this.loading = null;
        this.host.error(`The chart could not load its state module: ${String((err as Error)?.message ?? err)}`);
      },
    );
    this.holdFrames('chart state', this.loading);
  }

  private holdFrames(key: string, loading: Promise<void>): void {
    this.host.engine()?.loadPart(key, () => loading, () => undefined);
  }
}
