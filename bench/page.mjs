// In-page half of the bench: one library per page (?lib=NAME), driven step by step by run.mjs.
// Every library gets the same seeded random walk, generated here; each adapter draws the series
// in known colours so run.mjs can count series pixels in a screenshot.

import { mulberry32 } from './random.mjs';
const LIB = new URLSearchParams(location.search).get('lib');
const box = document.getElementById('box');
let streamedTo = 0; // rows of `data` appended by stream() so far
const W = 1200;
const H = 600;
export const LINE = '#ff0000';
export const UP = '#0000ff';
export const DOWN = '#ff0000';
const T0 = Date.UTC(2024, 0, 1); // ms; one row per second
const STEP = 1000;

// ---- data -------------------------------------------------------------------------------------


/** A seeded random walk: time (ms, 1 s apart) and value. `extra` rows are kept for streaming. */
function genLine(n, seed, extra = 0) {
  const rnd = mulberry32(seed);
  const total = n + extra;
  const time = new Float64Array(total);
  const value = new Float64Array(total);
  let v = 100;
  for (let i = 0; i < total; i++) {
    time[i] = T0 + i * STEP;
    v += rnd() - 0.5;
    value[i] = v;
  }
  return { n, time, value };
}

/** Seeded OHLC candles from a random walk (open = previous close). */
function genCandles(n, seed) {
  const rnd = mulberry32(seed);
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let c = 100;
  for (let i = 0; i < n; i++) {
    const o = c;
    c = o + (rnd() - 0.5) * 2;
    time[i] = T0 + i * STEP;
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) + rnd() * 0.5;
    low[i] = Math.min(o, c) - rnd() * 0.5;
  }
  return { n, time, open, high, low, close };
}

// ---- GPU buffer accounting (all WebGPU libraries alike: wraps the WebGPU API itself) ------------

const gpu = { live: 0, peak: 0, created: 0, devices: new Set() };
if (globalThis.GPUDevice) {
  const sizes = new WeakMap();
  const create = GPUDevice.prototype.createBuffer;
  GPUDevice.prototype.createBuffer = function (desc) {
    const b = create.call(this, desc);
    gpu.devices.add(this);
    sizes.set(b, b.size);
    gpu.live += b.size;
    gpu.created++;
    if (gpu.live > gpu.peak) gpu.peak = gpu.live;
    return b;
  };
  const destroy = GPUBuffer.prototype.destroy;
  GPUBuffer.prototype.destroy = function () {
    const s = sizes.get(this);
    if (s !== undefined) {
      gpu.live -= s;
      sizes.delete(this);
    }
    return destroy.call(this);
  };
}

// ---- cold start phases (issue 15): when the page's WebGPU calls start and end -----------------
// Wrapped before any library loads, so prewarmed work (gpu-chart requests its device when the
// element is defined) shows with a negative start relative to the chart's creation.

const cold = {};
const first = (key) => (cold[key] ??= performance.now());
const last = (key) => (cold[key] = performance.now());
function wrapAsync(proto, name, startKey, endKey) {
  const original = proto?.[name];
  if (typeof original !== 'function') return;
  proto[name] = function (...args) {
    first(startKey);
    const result = original.apply(this, args);
    return Promise.resolve(result).then((v) => {
      last(endKey);
      return v;
    });
  };
}
function wrapSync(proto, name, key) {
  const original = proto?.[name];
  if (typeof original !== 'function') return;
  proto[name] = function (...args) {
    first(key);
    return original.apply(this, args);
  };
}
if (globalThis.GPU) {
  wrapAsync(GPU.prototype, 'requestAdapter', 'adapterStart', 'adapterEnd');
  wrapAsync(GPUAdapter.prototype, 'requestDevice', 'deviceStart', 'deviceEnd');
  wrapSync(GPUDevice.prototype, 'createShaderModule', 'firstShaderModule');
  wrapAsync(GPUDevice.prototype, 'createRenderPipelineAsync', 'pipelinesStart', 'pipelinesEnd');
  wrapSync(GPUCanvasContext.prototype, 'configure', 'firstConfigure');
  // The last chart's own start-up, on a page whose device is warm (case A): when it configured its canvas.
  const configure = GPUCanvasContext.prototype.configure;
  GPUCanvasContext.prototype.configure = function (...args) {
    cold.lastConfigure = performance.now();
    return configure.apply(this, args);
  };
  wrapSync(GPUQueue.prototype, 'submit', 'firstSubmit');
  const submit = GPUQueue.prototype.submit;
  GPUQueue.prototype.submit = function (...args) {
    cold.submits = (cold.submits ?? 0) + 1;
    cold.lastSubmit = performance.now();
    return submit.apply(this, args);
  };
}
let measuredFrom = 0;
/** The phases relative to the start of the last measured step (ms; negative: before it). */
function coldPhases() {
  const out = {};
  for (const [k, v] of Object.entries(cold)) out[k] = k === 'submits' ? v : +(v - measuredFrom).toFixed(2);
  return out;
}

async function gpuIdle() {
  for (const d of gpu.devices) await d.queue.onSubmittedWorkDone();
}

// ---- frames -----------------------------------------------------------------------------------

