// Seeded sample data for the demo pages (the same picture on every visit).
export function randomWalkCandles(n, { start = Date.UTC(2026, 0, 5), step = 86_400_000, seed = 1, weekdays = false } = {}) {
  let s = seed >>> 0;
  const random = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  const time = [], open = [], high = [], low = [], close = [], volume = [];
  let p = 100;
  let t = start;
  while (time.length < n) {
    const day = new Date(t).getUTCDay();
    if (!weekdays || (day !== 0 && day !== 6)) {
      const o = p;
      const c = Math.max(1, o * (1 + (random() - 0.5) * 0.05));
      time.push(t);
      open.push(o);
      close.push(c);
      high.push(Math.max(o, c) * (1 + random() * 0.015));
      low.push(Math.min(o, c) * (1 - random() * 0.015));
      volume.push(Math.round(5e5 + random() * 1e6));
      p = c;
    }
    t += step;
  }
  return { time, open, high, low, close, volume };
}

export const nav = `
  <a href="./index.html">Line, 100 000 points</a>
  <a href="./series.html">Series and panes</a>
  <a href="./science.html">Scientific plots</a>
  <a href="./indicators.html">Indicators</a>
  <a href="./live.html">Live data</a>
  <a href="./interactive.html">Interaction</a>
  <a href="./plugins.html">Plugins</a>
  <a href="./drawings.html">Drawings</a>
  <a href="./state.html">State</a>
  <a href="./migrate.html">Migrate</a>
  <a href="./telemetry.html">Telemetry</a>
  <a href="./big.html">100M rows (tiles)</a>`;
