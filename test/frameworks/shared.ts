// Shared by the framework apps (imported from their src/): the rows every app draws
// and the record of what the framework's own event handlers received.
export interface FrameworkApp {
  setType(type: 'line' | 'candlestick'): void;
  unmount(): void;
}

export function makeData() {
  const time: number[] = [];
  const open: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  let p = 100;
  for (let i = 0; i < 120; i++) {
    const c = p + Math.sin(i / 5) * 3;
    time.push(Date.UTC(2025, 0, 1) + i * 86_400_000);
    open.push(p);
    close.push(c);
    high.push(Math.max(p, c) + 1.5);
    low.push(Math.min(p, c) - 1.5);
    p = c;
  }
  return { time, open, high, low, close };
}

export function record(name: string, value: unknown): void {
  const w = window as unknown as { __events: Record<string, unknown[]> };
  (w.__events ??= {})[name] ??= [];
  w.__events[name].push(value);
}