const raf = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * After the library says it is done (sync return / its own promise), wait until frames arrive at
 * the display rate again: three consecutive rAF intervals under 25 ms. "Painted" is the rAF that
 * starts that steady run, i.e. the first frame after the last slow (rasterising) one.
 */
async function settle(maxFrames = 900) {
  const ts = [await raf()];
  for (let i = 0; i < maxFrames; i++) {
    ts.push(await raf());
    const k = ts.length - 4;
    if (k >= 0 && ts[k + 1] - ts[k] < 25 && ts[k + 2] - ts[k + 1] < 25 && ts[k + 3] - ts[k + 2] < 25) return ts[k];
  }
  throw new Error('frames never settled to the display rate');
}

async function measure(fn, done = () => adapter.done()) {
  const t0 = performance.now();
  measuredFrom = t0;
  performance.mark('bench-step');
  await fn();
  const tSync = performance.now();
  await done();
  const tDone = performance.now();
  const tPaint = await settle();
  return { work: tDone - t0, sync: tSync - t0, paint: Math.max(tPaint, tDone) - t0 };
}

// ---- adapters ---------------------------------------------------------------------------------

const sec = (ms) => ms / 1000;
const NA = (why) => ({ na: why });

const adapters = {
  'gpu-chart': () => {
    let c = null;
    let ds = null;
    let indicators = [];
    let failure = null;
    const make = (extraCss = '') => {
      c = document.createElement('gpu-chart');
      c.style.cssText = `width:${W}px;height:${H}px;--gpu-chart-series-1:${LINE};${extraCss}`;
      c.addEventListener('gpu-error', (e) => (failure = e.detail?.message || 'gpu-error'));
      c.addEventListener('gpu-unsupported', (e) => (failure = 'unsupported: ' + e.detail?.reason));
      return c;
    };
    const props = () => customElements.get('gpu-chart')?.elementProperties;
    let mod = null;
    return {
      async load() {
        mod = await import('/dist/cdn/gpu-chart.js');
        await customElements.whenDefined('gpu-chart');
      },
      /**
       * Loads `url` into a <gpu-datasource worker=…> bound to a line chart; resolves when painted.
       * Meanwhile a rAF loop stands for an animation and a longtask observer records long tasks.
       */
      async loadFile(url, worker) {
        const longTasks = [];
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longTasks.push(e.duration);
        });
        observer.observe({ type: 'longtask' });
        // Which scripts the slow frames ran (long-animation-frame attribution), for the JSON.
        const slowScripts = [];
        const frames = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            if (e.duration < 50) continue;
            for (const sc of e.scripts ?? []) if (sc.duration >= 20) slowScripts.push(`${Math.round(sc.duration)} ms ${sc.invoker} ${sc.sourceFunctionName || ''} ${sc.sourceURL?.split('/').pop() || ''}:${sc.sourceCharPosition ?? ''}`.trim());
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
        ds = document.createElement('gpu-datasource');
        ds.id = 'bench-load';
        ds.setAttribute('worker', worker);
        make();
        c.setAttribute('type', 'line');
        c.setAttribute('source', 'bench-load');
        document.body.append(ds);
        box.append(c);
        ds.setAttribute('src', url);
        await new Promise((resolve, reject) => {
          const check = () => (ds.status === 'ready' ? resolve() : ds.status === 'error' ? reject(new Error(ds.shadowRoot?.textContent || 'load failed')) : setTimeout(check, 5));
          check();
        });
        await this.done();
        const tPaint = await settle();
        await sleep(100); // the observer hears of the last task after it ended
        animating = false;
        observer.disconnect();
        frames.disconnect();
        if (ds.decodedIn !== (worker === 'off' ? 'main' : 'worker')) throw new Error(`decoded in ${ds.decodedIn}, not as asked (${worker})`);
        return { paint: tPaint - t0, longest: longTasks.length ? Math.max(...longTasks) : 0, longTasks: longTasks.length, frameGap, rows: ds.length, slowScripts };
      },
      createLine(d) {
        make();
        c.data = { time: d.time.subarray(0, d.n), value: d.value.subarray(0, d.n) };
        box.append(c);
      },
      setLine(d) {
        c.data = { time: d.time.subarray(0, d.n), value: d.value.subarray(0, d.n) };
      },
      async done() {
        await c.updateComplete;
        if (indicators.length) {
          await Promise.all(indicators.map((i) => i.computed));
          await c.updateComplete;
        }
        if (failure) throw new Error(failure);
      },
      setRange(from, to) {
        c.visibleRange = { from, to };
      },
      candleSupport() {
        return props()?.has('type') ? null : 'n/a (not yet supported)';
      },
      createCandles(d) {
        make(`--gpu-chart-up:${UP};--gpu-chart-down:${DOWN}`);
        c.setAttribute('type', 'candlestick');
        c.data = { time: d.time, open: d.open, high: d.high, low: d.low, close: d.close };
        box.append(c);
      },
      streamSupport() {
        return props()?.has('dataSource') && customElements.get('gpu-datasource') ? null : 'n/a (not yet supported)';
      },
      indicatorSupport() {
        return customElements.get('gpu-indicator') ? null : 'n/a (not yet supported)';
      },
      async createStream(d, withIndicators) {
        ds = document.createElement('gpu-datasource');
        ds.data = { time: d.time.subarray(0, d.n), value: d.value.subarray(0, d.n) };
        document.body.append(ds);
        make();
        indicators = [];
        if (withIndicators) {
          // Three indicators computed live from the stream (they read 'value' on a line chart).
          for (const [type, period] of [['ema', '20'], ['rsi', '14'], ['bollinger', '20']]) {
            const ind = document.createElement('gpu-indicator');
            ind.setAttribute('type', type);
            ind.setAttribute('period', period);
            c.append(ind);
            indicators.push(ind);
          }
        }
        c.dataSource = ds;
        box.append(c);
      },
      append(t, v) {
        ds.append({ time: t, value: v });
      },
      destroy() {
        c.remove();
        ds?.remove();
        c = ds = null;
      },
      gpuBytes: () => gpu.live,
      /** gpu-chart's own count (`gpuBytesAllocated()`), where the build exports it. */
      gpuBytesExposed: () => (typeof mod?.gpuBytesAllocated === 'function' ? mod.gpuBytesAllocated() : null),
    };
  },

  chartgpu: () => {
    let m = null;
    let chart = null;
    const base = () => ({
      animation: false,
      theme: 'light',
      legend: { show: false },
      tooltip: { show: false },
      xAxis: { type: 'time' },
      yAxis: { type: 'value' },
      dataZoom: [{ type: 'inside' }],
    });
    let span = [0, 1];
    let opts = null;
    return {
      async load() {
        m = await import('/bench/node_modules/chartgpu/dist/index.js');
      },
      async createLine(d) {
        // Documented large-data path: columnar Float64Array x/y, default sampling (lttb with GPU
        // decimation where eligible), default performance.lod 'auto'.
        span = [d.time[0], d.time[d.n - 1]];
        opts = { ...base(), series: [{ type: 'line', color: LINE, lineStyle: { width: 1, color: LINE }, data: { x: d.time.subarray(0, d.n), y: d.value.subarray(0, d.n) } }] };
        chart = await m.ChartGPU.create(box, opts);
      },
      setLine(d) {
        span = [d.time[0], d.time[d.n - 1]];
        opts = { ...opts, series: [{ ...opts.series[0], data: { x: d.time.subarray(0, d.n), y: d.value.subarray(0, d.n) } }] };
        chart.setOption(opts);
      },
      async done() {
        for (let i = 0; i < 600 && chart.needsRender(); i++) await raf();
        await Promise.resolve();
        await gpuIdle();
      },
      setRange(from, to) {
        const f = (x) => ((x - span[0]) / (span[1] - span[0])) * 100;
        chart.setZoomRange(f(from), f(to));
      },
      candleSupport: () => null,
      async createCandles(d) {
        span = [d.time[0], d.time[d.n - 1]];
        const rows = new Array(d.n);
        for (let i = 0; i < d.n; i++) rows[i] = [d.time[i], d.open[i], d.close[i], d.low[i], d.high[i]];
        chart = await m.ChartGPU.create(box, {
          ...base(),
          series: [{
            type: 'candlestick', data: rows, sampling: 'ohlc', priceLabel: false,
            itemStyle: { upColor: UP, downColor: DOWN, upBorderColor: UP, downBorderColor: DOWN, borderWidth: 1 },
          }],
        });
      },
      streamSupport: () => null,
      async createStream(d) {
        this.cap = d.time.length;
        await this.createLine(d);
      },
      append(t, v) {
        // maxPoints = room for every row of the run (nothing is dropped): the documented ring path.
        chart.appendData(0, { x: [t], y: [v] }, { maxPoints: this.cap });
      },
      destroy() {
        chart.dispose();
        chart = null;
        box.replaceChildren();
      },
      gpuBytes: () => gpu.live,
    };
  },

  uplot: () => {
    let uPlot = null;
    let u = null;
    let xs = null;
    let ys = null;
    const opts = (series) => ({
      width: W, height: H, legend: { show: false }, cursor: { show: false },
      scales: { x: { time: true } },
      series: [{}, series],
    });
    const toSec = (d, n) => {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = d.time[i] / 1000;
      return x;
    };
    return {
      async load() {
        uPlot = (await import('/bench/node_modules/uplot/dist/uPlot.esm.js')).default;
      },
      createLine(d) {
        xs = toSec(d, d.n);
        u = new uPlot(opts({ stroke: LINE, width: 1, points: { show: false } }), [xs, d.value.subarray(0, d.n)], box);
      },
      setLine(d) {
        xs = toSec(d, d.n);
        u.setData([xs, d.value.subarray(0, d.n)]);
      },
      done: async () => {},
      setRange(from, to) {
        u.setScale('x', { min: sec(from), max: sec(to) });
      },
      candleSupport: () => 'n/a (no built-in candlestick series)',
      streamSupport: () => null,
      createStream(d) {
        // uPlot has no append: the documented way is setData with the grown arrays (views here).
        xs = toSec(d, d.time.length);
        ys = d.value;
        this.len = d.n;
        u = new uPlot(opts({ stroke: LINE, width: 1, points: { show: false } }), [xs.subarray(0, d.n), ys.subarray(0, d.n)], box);
      },
      append() {
        this.len++;
        u.setData([xs.subarray(0, this.len), ys.subarray(0, this.len)]);
      },
      destroy() {
        u.destroy();
        u = null;
        box.replaceChildren();
      },
      gpuBytes: () => null,
    };
  },

  'lightweight-charts': () => {
    let L = null;
    let chart = null;
    let series = null;
    const mk = () =>
      L.createChart(box, {
        width: W, height: H, autoSize: false,
        layout: { background: { color: '#ffffff' }, textColor: '#333333', attributionLogo: false },
        crosshair: { mode: 0, vertLine: { visible: false }, horzLine: { visible: false } },
        handleScroll: false, handleScale: false,
      });
    const rows = (d, n) => {
      const r = new Array(n);
      for (let i = 0; i < n; i++) r[i] = { time: d.time[i] / 1000, value: d.value[i] };
      return r;
    };
    const lineOpts = { color: LINE, lineWidth: 1, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false };
    return {
      async load() {
        L = await import('/bench/node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.mjs');
      },
      createLine(d) {
        chart = mk();
        series = chart.addSeries(L.LineSeries, lineOpts);
        series.setData(rows(d, d.n));
        chart.timeScale().fitContent();
      },
      setLine(d) {
        series.setData(rows(d, d.n));
        chart.timeScale().fitContent();
      },
      done: async () => {},
      setRange(from, to) {
        chart.timeScale().setVisibleRange({ from: sec(from), to: sec(to) });
      },
      candleSupport: () => null,
      createCandles(d) {
        chart = mk();
        series = chart.addSeries(L.CandlestickSeries, {
          upColor: UP, downColor: DOWN, borderUpColor: UP, borderDownColor: DOWN, wickUpColor: UP, wickDownColor: DOWN,
          priceLineVisible: false, lastValueVisible: false,
        });
        const r = new Array(d.n);
        for (let i = 0; i < d.n; i++) r[i] = { time: d.time[i] / 1000, open: d.open[i], high: d.high[i], low: d.low[i], close: d.close[i] };
        series.setData(r);
        chart.timeScale().fitContent();
      },
      streamSupport: () => null,
      createStream(d) {
        this.createLine(d);
      },
      append(t, v) {
        series.update({ time: t / 1000, value: v });
      },
      destroy() {
        chart.remove();
        chart = series = null;
        box.replaceChildren();
      },
      gpuBytes: () => null,
    };
  },

  echarts: () => {
    let E = null;
    let chart = null;
    let finished = Promise.resolve();
    let buf = null;
    let len = 0;
    const arm = () => {
      finished = new Promise((r) => chart.on('finished', function f() { chart.off('finished', f); r(); }));
    };
    const common = () => ({
      animation: false,
      grid: { left: 60, right: 20, top: 20, bottom: 30 },
      tooltip: { show: false },
      dataZoom: [{ type: 'inside', filterMode: 'filter', throttle: 0 }],
    });
    const interleave = (d, n) => {
      const a = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        a[2 * i] = d.time[i];
        a[2 * i + 1] = d.value[i];
      }
      return a;
    };
    // Large-data setting: typed-array data, no symbols, sampling 'minmax' (keeps each pixel
    // column's min and max, the same envelope semantics as gpu-chart's and uPlot's decimation).
    const lineSeries = (data) => ({
      type: 'line', data, dimensions: ['x', 'y'], encode: { x: 0, y: 1 }, showSymbol: false, symbol: 'none',
      sampling: 'minmax', large: true, silent: true, animation: false,
      lineStyle: { color: LINE, width: 1 }, itemStyle: { color: LINE },
    });
    return {
      async load() {
        E = await import('/bench/node_modules/echarts/dist/echarts.esm.min.mjs');
      },
      createLine(d) {
        chart = E.init(box, null, { renderer: 'canvas', width: W, height: H });
        arm();
        chart.setOption({
          ...common(),
          xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true },
          series: [lineSeries(interleave(d, d.n))],
        });
      },
      setLine(d) {
        arm();
        chart.setOption({ series: [lineSeries(interleave(d, d.n))] });
      },
      done: () => finished,
      setRange(from, to) {
        arm();
        chart.dispatchAction({ type: 'dataZoom', startValue: from, endValue: to });
      },
      candleSupport: () => null,
      createCandles(d) {
        chart = E.init(box, null, { renderer: 'canvas', width: W, height: H });
        arm();
        const rows = new Array(d.n);
        for (let i = 0; i < d.n; i++) rows[i] = [d.time[i], d.open[i], d.close[i], d.low[i], d.high[i]];
        chart.setOption({
          ...common(),
          xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true },
          series: [{
            type: 'candlestick', data: rows, large: true, largeThreshold: 600, progressive: 0, silent: true,
            itemStyle: { color: UP, color0: DOWN, borderColor: UP, borderColor0: DOWN },
          }],
        });
      },
      streamSupport: () => null,
      createStream(d) {
        // ECharts' appendData covers scatter/lines only; a line series is updated with setOption.
        buf = interleave(d, d.time.length);
        len = d.n;
        chart = E.init(box, null, { renderer: 'canvas', width: W, height: H });
        arm();
        chart.setOption({ ...common(), xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true }, series: [lineSeries(buf.subarray(0, 2 * len))] });
      },
      append() {
        len++;
        arm();
        chart.setOption({ series: [lineSeries(buf.subarray(0, 2 * len))] });
      },
      destroy() {
        chart.dispose();
        chart = null;
        box.replaceChildren();
      },
      gpuBytes: () => null,
    };
  },
};


