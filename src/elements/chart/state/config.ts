/**
 * `chart.config`: the chart's settings as one JSON object (schema: chart/state/schema.ts), read
 * from the element and applied to it. Applying is a hot reload: each part is compared with what
 * the chart has and only the parts that differ are set, through the element's own properties
 * (so the engine sees the same calls as from attributes: no data reload, no GPU rebuild for
 * parts that do not need one). Indicators are `<gpu-indicator>` children, kept in step both ways.
 * Reading is here (the getter answers at once); checking and applying are config-apply.ts, a lazy
 * chunk loaded by the first config a chart is given (config-core.ts).
 */
import type { GpuChart } from '../gpu-chart.js';
import type { Drawing } from '../../../chart/drawings/model.js';
import type { PaneOptions } from '../../../chart/scene/pane.js';
import type { SeriesSpec } from '../../../chart/series/spec.js';
import { is3dSeries, type Series3DSpec } from '../../../chart/three/spec.js';
import type { CameraState, Projection } from '../../../chart/three/camera.js';
import { CONFIG_VERSION } from '../../../chart/state/version.js';

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

export const COLUMNS_3D = ['x', 'y', 'z', 'colorValues'] as const;
export const GRID_COLUMNS = ['values', 'xEdges', 'yEdges'] as const;

/** Numbers as JSON keeps them: a plain array, null for a non-finite value. */
const toJsonList = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
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

export const COLOR_VARS = { background: '--gpu-chart-background', text: '--gpu-chart-text', grid: '--gpu-chart-grid', axis: '--gpu-chart-axis', up: '--gpu-chart-up', down: '--gpu-chart-down' } as const;
/** Attributes of <gpu-indicator> that are not part of its config entry. */
export const NOT_CONFIG = new Set(['id', 'class', 'style', 'slot', 'hidden']);

export function indicatorsOf(chart: GpuChart): Element[] {
  return Array.from(chart.querySelectorAll(':scope > gpu-indicator'));
}

export function indicatorEntry(el: Element): { type: string } & Record<string, string> {
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
