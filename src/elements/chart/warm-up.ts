/**
 * The first chart's code, run once before a chart needs it. When the page is idle after the
 * library loaded and the prewarm (chart/render/prewarm.ts) has the device and the common
 * pipelines, a small line chart is drawn twice (dense, then sparse) into a canvas that is never
 * attached to the page, then dropped, and the element's stylesheets and templates are prepared
 * (warmElementCode). The page's first real chart then runs code that has run
 * before (compiled, its caches filled: labels, ticks, formats, column spans) instead of paying for
 * that inside its first frame (bench/README.md: cold start, case A0I). Nothing is shown and no
 * event fires; it is skipped once a chart exists (that chart warms everything) and with the
 * prewarm's opt-out (`<meta name="gpu-chart-prewarm" content="off">`).
 */
import { render } from 'lit';
import { ChartEngine } from '../../chart/engine.js';
import { whenPrewarmed } from '../../chart/render/prewarm.js';
import { legendTemplate } from './legend-view.js';

let started = false;
let chartsConnected = 0;
let done: (drew: boolean) => void = () => undefined;
const finished = new Promise<boolean>((resolve) => (done = resolve));

/** Resolves once the warm-up is over: true when it drew its frames, false when it was skipped or failed. */
export function whenWarmedUp(): Promise<boolean> {
  return finished;
}

/** A chart connected: from now on it warms the code itself. */
export function noteChartConnected(): void {
  chartsConnected++;
}

const chartsExist = (): boolean => chartsConnected > 0;

export function warmUpWhenIdle(): void {
  const prewarmed = whenPrewarmed();
  if (started) return;
  started = true;
  if (!prewarmed || typeof document === 'undefined') return done(false);
  void prewarmed.then((ok) => {
    if (!ok || chartsExist()) return done(false);
    const whenIdle = (run: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 1000 }) : setTimeout(run, 16));
    whenIdle(() => {
      warmElementCode();
      void drawOffscreen().then(done);
    });
  });
}

const ignore = (): void => undefined;

/**
 * The element's own first-use costs, paid here instead of in the first chart's task: its
 * stylesheets are parsed (lit makes each constructable sheet on first use) and its templates and
 * the legend's are prepared (lit parses a template's strings on its first render), by rendering
 * them into a fragment that is dropped. The element made for that is never connected.
 */
function warmElementCode(): void {
  try {
    const chartClass = customElements.get('gpu-chart') as unknown as { elementStyles?: Array<{ styleSheet?: CSSStyleSheet }> } | undefined;
    for (const style of chartClass?.elementStyles ?? []) void style.styleSheet;
    const element = document.createElement('gpu-chart') as unknown as { render(): unknown };
    render(element.render(), document.createDocumentFragment());
    const item = { id: 'a', title: 'a', color: '#000', colors: ['#000'], value: '1', parts: [{ name: 'b', colors: ['#000'], value: '2' }], hidden: false };
    const actions = { toggle: ignore, setPaneState: ignore, paneState: () => 'normal' as const, paneControls: () => true };
    render(legendTemplate([{ id: 'main', top: 0, left: 0, width: 100, items: [item, { ...item, parts: [] }] }], actions), document.createDocumentFragment());
  } catch {
    // A warm-up only.
  }
}

/** Draws the off-screen chart; true when its frames were drawn. */
async function drawOffscreen(): Promise<boolean> {
  if (chartsExist()) return false;
  let framesDrawn = 0;
  const engine = new ChartEngine({
    gpuCanvas: document.createElement('canvas'),
    transient: true,
    ready: ignore,
    error: ignore,
    unsupported: ignore,
    frameDrawn: () => void framesDrawn++,
  });
  try {
    // Two years of daily rows: day and month labels, and a line dense enough for column spans.
    const rows = 730;
    const time = new Float64Array(rows);
    const value = new Float64Array(rows);
    const start = Date.UTC(2024, 0, 1);
    for (let i = 0; i < rows; i++) {
      time[i] = start + i * 86_400_000;
      value[i] = 100 + 10 * Math.sin(i / 40) + (i % 7);
    }
    const dpr = globalThis.devicePixelRatio || 1;
    engine.setColumns({ time, value });
    engine.setSeries([{ type: 'line', value: 'value' }]);
    engine.setSize(240, 120, dpr);
    await engine.start();
    await engine.whenIdle();
    if (chartsExist()) return framesDrawn > 0;
    engine.setSize(1600, 300, dpr); // fewer rows than pixel columns: the polyline path
    await engine.whenIdle();
  } catch {
    // A warm-up only: a real chart reports whatever fails here.
  } finally {
    engine.stop();
  }
  return framesDrawn > 0;
}