// ---- many charts on one page (case M): a grid of small charts, then one shared zoom ----------

function gridShape(count) {
  const cols = Math.ceil(Math.sqrt(count * (W / H)));
  const rows = Math.ceil(count / cols);
  return { cols, rows, w: Math.floor(W / cols), h: Math.floor(H / rows) };
}

function grid(count) {
  const { cols, w, h } = gridShape(count);
  box.style.display = 'grid';
  box.style.gridTemplateColumns = `repeat(${cols}, ${w}px)`;
  box.style.gridAutoRows = `${h}px`;
  return { w, h };
}

const many = {
  'gpu-chart': () => {
    let charts = [];
    return {
      create(d, count) {
        const { w, h } = grid(count);
        for (let i = 0; i < count; i++) {
          const c = document.createElement('gpu-chart');
          c.style.cssText = `width:${w}px;height:${h}px;--gpu-chart-series-1:${LINE}`;
          c.setAttribute('sync', 'bench');
          c.setAttribute('legend', 'off');
          c.data = { time: d.time.subarray(0, d.n), value: d.value.subarray(0, d.n) };
          box.append(c);
          charts.push(c);
        }
      },
      // One chart's view changes; the sync group moves the others.
      zoom(from, to) {
        charts[0].visibleRange = { from, to };
      },
      async done() {
        await Promise.all(charts.map((c) => c.updateComplete));
        await Promise.all(charts.map((c) => c.updateComplete));
      },
    };
  },
  uplot: () => {
    let uPlot = null;
    let plots = [];
    return {
      async load() {
        uPlot = (await import('/bench/node_modules/uplot/dist/uPlot.esm.js')).default;
      },
      create(d, count) {
        const { w, h } = grid(count);
        const xs = new Float64Array(d.n);
        for (let i = 0; i < d.n; i++) xs[i] = d.time[i] / 1000;
        for (let i = 0; i < count; i++) {
          const cell = document.createElement('div');
          box.append(cell);
          // uPlot's sync links cursors; scales are set on each chart (its documented way).
          plots.push(new uPlot({ width: w, height: h, legend: { show: false }, cursor: { show: false }, scales: { x: { time: true } }, series: [{}, { stroke: LINE, width: 1, points: { show: false } }] }, [xs, d.value.subarray(0, d.n)], cell));
        }
      },
      zoom(from, to) {
        for (const u of plots) u.setScale('x', { min: from / 1000, max: to / 1000 });
      },
      done: async () => {},
    };
  },
  echarts: () => {
    let E = null;
    let charts = [];
    let finished = [];
    const arm = () => {
      finished = charts.map((c) => new Promise((r) => c.on('finished', function f() { c.off('finished', f); r(); })));
    };
    return {
      async load() {
        E = await import('/bench/node_modules/echarts/dist/echarts.esm.min.mjs');
      },
      create(d, count) {
        const { w, h } = grid(count);
        const a = new Float64Array(d.n * 2);
        for (let i = 0; i < d.n; i++) {
          a[2 * i] = d.time[i];
          a[2 * i + 1] = d.value[i];
        }
        for (let i = 0; i < count; i++) {
          const cell = document.createElement('div');
          box.append(cell);
          const c = E.init(cell, null, { renderer: 'canvas', width: w, height: h });
          c.group = 'bench';
          charts.push(c);
        }
        arm();
        for (const c of charts) {
          c.setOption({
            animation: false, grid: { left: 30, right: 4, top: 4, bottom: 16 }, tooltip: { show: false },
            dataZoom: [{ type: 'inside', filterMode: 'filter', throttle: 0 }],
            xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true },
            series: [{ type: 'line', data: a, dimensions: ['x', 'y'], encode: { x: 0, y: 1 }, showSymbol: false, symbol: 'none', sampling: 'minmax', large: true, silent: true, animation: false, lineStyle: { color: LINE, width: 1 } }],
          });
        }
        // connect: a dataZoom on one chart is applied to every chart of the group.
        E.connect('bench');
      },
      zoom(from, to) {
        arm();
        charts[0].dispatchAction({ type: 'dataZoom', startValue: from, endValue: to });
      },
      done: () => Promise.all(finished),
    };
  },
};
const manyAdapter = many[LIB]?.();

