/**
 * Checking and applying a config (config.ts reads one): migrated, sanitised against the schema
 * (chart/state/schema.ts, validate.ts, migrate.ts), compared part by part with what the chart has,
 * and only the parts that differ set through the element's properties. A lazy chunk, loaded by the
 * first config a chart is given (config-core.ts) and by the chart state (chart-state.ts).
 */
import type { GpuChart } from '../gpu-chart.js';
import { is3dSeries, type Series3DSpec } from '../../../chart/three/spec.js';
import { CONFIG_PARTS, CONFIG_SCHEMA, type ConfigPart } from '../../../chart/state/schema.js';
import { sanitize, type ConfigIssue } from '../../../chart/state/validate.js';
import { migrateConfig } from '../../../chart/state/migrate.js';
import type { ConfigSource } from './config-core.js';
import { COLOR_VARS, COLUMNS_3D, GRID_COLUMNS, indicatorEntry, indicatorsOf, NOT_CONFIG, readConfig, type ChartConfig, type ConfigHost } from './config.js';

/** Back from a config: numbers (null → NaN: a missing value, as the 3D checks expect); anything else is left for them to refuse. */
const fromJsonList = (a: unknown) => (Array.isArray(a) ? Float64Array.from(a, (v) => (typeof v === 'number' ? v : NaN)) : a);

/** A 3D series from a config: its columns as Float64Arrays (null → NaN). */
function series3dFromConfig(s: Series3DSpec): Series3DSpec {
  const out = { ...s } as unknown as Record<string, unknown>;
  if (s.type === 'surface') {
    if (s.grid && typeof s.grid === 'object') {
      const grid = { ...s.grid } as unknown as Record<string, unknown>;
      for (const k of GRID_COLUMNS) if (k in grid) grid[k] = fromJsonList(grid[k]);
      out.grid = grid;
    }
  } else for (const k of COLUMNS_3D) if (k in out) out[k] = fromJsonList(out[k]);
  return out as unknown as Series3DSpec;
}

export interface CheckedConfig {
  config: ChartConfig;
  issues: ConfigIssue[];
  /** Set when nothing of it can be used (not an object, a future version). */
  fatal?: string;
}

/** Migrates and validates a config: what is valid, and each problem by path. */
export function checkConfig(raw: unknown): CheckedConfig {
  const migrated = migrateConfig(raw);
  if ('error' in migrated) return { config: {}, issues: [], fatal: migrated.error };
  const issues: ConfigIssue[] = [];
  const config = (sanitize(migrated.config, CONFIG_SCHEMA as never, '$', issues) ?? {}) as ChartConfig;
  return { config, issues };
}

/** JSON with object keys sorted, so equal settings compare equal whatever their key order. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

/** The parts a config sets (fields it has). */
export function partsOf(config: ChartConfig): ConfigPart[] {
  return (Object.keys(CONFIG_PARTS) as ConfigPart[]).filter((p) => CONFIG_PARTS[p].some((k) => k in config));
}

