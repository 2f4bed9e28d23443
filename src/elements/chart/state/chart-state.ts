/**
 * Where a chart's config comes from and goes to, besides `chart.config`:
 * - `persist="key"`: saved to localStorage (debounced, versioned, size-capped) and restored at
 *   connect, before the first frame; `persist-parts` picks the parts.
 * - other tabs and frames of the origin with the same key follow live (BroadcastChannel). Rule:
 *   last writer wins per part, by a version counter per part (ties broken by tab id), so two
 *   tabs editing at once end with the same state and nothing loops.
 * - `config-origins`: `postMessage({ type: 'gpu-chart:config', target, config })` from those
 *   origins only; the chart answers `gpu-chart:state`. Others are ignored and counted.
 * - `<script type="application/json" slot="config">` (hot-reloaded on edit) and `config-src`.
 * Precedence at load: the page's config (attributes, slot, config-src) sets the defaults, and
 * what the user saved wins over it.
 * A lazy chunk: config-core.ts (chart.config itself) loads it when a chart uses any of these.
 */
import { ALL_PARTS, CONFIG_PARTS, CONFIG_VERSION, type ConfigPart } from '../../../chart/state/schema.js';
import type { ChartConfig } from './config.js';
import { checkConfig, partsOf, stableJson } from './config-apply.js';
import type { ConfigCore, ConfigSource } from './config-core.js';

export type { ConfigSource } from './config-core.js';