/** The browser's floor: request an adapter and a device, configure a canvas, compile one tiny pipeline, present one cleared frame. */
async function webgpuFloor() {
  let device = null;
  const step = async () => {
    const adapterObj = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    device = await adapterObj.requestDevice();
    const format = navigator.gpu.getPreferredCanvasFormat();
    const { context } = floorCanvas({ device, format });
    const module = device.createShaderModule({ code: '@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f { return vec4f(0.0, 0.0, 0.0, 1.0); } @fragment fn fs() -> @location(0) vec4f { return vec4f(1.0, 0.0, 0.0, 1.0); }' });
    const pipeline = await device.createRenderPipelineAsync({ layout: 'auto', vertex: { module, entryPoint: 'vs' }, fragment: { module, entryPoint: 'fs', targets: [{ format }] }, primitive: { topology: 'point-list' } });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginRenderPass({ colorAttachments: [{ view: context.getCurrentTexture().createView(), loadOp: 'clear', storeOp: 'store', clearValue: { r: 1, g: 0, b: 0, a: 1 } }] });
    pass.setPipeline(pipeline);
    pass.draw(1);
    pass.end();
    device.queue.submit([encoder.finish()]);
  };
  const r = await measure(step, () => device.queue.onSubmittedWorkDone());
  return { ...r, phases: coldPhases() };
}

