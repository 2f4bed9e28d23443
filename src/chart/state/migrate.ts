/**
 * Saved configs from earlier format versions, brought to the current one, step by step.
 *
 * Version 1 (the first format, used by pre-release builds of this library) kept the visible
 * range as `range: [from, to]` and pane heights apart from the panes, as
 * `paneHeights: { id: height }`. Version 2 has `visibleRange: { from, to }` and `height` inside
 * each pane's entry.
 */
import { CONFIG_VERSION } from './version.js';

type Config = Record<string, unknown>;

const STEPS: Record<number, (c: Config) => Config> = {
  1: (c) => {
    const { range, paneHeights, ...rest } = c;
    const out: Config = { ...rest, version: 2 };
    if (Array.isArray(range) && range.length === 2) out.visibleRange = { from: range[0], to: range[1] };
    else if (range === null) out.visibleRange = null;
    if (paneHeights && typeof paneHeights === 'object') {
      const panes = Array.isArray(c.panes) ? (c.panes as Config[]).map((p) => ({ ...p })) : [];
      for (const [id, height] of Object.entries(paneHeights as Record<string, unknown>)) {
        const pane = panes.find((p) => p.id === id);
        if (pane) pane.height = height;
        else panes.push({ id, height });
      }
      out.panes = panes;
    }
    return out;
  },
};

export type MigrateResult = { config: Config } | { error: string };

/** The config in the current version; an error for a future version or a bad one. */
export function migrateConfig(raw: unknown): MigrateResult {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { error: 'the config is not an object' };
  let config = raw as Config;
  const version = config.version ?? CONFIG_VERSION;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return { error: `config version ${JSON.stringify(version)} is not a version number` };
  if (version > CONFIG_VERSION) return { error: `config version ${version} is newer than this library understands (${CONFIG_VERSION}); update gpu-chart` };
  for (let v = version; v < CONFIG_VERSION; v++) config = STEPS[v](config);
  return { config: { ...config, version: CONFIG_VERSION } };
}