/** Most bytes saved per chart (localStorage has ~5 MB per origin, shared). */
export const MAX_SAVED_BYTES = 512 * 1024;
/** Most bytes accepted in one message. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
const SAVE_DELAY_MS = 300;
const STORAGE_PREFIX = 'gpu-chart:';

type Clock = [number, string];
interface Saved {
  format: 'gpu-chart-state';
  version: number;
  config: ChartConfig;
  clocks: Partial<Record<ConfigPart, Clock>>;
}

const later = (a: Clock | undefined, b: Clock | undefined) => !!a && (!b || a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]));

function pick(config: ChartConfig, parts: readonly ConfigPart[]): ChartConfig {
  const out: Record<string, unknown> = {};
  for (const part of parts) for (const key of CONFIG_PARTS[part]) if (key in config) out[key] = (config as Record<string, unknown>)[key];
  return out as ChartConfig;
}

export class ChartState {
  private key: string | null = null;
  private parts: ConfigPart[] = ALL_PARTS;
  private clocks: Partial<Record<ConfigPart, Clock>> = {};
  /** The persisted parts as last saved or received (JSON per part): what a save compares with. */
  private savedJson: Partial<Record<ConfigPart, string>> = {};
  private channel: BroadcastChannel | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private restoredParts = new Set<ConfigPart>();
  private origins: string[] = [];
  private slotWatcher: MutationObserver | null = null;
  private slotText: string | null = null;
  private srcAbort: AbortController | null = null;
  private connected = false;
  /** This chart's writer id (ties between equal version counters go to the greater id). */
  private readonly writer = Math.random().toString(36).slice(2, 10);
  /** Messages refused: wrong origin, wrong shape, too big. */
  rejectedMessages = 0;

  constructor(private readonly core: ConfigCore) {}

  private get host() {
    return this.core.host;
  }

  private get(): ChartConfig {
    return this.core.get();
  }

  private set(raw: unknown, source: ConfigSource, only?: readonly ConfigPart[]): ConfigPart[] {
    return this.core.set(raw, source, only);
  }

  // ---- life cycle -------------------------------------------------------------------------------

  /** At connect, before the first frame: the page's config, then what was saved. */
  connect(): void {
    this.connected = true;
    this.readSlot();
    this.watchSlot();
    this.core.baseline ??= this.get();
    this.restore();
    this.openChannel();
    if (this.origins.length) addEventListener('message', this.onMessage);
  }

  disconnect(): void {
    this.connected = false;
    this.flushSave();
    this.channel?.close();
    this.channel = null;
    this.slotWatcher?.disconnect();
    this.slotWatcher = null;
    this.srcAbort?.abort();
    removeEventListener('message', this.onMessage);
  }

  // ---- persistence ------------------------------------------------------------------------------

  /** `persist` and `persist-parts` changed. */
  setPersist(key: string | null | undefined, parts: string | null | undefined): void {
    const names = (parts ?? '').split(/[\s,]+/).filter(Boolean);
    const known = names.filter((n): n is ConfigPart => (ALL_PARTS as string[]).includes(n));
    if (names.length !== known.length) this.host.error(`persist-parts: unknown part(s) ${names.filter((n) => !known.includes(n as ConfigPart)).join(', ')}; parts are ${ALL_PARTS.join(', ')}.`);
    this.parts = names.length ? known : ALL_PARTS;
    const next = key ? key : null;
    if (next === this.key) return;
    this.flushSave();
    this.key = next;
    this.clocks = {};
    this.savedJson = {};
    if (this.connected) {
      this.restore();
      this.openChannel();
    }
  }

  private storageKey(): string {
    return `${STORAGE_PREFIX}${this.key}`;
  }

  private restore(): void {
    if (!this.key) return;
    let text: string | null = null;
    try {
      text = localStorage.getItem(this.storageKey());
    } catch {
      return; // storage blocked (privacy settings): the chart works without it
    }
    if (text === null) {
      this.rememberSaved();
      return;
    }
    let saved: Partial<Saved>;
    try {
      saved = JSON.parse(text) as Partial<Saved>;
      if (!saved || saved.format !== 'gpu-chart-state' || typeof saved.config !== 'object') throw new Error('not a saved chart state');
    } catch (err) {
      this.host.error(`The saved state under "${this.key}" could not be read (${(err as Error).message}); the chart starts from its page configuration and will save over it.`);
      this.rememberSaved();
      return;
    }
    const config = { ...saved.config, version: saved.version ?? saved.config?.version };
    const parts = this.parts.filter((p) => CONFIG_PARTS[p].some((k) => k in (saved.config as object)));
    for (const p of parts) this.restoredParts.add(p);
    this.clocks = { ...(saved.clocks ?? {}) };
    this.set(config, 'storage', this.parts);
    this.rememberSaved();
  }

  /** Notes what persisted parts are now (after a restore or a remote change): nothing to save there. */
  rememberSaved(parts: readonly ConfigPart[] = this.parts): void {
    const config = this.get();
    for (const part of parts) if (this.parts.includes(part)) this.savedJson[part] = stableJson(pick(config, [part]));
  }

  /** Something a user can set changed: save soon (debounced). */
  noteChange(): void {
    if (!this.key || this.core.quiet) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  /** Saves now what is waiting. */
  flushSave(): void {
    if (this.saveTimer === undefined) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.save();
  }

  private save(): void {
    this.saveTimer = undefined;
    if (!this.key) return;
    const config = this.get();
    const changed: ConfigPart[] = [];
    for (const part of this.parts) {
      const json = stableJson(pick(config, [part]));
      if (json === this.savedJson[part]) continue;
      this.savedJson[part] = json;
      const top = Math.max(0, ...Object.values(this.clocks).map((c) => c?.[0] ?? 0));
      this.clocks[part] = [top + 1, this.writer];
      changed.push(part);
    }
    if (!changed.length) return;
    const saved: Saved = { format: 'gpu-chart-state', version: CONFIG_VERSION, config: pick(config, this.parts), clocks: this.clocks };
    const text = JSON.stringify(saved);
    if (text.length * 2 > MAX_SAVED_BYTES) {
      this.host.error(`The chart state is too big to save (${Math.round((text.length * 2) / 1024)} KB; at most ${MAX_SAVED_BYTES / 1024} KB): it was not saved. Fewer drawings, or persist-parts without drawings, fit.`);
    } else {
      try {
        localStorage.setItem(this.storageKey(), text);
      } catch (err) {
        this.host.error(`The chart state could not be saved (${(err as Error).name}: the browser's storage is full or blocked); the chart keeps working, unsaved.`);
      }
    }
    this.channel?.postMessage({ from: this.writer, clocks: this.clocks, config: pick(config, changed), parts: changed });
  }

  // ---- other tabs --------------------------------------------------------------------------------

  private openChannel(): void {
    this.channel?.close();
    this.channel = null;
    if (!this.key || typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(this.storageKey());
    this.channel.onmessage = (e: MessageEvent) => this.onTabMessage(e.data);
  }

  private onTabMessage(data: unknown): void {
    const m = data as { from?: string; clocks?: Record<string, Clock>; config?: ChartConfig; parts?: string[] } | null;
    if (!m || typeof m !== 'object' || !m.config || !Array.isArray(m.parts) || !m.clocks) return;
    const take = (m.parts.filter((p) => (this.parts as string[]).includes(p)) as ConfigPart[]).filter((p) => later(m.clocks![p], this.clocks[p]));
    if (!take.length) return;
    for (const p of take) this.clocks[p] = m.clocks[p];
    // A change of ours waiting to be saved loses to a later one from another tab, part by part.
    this.set(m.config, 'tab', take);
    this.rememberSaved(take);
  }

  // ---- reset --------------------------------------------------------------------------------------

  /** Forgets what was saved and goes back to the page's own config. */
  reset(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (this.key) {
      try {
        localStorage.removeItem(this.storageKey());
      } catch {
        /* storage blocked: nothing was saved either */
      }
    }
    this.restoredParts.clear();
    if (this.core.baseline) this.core.apply({ ...this.core.baseline }, 'reset');
    this.clocks = {};
    this.rememberSaved();
  }

  // ---- messages -----------------------------------------------------------------------------------

  setOrigins(attr: string | null | undefined): void {
    this.origins = (attr ?? '').split(/[\s,]+/).filter(Boolean);
    removeEventListener('message', this.onMessage);
    if (this.origins.length && this.connected) addEventListener('message', this.onMessage);
  }

  private readonly onMessage = (e: MessageEvent): void => {
    const data = e.data as { type?: unknown; target?: unknown; config?: unknown } | null;
    if (!data || typeof data !== 'object' || (data.type !== 'gpu-chart:config' && data.type !== 'gpu-chart:get-state')) return;
    const id = this.host.chart.id;
    if ((data.target ?? '') !== id) return; // for another chart
    if (!this.origins.includes(e.origin)) {
      this.rejectedMessages++;
      return;
    }
    if (data.type === 'gpu-chart:config') {
      let size = 0;
      try {
        size = JSON.stringify(data.config ?? null).length;
      } catch {
        this.rejectedMessages++;
        this.host.error(`A config message from ${e.origin} was refused: it cannot be read as JSON (a cycle?).`);
        return;
      }
      if (size > MAX_MESSAGE_BYTES) {
        this.rejectedMessages++;
        this.host.error(`A config message from ${e.origin} was refused: ${Math.round(size / 1024)} KB is more than ${MAX_MESSAGE_BYTES / 1024} KB.`);
        return;
      }
      this.set(data.config, 'message');
    }
    (e.source as WindowProxy | null)?.postMessage({ type: 'gpu-chart:state', target: id, config: this.get() }, e.origin);
  };

  // ---- declarative config ---------------------------------------------------------------------------

  private slotScript(): HTMLScriptElement | null {
    return this.host.chart.querySelector(':scope > script[slot="config"]');
  }

  private readSlot(): void {
    const script = this.slotScript();
    const text = script?.textContent ?? null;
    if (text === this.slotText) return;
    this.slotText = text;
    if (text === null || !text.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      this.host.error(`The config script (slot="config") is not JSON: ${(err as Error).message}`);
      return;
    }
    this.applyPageConfig(raw, 'slot');
  }

  /** Config from the page (slot, src): the baseline; what the user saved wins at load. */
  private applyPageConfig(raw: unknown, source: ConfigSource): void {
    const skip = new Set(this.restoredParts);
    this.restoredParts.clear();
    const only = ALL_PARTS.filter((p) => !skip.has(p));
    this.set(raw, source, only);
    const checked = checkConfig(raw);
    if (!checked.fatal && this.core.baseline) this.core.baseline = { ...this.core.baseline, ...checked.config };
  }

  private watchSlot(): void {
    if (this.slotWatcher) return;
    this.slotWatcher = new MutationObserver(() => this.readSlot());
    this.slotWatcher.observe(this.host.chart, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['slot'] });
  }

  /** `config-src` changed: fetch it and apply. */
  loadSrc(url: string | null | undefined): void {
    this.srcAbort?.abort();
    this.srcAbort = null;
    if (!url) return;
    const abort = (this.srcAbort = new AbortController());
    void fetch(url, { signal: abort.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const raw = (await res.json()) as unknown;
        if (!abort.signal.aborted) this.applyPageConfig(raw, 'src');
      })
      .catch((err: Error) => {
        if (!abort.signal.aborted) this.host.error(`config-src could not be loaded: ${err.message}`);
      });
  }

  /** Parts a config sets (for `gpu-config` listeners). */
  static partsOf(config: ChartConfig): ConfigPart[] {
    return partsOf(config);
  }
}