/**
 * Case F1, the floor of case A: what any WebGPU line chart pays on a page whose device is already
 * warm. A new canvas is made, configured, and `data`'s first n points are uploaded (float32,
 * relative to the first point) and drawn as one 1-px line strip by a pipeline made before the
 * step; then one submit. No axes, no labels, no level of detail: less than a chart needs.
 */
let warmFloor = null;

/** A canvas of the bench's size on the page, configured for the floor's device. */
function floorCanvas({ device, format }) {
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  canvas.style.cssText = `width:${W}px;height:${H}px`;
  box.append(canvas);
  const context = canvas.getContext('webgpu');
  context.configure({ device, format, alphaMode: 'opaque' });
  return { canvas, context };
}

/** One submit: the canvas cleared white and `count` points drawn as a line strip by the floor's pipeline. */
function submitLineStrip({ device, pipeline }, context, group, vertices, count) {
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginRenderPass({ colorAttachments: [{ view: context.getCurrentTexture().createView(), loadOp: 'clear', storeOp: 'store', clearValue: { r: 1, g: 1, b: 1, a: 1 } }] });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  pass.setVertexBuffer(0, vertices);
  pass.draw(count);
  pass.end();
  device.queue.submit([encoder.finish()]);
}
async function webgpuWarmFloor(d) {
  if (!warmFloor) {
    const adapterObj = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    const device = await adapterObj.requestDevice();
    const format = navigator.gpu.getPreferredCanvasFormat();
    const module = device.createShaderModule({
      code: `struct V { t0: f32, dt: f32, v0: f32, dv: f32 }
        @group(0) @binding(0) var<uniform> view: V;
        @vertex fn vs(@location(0) p: vec2f) -> @builtin(position) vec4f {
          return vec4f((p.x - view.t0) / view.dt * 2.0 - 1.0, (p.y - view.v0) / view.dv * 2.0 - 1.0, 0.0, 1.0);
        }
        @fragment fn fs() -> @location(0) vec4f { return vec4f(1.0, 0.0, 0.0, 1.0); }`, // LINE
    });
    const pipeline = await device.createRenderPipelineAsync({
      layout: 'auto',
      vertex: { module, entryPoint: 'vs', buffers: [{ arrayStride: 8, attributes: [{ shaderLocation: 0, offset: 0, format: 'float32x2' }] }] },
      fragment: { module, entryPoint: 'fs', targets: [{ format }] },
      primitive: { topology: 'line-strip' },
    });
    warmFloor = { device, format, pipeline };
  }
  const { device, pipeline } = warmFloor;
  let canvas = null;
  let context = null;
  const step = (existing = false) => {
    const n = d.n;
    if (!existing) ({ canvas, context } = floorCanvas(warmFloor));
    const xy = new Float32Array(n * 2);
    const t0 = d.time[0];
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = d.value[i];
      xy[2 * i] = d.time[i] - t0;
      xy[2 * i + 1] = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const vertices = device.createBuffer({ size: xy.byteLength, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(vertices, 0, xy);
    const uniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(uniform, 0, new Float32Array([0, d.time[n - 1] - t0 || 1, lo, hi - lo || 1]));
    const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: uniform } }] });
    submitLineStrip(warmFloor, context, group, vertices, n);
  };
  // One unmeasured round first: the code and the browser's canvas path are warm, as in case A.
  step();
  await device.queue.onSubmittedWorkDone();
  canvas.remove();
  await settle();
  const r = await measure(() => step(), () => device.queue.onSubmittedWorkDone());
  // The same step into the canvas made above: what a new canvas adds to the floor.
  const again = await measure(() => step(true), () => device.queue.onSubmittedWorkDone());
  return { ...r, paintExisting: again.paint };
}

