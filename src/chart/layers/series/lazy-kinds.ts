/**
 * Series kinds that live in chunks of their own (heatmap, density): a chart given such a series
 * loads its chunk with a dynamic import (which registers the kind) and draws it from the next
 * `setSeries` on; pages without them never download them. Also where a kind's own check of a
 * spec runs: a spec that fails it is reported (naming the field) and the series keeps its last
 * good spec, so the last good picture stays.
 */
import type { SeriesSpec } from '../../series/spec.js';
import { seriesKind } from './kinds.js';
import type { XMapping } from '../../x-mapping.js';

const LOADERS: Record<string, () => Promise<unknown>> = {
  heatmap: () => import('../../heatmap/index.js'),
  density: () => import('../../density/index.js'),
};

const loading = new Map<string, Promise<unknown>>();

/** Whether `type` is drawn by a chunk loaded on demand. */
export function isLazySeriesType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(LOADERS, type);
}

export interface PreparedSpecs {
  /** What the chart draws now: specs whose kind is not loaded yet are left out. */
  specs: SeriesSpec[];
  /** Resolves when the chunks asked for are loaded (the chart sets its series again then); null when none was missing. */
  loaded: Promise<void> | null;
}

/**
 * The specs a chart can draw now. `lastGood` holds, by position, the specs that passed their
 * kind's check before; `report` gets each problem.
 */
export function prepareSpecs(specs: readonly SeriesSpec[], lastGood: Map<number, SeriesSpec>, x: XMapping, report: (message: string, cause?: unknown) => void): PreparedSpecs {
  const waits: Promise<unknown>[] = [];
  const out: SeriesSpec[] = [];
  specs.forEach((spec, i) => {
    const type = spec?.type;
    if (typeof type === 'string' && isLazySeriesType(type) && !seriesKind(type)) {
      let p = loading.get(type);
      if (!p) {
        p = LOADERS[type]();
        loading.set(type, p);
        p.catch(() => loading.delete(type));
      }
      waits.push(p.catch((err) => report(`The ${type} series could not be loaded: ${String((err as Error)?.message ?? err)}`, err)));
      return;
    }
    const kind = typeof type === 'string' ? seriesKind(type) : undefined;
    if (!kind?.check || spec.visible === false) {
      out.push(spec);
      return;
    }
    try {
      kind.check(spec, `series[${i}]`, x);
      lastGood.set(i, spec);
      out.push(spec);
    } catch (err) {
      const kept = lastGood.get(i);
      const keeps = kept && kept.type === spec.type;
      report(`${String((err as Error)?.message ?? err)}; ${keeps ? 'the last good one stays drawn' : 'the series is not drawn'}`, err);
      if (keeps) out.push(kept);
    }
  });
  return { specs: out, loaded: waits.length ? Promise.all(waits).then(() => undefined) : null };
}