/** Applies the fields a config has that differ from the chart's; returns the parts changed. */
export function applyConfig(host: ConfigHost, config: ChartConfig, only?: readonly ConfigPart[]): ConfigPart[] {
  const c = host.chart;
  // Read only when a field is compared (3D series copy their columns).
  let current: ChartConfig | null = null;
  const changed = new Set<ConfigPart>();
  const want = (part: ConfigPart) => !only || only.includes(part);
  const set = <K extends keyof ChartConfig>(part: ConfigPart, key: K, apply: (v: NonNullable<ChartConfig[K]> | null) => void) => {
    if (!want(part) || !(key in config) || same(config[key], (current ??= readConfig(host))[key])) return;
    apply((config[key] ?? null) as NonNullable<ChartConfig[K]> | null);
    changed.add(part);
  };
  set('type', 'type', (v) => (c.type = v ?? undefined));
  set('series', 'series', (v) => (c.series = v ? v.map((s) => (is3dSeries(s) ? series3dFromConfig(s) : { ...s })) : null));
  set('panes', 'panes', (v) => (c.panes = v ? v.filter((p) => p.id !== 'main' || p.height !== undefined || p.range || p.guides).map((p) => ({ ...p })) : null));
  set('scales', 'valueScale', (v) => (c.valueScale = v ?? 'linear'));
  set('scales', 'valueAxis', (v) => (c.valueAxis = v ?? 'right'));
  set('scales', 'timeScale', (v) => (c.timeScale = v ?? 'time'));
  set('theme', 'theme', (v) => (c.theme = v ?? 'light'));
  set('theme', 'colors', (v) => {
    for (const [key, name] of Object.entries(COLOR_VARS)) {
      const value = v?.[key as keyof typeof COLOR_VARS];
      if (typeof value === 'string') c.style.setProperty(name, value);
      else c.style.removeProperty(name);
    }
    for (let i = 1; i <= 8; i++) {
      const value = v?.series?.[i - 1];
      if (value) c.style.setProperty(`--gpu-chart-series-${i}`, value);
      else c.style.removeProperty(`--gpu-chart-series-${i}`);
    }
    c.refreshTheme();
  });
  set('locale', 'timeZone', (v) => (c.timeZone = v ?? undefined));
  set('locale', 'locale', (v) => (c.locale = v ?? undefined));
  set('interaction', 'crosshair', (v) => (c.crosshair = v ?? 'normal'));
  set('interaction', 'tooltip', (v) => (c.tooltip = v ?? false));
  set('interaction', 'legend', (v) => (c.legend = v ?? 'on'));
  set('indicators', 'indicators', (v) => applyIndicators(c, v ?? []));
  set('drawings', 'drawings', (v) => (c.drawings = v ?? []));
  set('camera', 'projection', (v) => (c.projection = v ?? 'perspective'));
  // null (a 2D chart's, or one not drawn yet) leaves the camera as it is.
  set('camera', 'camera', (v) => {
    if (v) c.camera = v;
  });
  set('range', 'visibleRange', (v) => {
    if (v) c.visibleRange = v;
    else c.fitContent();
  });
  return [...changed];
}

/** Makes the <gpu-indicator> children match the entries: changed in place, added, removed. */
function applyIndicators(chart: GpuChart, entries: NonNullable<ChartConfig['indicators']>): void {
  const existing = indicatorsOf(chart);
  const doc = chart.ownerDocument;
  entries.forEach((entry, i) => {
    const el = existing[i] ?? chart.appendChild(doc.createElement('gpu-indicator'));
    if (same(indicatorEntry(el), normalise(entry))) return;
    for (const a of Array.from(el.attributes)) if (!NOT_CONFIG.has(a.name) && !(a.name in entry)) el.removeAttribute(a.name);
    for (const [name, value] of Object.entries(entry)) {
      // Attribute names from a config: only plain ones (a bad name would throw).
      if (!/^[a-z][a-z0-9-]*$/.test(name) || NOT_CONFIG.has(name)) continue;
      if (value === false) el.removeAttribute(name);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  });
  for (const el of existing.slice(entries.length)) el.remove();
}

function normalise(entry: Record<string, string | number | boolean>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry)) if (v !== false) out[k] = v === true ? '' : String(v);
  return out;
}

/** Checks a config given to a chart from `source`: the config to apply (null: none of it), and a message naming what was wrong. */
export function checkFrom(raw: unknown, source: ConfigSource): { config: ChartConfig | null; message: string | null } {
  const checked = checkConfig(raw);
  if (checked.fatal) return { config: null, message: `The ${describe(source)} was not applied: ${checked.fatal}.` };
  if (!checked.issues.length) return { config: checked.config, message: null };
  const list = checked.issues.slice(0, 8).map((i) => `${i.path} ${i.message}`).join('; ');
  const more = checked.issues.length > 8 ? `; and ${checked.issues.length - 8} more` : '';
  return { config: checked.config, message: `The ${describe(source)} has invalid fields, left out (the rest is applied): ${list}${more}.` };
}

function describe(source: ConfigSource): string {
  switch (source) {
    case 'slot':
      return 'config script (slot="config")';
    case 'src':
      return 'config from config-src';
    case 'storage':
      return 'saved chart state';
    case 'tab':
      return 'state from another tab';
    case 'message':
      return 'config message';
    default:
      return 'config';
  }
}