/**
 * Case F2, the floor of case C: a page with no library streams into a WebGPU canvas. Per append:
 * the new point is written to the GPU (8 bytes), one text node shows its value (a legend), and one
 * frame draws every point as a 1-px line strip. No axes, no level of detail, no indicators.
 */
async function webgpuStreamFloor(d) {
  if (!warmFloor) await webgpuWarmFloor({ ...d, n: Math.min(d.n, 1000) });
  const { device, pipeline } = warmFloor;
  const { context } = floorCanvas(warmFloor);
  const readout = document.createElement('span');
  box.append(readout);
  const capacity = d.time.length;
  const t0 = d.time[0];
  const xy = new Float32Array(capacity * 2);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < capacity; i++) {
    xy[2 * i] = d.time[i] - t0;
    xy[2 * i + 1] = d.value[i];
    lo = Math.min(lo, d.value[i]);
    hi = Math.max(hi, d.value[i]);
  }
  const vertices = device.createBuffer({ size: xy.byteLength, usage: GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(vertices, 0, xy, 0, d.n * 2);
  const uniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: uniform } }] });
  const view = new Float32Array(4);
  const point = new Float32Array(2);
  let count = d.n;
  const draw = () => {
    view.set([0, d.time[count - 1] - t0 || 1, lo, hi - lo || 1]);
    device.queue.writeBuffer(uniform, 0, view);
    submitLineStrip(warmFloor, context, group, vertices, count);
  };
  draw();
  await device.queue.onSubmittedWorkDone();
  await settle();
  // One frame on the GPU at a time, as a chart does: an append made meanwhile is drawn when it is done.
  let inFlight = false;
  let dirty = false;
  const frame = () => {
    dirty = false;
    inFlight = true;
    draw();
    device.queue.onSubmittedWorkDone().then(() => {
      inFlight = false;
      if (dirty) frame();
    });
  };
  return {
    append(t, v) {
      point[0] = t - t0;
      point[1] = v;
      device.queue.writeBuffer(vertices, count * 8, point);
      count++;
      readout.textContent = v.toFixed(2);
      if (inFlight) dirty = true;
      else frame();
    },
    async done() {
      while (inFlight || dirty) await device.queue.onSubmittedWorkDone();
    },
  };
}
let streamTarget = null;

