// Shared helpers for the datasource tests: waiting on events and conditions, unique ids.
import type { GpuDatasource } from '../../src/elements/datasource/gpu-datasource.js';
import type { GpuChartEventMap } from '../../src/elements/events.js';

export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Detail<K extends keyof GpuChartEventMap> = GpuChartEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Records every `name` event the element fires, in order. */
export function recordEvents<K extends keyof GpuChartEventMap>(el: EventTarget, name: K): Detail<K>[] {
  const seen: Detail<K>[] = [];
  el.addEventListener(name, (e) => seen.push((e as CustomEvent<Detail<K>>).detail));
  return seen;
}

/** Resolves with the next `name` event's detail that satisfies `accept`. */
export function nextEvent<K extends keyof GpuChartEventMap>(
  el: EventTarget,
  name: K,
  accept: (d: Detail<K>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Detail<K>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      el.removeEventListener(name, listener);
      reject(new Error(`timed out waiting for ${name}`));
    }, timeoutMs);
    const listener = (e: Event) => {
      const d = (e as CustomEvent<Detail<K>>).detail;
      if (!accept(d)) return;
      clearTimeout(timer);
      el.removeEventListener(name, listener);
      resolve(d);
    };
    el.addEventListener(name, listener);
  });
}

/** Creates a <gpu-datasource> with attributes, attaches listeners first, then connects it. */
export function createSource(attributes: Record<string, string | boolean>, before?: (el: GpuDatasource) => void): GpuDatasource {
  const el = document.createElement('gpu-datasource');
  for (const [k, v] of Object.entries(attributes)) {
    if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  before?.(el);
  document.body.append(el);
  return el;
}

export function rowsOf(el: GpuDatasource): Record<string, number>[] {
  return Array.from({ length: el.table.length }, (_, i) => el.table.row(i)!);
}

export async function json<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export function wsUrl(path: string): string {
  return new URL(path, location.href).href.replace(/^http/, 'ws');
}
