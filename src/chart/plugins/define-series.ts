/**
 * GpuChart.defineSeries: checks a custom series definition and registers its kind
 * (layers/series/kinds.ts). The layer that draws it and its pipeline (custom-series.ts) are a lazy chunk: the first
 * definition starts loading it, and a chart whose series use a custom type before it is there
 * waits for it (the kind's `pending`: no frame without the series, `updateComplete` covers it).
 */
import { parseColor } from '../colors.js';
import type { FamilyNeed } from '../render/gpu-renderer.js';
import { isBuiltinSeriesType, paletteColors, registerSeriesKind, seriesKind } from '../layers/series/kinds.js';
import type { CustomSeriesDefinition } from './custom-series.js';

const MAX_COLUMNS = 4;
const definitions = new Map<string, CustomSeriesDefinition>();

let layerModule: typeof import('./custom-series.js') | null = null;
let layerLoad: Promise<void> | null = null;

/** Loads the custom series layer once per page; a failed load may be tried again. */
function loadLayer(): Promise<void> {
  layerLoad ??= import('./custom-series.js').then(
    (m) => {
      layerModule = m;
    },
    (err: unknown) => {
      layerLoad = null;
      throw err;
    },
  );
  return layerLoad;
}

/** Registers a custom series type; throws on a bad definition or a name already taken. */
export function defineSeries(type: string, definition: CustomSeriesDefinition): void {
  if (typeof type !== 'string' || !/^[a-z][a-z0-9-]*$/i.test(type)) throw new TypeError(`defineSeries: "${String(type)}" is not a valid type name (letters, digits and dashes)`);
  if (isBuiltinSeriesType(type)) throw new Error(`defineSeries: "${type}" is a built-in series type`);
  if (definitions.has(type) || seriesKind(type)) throw new Error(`defineSeries: "${type}" is already defined`);
  if (!definition || typeof definition.wgsl !== 'string') throw new TypeError(`defineSeries("${type}"): the definition needs a wgsl string`);
  const roles = Object.keys(definition.columns ?? {});
  if (roles.length < 1 || roles.length > MAX_COLUMNS) throw new TypeError(`defineSeries("${type}"): columns must name 1 to ${MAX_COLUMNS} columns`);
  const quads = definition.quadsPerInstance ?? 1;
  if (!Number.isInteger(quads) || quads < 1 || quads > 64) throw new TypeError(`defineSeries("${type}"): quadsPerInstance must be an integer from 1 to 64`);
  definitions.set(type, definition);
  // Started now, so it is usually there before any chart needs it (a failure is reported by the chart that waits).
  loadLayer().catch(() => undefined);
  // Its pipeline is made with the layer's chunk (which holds the prelude and the error mapping): charts need it only once their series exist.
  const family: FamilyNeed = { key: `custom:${type}`, phase: 'plugin', make: (device, format) => loadLayer().then(() => layerModule!.customSeriesFamily(device, format, type, definition.wgsl, roles.length)) };
  registerSeriesKind(type, {
    usesPalette: true,
    columns: (spec) => roles.map((role) => spec.columns?.[role] ?? definition.columns[role]),
    colors: (spec, _theme, palette) => {
      const base = paletteColors(spec, palette);
      return spec.downColor ? { ...base, color2: parseColor(spec.downColor) } : base;
    },
    naming: (columns) => ({ id: columns[0], title: columns[0] }),
    pending: () => (layerModule ? null : loadLayer()),
    create: (init, env) => layerModule!.createCustomSeriesLayer(init, env, definition, roles, family),
  });
}

/** The definition of a custom series type, or undefined. */
export function customSeriesDefinition(type: string): CustomSeriesDefinition | undefined {
  return definitions.get(type);
}
