/**
 * `chart.config`: the chart's settings as one JSON object (schema: chart/state/schema.ts), read
 * from the element and applied to it. Applying is a hot reload: each part is compared with what
 * the chart has and only the parts that differ are set, through the element's own properties
 * (so the engine sees the same calls as from attributes: no data reload, no GPU rebuild for
 * parts that do not need one). Indicators are `<gpu-indicator>` children, kept in step both ways.
 */
import type { GpuChart } from '../gpu-chart.js';
import type { Drawing } from '../../../chart/drawings/model.js';
import type { PaneOptions } from '../../../chart/scene/pane.js';
import type { SeriesSpec } from '../../../chart/series/spec.js';
import { is3dSeries, type Series3DSpec } from '../../../chart/three/spec.js';
import type { CameraState, Projection } from '../../../chart/three/camera.js';
import { CONFIG_PARTS, CONFIG_SCHEMA, CONFIG_VERSION, type ConfigPart } from '../../../chart/state/schema.js';
import { sanitize, type ConfigIssue } from '../../../chart/state/validate.js';
import { migrateConfig } from '../../../chart/state/migrate.js';

export interface ChartConfig {
  version?: number;
  type?: string;
  series?: Array<SeriesSpec | Series3DSpec>;
  panes?: PaneOptions[];
  valueScale?: 'linear' | 'log' | 'percent';
  valueAxis?: 'right' | 'left' | 'both';
  timeScale?: 'time' | 'category';
  theme?: 'light' | 'dark';
  colors?: { background?: string; text?: string; grid?: string; axis?: string; up?: string; down?: string; series?: string[] };
  timeZone?: string | null;
  locale?: string | null;
  crosshair?: 'normal' | 'magnet' | 'hidden';
  tooltip?: boolean;
  legend?: 'on' | 'off';
  indicators?: Array<{ type: string } & Record<string, string | number | boolean>>;
  drawings?: Drawing[];
  visibleRange?: { from: number; to: number } | null;
  camera?: CameraState | null;
  projection?: Projection;
}

/** Most values (coordinates, grid values) a 3D series may hold to be written into a config (~4 MB of JSON, what localStorage holds). */
export const MAX_CONFIG_3D_VALUES = 250_000;

const COLUMNS_3D = ['x', 'y', 'z', 'colorValues'] as const;
const GRID_COLUMNS = ['values', 'xEdges', 'yEdges'] as const;

/** Numbers as JSON keeps them: a plain array, null for a non-finite value. */
const toJsonList = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
/** Back from a config: numbers (null → NaN: a missing value, as the 3D checks expect); anything else is left for them to refuse. */
const fromJsonList = (a: unknown) => (Array.isArray(a) ? Float64Array.from(a, (v) => (typeof v === 'number' ? v : NaN)) : a);

function valuesIn(s: Series3DSpec): number {
  const o = s as unknown as Record<string, ArrayLike<number> | undefined>;
  if (s.type === 'surface') return GRID_COLUMNS.reduce((n, k) => n + ((s.grid as unknown as Record<string, ArrayLike<number> | undefined>)?.[k]?.length ?? 0), 0);
  return COLUMNS_3D.reduce((n, k) => n + (o[k]?.length ?? 0), 0);
}

/** A 3D series as config JSON (its columns as arrays), or null when it holds more than MAX_CONFIG_3D_VALUES values. */
function series3dToConfig(s: Series3DSpec): Series3DSpec | null {
  if (valuesIn(s) > MAX_CONFIG_3D_VALUES) return null;
  const out = { ...s } as unknown as Record<string, unknown>;
  if (s.type === 'surface') {
    const grid = { ...s.grid } as unknown as Record<string, unknown>;
    for (const k of GRID_COLUMNS) if (s.grid?.[k] !== undefined) grid[k] = toJsonList(s.grid[k]!);
    out.grid = grid;
  } else for (const k of COLUMNS_3D) if (k in s && (s as unknown as Record<string, ArrayLike<number>>)[k]) out[k] = toJsonList((s as unknown as Record<string, ArrayLike<number>>)[k]);
  return out as unknown as Series3DSpec;
}

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

/** Series as config JSON: 2D ones copied, 3D ones with their columns (too large ones left out). */
function seriesToConfig(list: ReadonlyArray<SeriesSpec | Series3DSpec>): Array<SeriesSpec | Series3DSpec> {
  const out: Array<SeriesSpec | Series3DSpec> = [];
  for (const s of list) {
    const entry = is3dSeries(s) ? series3dToConfig(s) : { ...s };
    if (entry) out.push(entry);
  }
  return out;
}

/** What reading and applying needs beyond the element's public properties. */
export interface ConfigHost {
  readonly chart: GpuChart;
  /** The view follows the data (no range set by the user or code). */
  followsData(): boolean;
}

const COLOR_VARS = { background: '--gpu-chart-background', text: '--gpu-chart-text', grid: '--gpu-chart-grid', axis: '--gpu-chart-axis', up: '--gpu-chart-up', down: '--gpu-chart-down' } as const;
/** Attributes of <gpu-indicator> that are not part of its config entry. */
const NOT_CONFIG = new Set(['id', 'class', 'style', 'slot', 'hidden']);

function indicatorsOf(chart: GpuChart): Element[] {
  return Array.from(chart.querySelectorAll(':scope > gpu-indicator'));
}

function indicatorEntry(el: Element): { type: string } & Record<string, string> {
  const out: Record<string, string> = { type: el.getAttribute('type') ?? 'sma' };
  for (const a of Array.from(el.attributes)) if (!NOT_CONFIG.has(a.name) && a.name !== 'type') out[a.name] = a.value;
  return out as { type: string } & Record<string, string>;
}

/** The chart's current settings. */
export function readConfig(host: ConfigHost): ChartConfig {
  const c = host.chart;
  const style = c.style;
  const colors: NonNullable<ChartConfig['colors']> = {};
  for (const [key, name] of Object.entries(COLOR_VARS)) {
    const v = style.getPropertyValue(name).trim();
    if (v) colors[key as keyof typeof COLOR_VARS] = v;
  }
  const series: string[] = [];
  for (let i = 1; i <= 8; i++) {
    const v = style.getPropertyValue(`--gpu-chart-series-${i}`).trim();
    if (!v) break;
    series.push(v);
  }
  if (series.length) colors.series = series;
  // Pane heights as the user left them (divider drags), for the panes the config names.
  const shares = c.paneHeights;
  const panes = (c.panes ?? []).map((p) => ({ ...p, ...(shares[p.id] !== undefined ? { height: +shares[p.id].toFixed(4) } : {}) }));
  if (!panes.some((p) => p.id === 'main') && shares.main !== undefined && Object.keys(shares).length > 1) panes.unshift({ id: 'main', height: +shares.main.toFixed(4) });
  const range = c.visibleRange;
  return {
    version: CONFIG_VERSION,
    ...(c.type !== undefined ? { type: c.type } : {}),
    series: seriesToConfig(c.series ?? []),
    panes,
    valueScale: c.valueScale,
    valueAxis: c.valueAxis,
    timeScale: c.timeScale,
    theme: c.theme,
    colors,
    timeZone: c.timeZone ?? null,
    locale: c.locale ?? null,
    crosshair: c.crosshair,
    tooltip: c.tooltip,
    legend: c.legend,
    indicators: indicatorsOf(c).map(indicatorEntry),
    drawings: c.drawings,
    visibleRange: host.followsData() || !Number.isFinite(range.from) ? null : { from: range.from, to: range.to },
    camera: c.camera,
    projection: c.projection,
  };
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
