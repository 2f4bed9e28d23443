// Bench case LP (issue 23): the 1M-row CSV parsed by Papa Parse in its worker mode (the
// standard CSV parser: `worker: true, download: true`, numbers typed), its rows gathered into
// Float64Array columns on the main thread and bound to the same <gpu-chart type=line> as case LW;
// fetch → painted, with the same main-thread measures (longest task, longest rAF gap, slow
// scripts). Papa's worker posts each chunk's rows as arrays, which the page deserialises and
// copies; gpu-chart's worker transfers finished columns. Imported by run.mjs into the bench page.
const PAPA = '/bench/node_modules/papaparse/papaparse.min.js';

function loadPapa() {
  if (window.Papa) return Promise.resolve(window.Papa);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = PAPA;
    script.onload = () => resolve(window.Papa);
    script.onerror = () => reject(new Error(`could not load ${PAPA} (npm install --prefix bench)`));
    document.head.append(script);
  });
}

const raf = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** The first of three frames in a row at the display rate: painted and the page calm (as page.mjs settle). */
async function settle(maxFrames = 900) {
  const ts = [await raf()];
  for (let i = 0; i < maxFrames; i++) {
    ts.push(await raf());
    const k = ts.length - 4;
    if (k >= 0 && ts[k + 1] - ts[k] < 25 && ts[k + 2] - ts[k + 1] < 25 && ts[k + 3] - ts[k + 2] < 25) return ts[k];
  }
  throw new Error('frames never settled to the display rate');
}

/** Parses `url` with Papa Parse in its worker into columns named by the header row. */
function parseWithPapa(Papa, url) {
  return new Promise((resolve, reject) => {
    let names = null;
    let columns = null;
    let rows = 0;
    const grow = (need) => {
      for (const name of names) {
        const old = columns[name];
        if (old.length >= need) continue;
        const next = new Float64Array(Math.max(need, old.length * 2));
        next.set(old);
        columns[name] = next;
      }
    };
    // Absolute: Papa's worker runs from a blob: URL, against which a path would not resolve.
    Papa.parse(new URL(url, location.href).href, {
      download: true,
      worker: true,
      dynamicTyping: true,
      skipEmptyLines: true,
      chunk(results) {
        let data = results.data;
        if (!names) {
          names = data[0].map((n) => String(n).trim().toLowerCase());
          columns = Object.fromEntries(names.map((n) => [n, new Float64Array(1 << 16)]));
          data = data.slice(1);
        }
        grow(rows + data.length);
        for (let c = 0; c < names.length; c++) {
          const column = columns[names[c]];
          for (let r = 0; r < data.length; r++) column[rows + r] = data[r][c];
        }
        rows += data.length;
      },
      complete: () => resolve({ columns: Object.fromEntries(names.map((n) => [n, columns[n].slice(0, rows)])), rows }),
      error: (error) => reject(error instanceof Error ? error : new Error(String(error?.message ?? error))),
    });
  });
}

/** fetch → painted with Papa Parse in a worker; `box` holds the chart (the page's #box), `size` its width, height and line colour. */
export async function loadWithPapa(url, box, size) {
  const Papa = await loadPapa();
  await import('/dist/cdn/gpu-chart.js');
  await customElements.whenDefined('gpu-chart');
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  const slowScripts = [];
  const frames = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration < 50) continue;
      for (const sc of e.scripts ?? []) if (sc.duration >= 20) slowScripts.push(`${Math.round(sc.duration)} ms ${sc.invoker} ${sc.sourceURL?.split('/').pop() || ''}`.trim());
    }
  });
  try {
    frames.observe({ type: 'long-animation-frame' });
  } catch {
    // not in this browser
  }
  let animating = true;
  let last = performance.now();
  let frameGap = 0;
  const frame = (now) => {
    frameGap = Math.max(frameGap, now - last);
    last = now;
    if (animating) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const t0 = performance.now();
  const { columns, rows } = await parseWithPapa(Papa, url);
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = `width:${size.width}px;height:${size.height}px;--gpu-chart-series-1:${size.line}`;
  chart.setAttribute('type', 'line');
  box.replaceChildren(chart);
  chart.data = columns;
  await chart.updateComplete;
  const tPaint = await settle();
  await new Promise((r) => setTimeout(r, 100)); // the observer hears of the last task after it ended
  animating = false;
  observer.disconnect();
  frames.disconnect();
  return { paint: tPaint - t0, longest: longTasks.length ? Math.max(...longTasks) : 0, longTasks: longTasks.length, frameGap, rows, slowScripts };
}