const adapter = adapters[LIB]?.();

// ---- steps called by run.mjs ------------------------------------------------------------------

let data = null;

window.bench = {
  lib: LIB,
  async load() {
    if (!adapter) throw new Error(`unknown library ${LIB}`);
    await adapter.load();
    await settle();
    return true;
  },
  gen(kind, n, seed, extra = 0) {
    data = kind === 'candles' ? genCandles(n, seed) : genLine(n, seed, extra);
    return { first: data.time[0], last: data.time[n - 1] };
  },
  /** Draws and removes a 1k-point chart: the device, shaders and JIT are then warm. */
  async warmup() {
    const keep = data;
    data = genLine(1000, 99);
    await measure(() => adapter.createLine(data));
    adapter.destroy();
    await settle();
    data = keep;
    return true;
  },
  support(kind) {
    if (kind === 'candles') return adapter.candleSupport();
    if (kind === 'stream') return adapter.streamSupport();
    if (kind === 'indicators') return adapter.indicatorSupport ? adapter.indicatorSupport() : 'n/a (no built-in indicators)';
    return null;
  },
  async createLine() {
    const r = await measure(() => adapter.createLine(data));
    return LIB === 'gpu-chart' ? { ...r, phases: coldPhases() } : r;
  },
  sleep,
  /** Case F0: the browser's own WebGPU floor (no library loaded on the page). */
  floor: webgpuFloor,
  /** Case F1: the floor of case A (warm device, new canvas, the current data as a 1-px line strip). */
  warmFloor: () => webgpuWarmFloor(data),
  /** Case F2: the floor of case C (no library: one point written, one text node, one frame per append). */
  async streamFloor() {
    streamedTo = 0;
    streamTarget = await webgpuStreamFloor(data);
    return true;
  },
  /** Case M: `count` charts of the current data, create → all painted. */
  async createMany(count) {
    if (!manyAdapter) return NA('n/a (no many-charts adapter)');
    if (manyAdapter.load) await manyAdapter.load();
    return measure(() => manyAdapter.create(data, count), () => manyAdapter.done());
  },
  /** Case M: one shared zoom to the middle tenth → all painted. */
  async zoomMany() {
    const a = data.time[0];
    const b = data.time[data.n - 1];
    const mid = (a + b) / 2;
    const half = (b - a) / 20;
    return measure(() => manyAdapter.zoom(Math.round(mid - half), Math.round(mid + half)), () => manyAdapter.done());
  },
  /** gpu-chart only: fetch → painted of a data file (run.mjs cases LW and LM). */
  async loadFile(url, worker) {
    if (!adapter.loadFile) return NA('n/a (gpu-chart only)');
    return adapter.loadFile(url, worker);
  },
  async replace(seed) {
    const d = genLine(data.n, seed);
    data = d;
    return measure(() => adapter.setLine(d));
  },
  async createCandles() {
    return measure(() => adapter.createCandles(data));
  },
  /** Zoom in towards the middle over half the steps, then pan at the narrowest span. */
  async zoomPan(steps, budgetMs = Infinity) {
    const tStart = performance.now();
    const a = data.time[0];
    const b = data.time[data.n - 1];
    const full = b - a;
    const out = [];
    const half = Math.floor(steps / 2);
    const minFrac = 0.02;
    for (let i = 0; i < steps; i++) {
      let from;
      let to;
      if (i < half) {
        const frac = Math.pow(minFrac, (i + 1) / half);
        const mid = a + full / 2;
        from = mid - (frac * full) / 2;
        to = mid + (frac * full) / 2;
      } else {
        const j = i - half;
        const w = minFrac * full;
        const left = a + full * (0.5 - minFrac / 2) - (j + 1) * (full * 0.4) / (steps - half);
        from = left;
        to = left + w;
      }
      out.push(await measure(() => adapter.setRange(Math.round(from), Math.round(to))));
      if (performance.now() - tStart > budgetMs) break; // slow library: report the steps it managed
    }
    return out;
  },
  async createStream(withIndicators = false) {
    streamedTo = 0;
    return measure(() => adapter.createStream(data, withIndicators));
  },
  /** One append per animation frame for `ms`; then waits until the last one is painted. */
  async stream(ms) {
    // A second stream continues where the first stopped (rows stay in time order).
    let i = Math.max(data.n, streamedTo);
    let count = 0;
    const submits0 = cold.submits ?? 0;
    const t0 = performance.now();
    let appendMs = 0;
    const each = [];
    await new Promise((resolve, reject) => {
      const tick = () => {
        try {
          if (performance.now() - t0 >= ms || i >= data.time.length) return resolve();
          const a = performance.now();
          (streamTarget ?? adapter).append(data.time[i], data.value[i]);
          const took = performance.now() - a;
          appendMs += took;
          each.push(took);
          i++;
          count++;
          requestAnimationFrame(tick);
        } catch (e) {
          reject(e);
        }
      };
      requestAnimationFrame(tick);
    });
    streamedTo = i;
    await (streamTarget ?? adapter).done();
    const tPaint = await settle();
    const elapsed = tPaint - t0;
    each.sort((x, y) => x - y);
    return { count, elapsed, perSec: (count / elapsed) * 1000, appendMs: appendMs / count, appendMedianMs: each[each.length >> 1] ?? null, submitsPerUpdate: cold.submits === undefined ? null : (cold.submits - submits0) / count };
  },
  gpuBytes() {
    return adapter.gpuBytes ? adapter.gpuBytes() : null;
  },
  /** Zooms the current chart to `fraction` of its data around the middle, until painted. */
  async zoomIn(fraction) {
    const a = data.time[0];
    const b = data.time[data.n - 1];
    const mid = (a + b) / 2;
    const half = ((b - a) * fraction) / 2;
    await measure(() => adapter.setRange(Math.round(mid - half), Math.round(mid + half)));
  },
  gpuBytesExposed() {
    return adapter.gpuBytesExposed ? adapter.gpuBytesExposed() : null;
  },
  /** Counts series-coloured pixels of a PNG (a screenshot of #box). */
  async countPixels(b64, kind) {
    const blob = await (await fetch('data:image/png;base64,' + b64)).blob();
    const bmp = await createImageBitmap(blob);
    const cv = new OffscreenCanvas(bmp.width, bmp.height);
    const g = cv.getContext('2d', { willReadFrequently: true });
    g.drawImage(bmp, 0, 0);
    const px = g.getImageData(0, 0, bmp.width, bmp.height).data;
    let red = 0;
    let blue = 0;
    const colsRed = new Uint8Array(bmp.width);
    const colsBlue = new Uint8Array(bmp.width);
    // rows with red over at least a tenth of the width (a heatmap must fill the plot's height, not one strip)
    let redRows = 0;
    for (let y = 0; y < bmp.height; y++) {
      let inRow = 0;
      for (let x = 0; x < bmp.width; x++) {
        const o = (y * bmp.width + x) * 4;
        const r = px[o];
        const gg = px[o + 1];
        const b = px[o + 2];
        if (r - Math.max(gg, b) >= 60) {
          red++;
          inRow++;
          colsRed[x] = 1;
        } else if (b - Math.max(r, gg) >= 60) {
          blue++;
          colsBlue[x] = 1;
        }
      }
      if (inRow >= bmp.width / 10) redRows++;
    }
    const frac = (cols) => cols.reduce((s, v) => s + v, 0) / bmp.width;
    // A grid of small charts: the share of charts showing at least 20 line pixels (each must).
    let cellsPainted;
    if (String(kind).startsWith('grid:')) {
      const count = Number(kind.slice(5));
      const { cols, w, h } = gridShape(count);
      let painted = 0;
      for (let i = 0; i < count; i++) {
        const x0 = (i % cols) * w;
        const y0 = Math.floor(i / cols) * h;
        let n = 0;
        for (let y = y0; y < Math.min(y0 + h, bmp.height) && n < 20; y++) {
          for (let x = x0; x < Math.min(x0 + w, bmp.width); x++) {
            const o = (y * bmp.width + x) * 4;
            if (px[o] - Math.max(px[o + 1], px[o + 2]) >= 60) n++;
          }
        }
        if (n >= 20) painted++;
      }
      cellsPainted = painted / count;
    }
    return { red, blue, redCols: frac(colsRed), blueCols: frac(colsBlue), redRows: redRows / bmp.height, cellsPainted, kind };
  },
  settle,
};
document.title = 'ready';
