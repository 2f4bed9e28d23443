// In-page half of the dynamic-data cases (issue 24; bench/dynamic.mjs): injected into
// bench/page.html next to page.mjs, one library per page (?lib=NAME). Every case is a closed
// loop: one update, then wait until the library has painted it (its own "done" and the next
// animation frame), then the next update; so "painted updates / s" counts frames that reached
// the screen, not animation-frame callbacks.

import { mulberry32 } from './random.mjs';
const LIB = new URLSearchParams(location.search).get('lib');
const box = document.getElementById('box');
const W = 1200;
const H = 600;
const LINE = '#ff0000';
const T0 = Date.UTC(2024, 0, 1);
const STEP = 1000;

const raf = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));


const times = (n, from = 0) => Float64Array.from({ length: n }, (_, i) => T0 + (from + i) * STEP);
function walk(n, seed) {
  const rnd = mulberry32(seed);
  const v = new Float64Array(n);
  let x = 100;
  for (let i = 0; i < n; i++) v[i] = x += rnd() - 0.5;
  return v;
}

async function gpuIdle() {
  // The WebGPU libraries' devices (requested after this script ran): wait for all submitted work.
  for (const d of devices) await d.queue.onSubmittedWorkDone();
}
const devices = new Set();
if (globalThis.GPUAdapter) {
  const requestDevice = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const d = await requestDevice.apply(this, args);
    devices.add(d);
    return d;
  };
}

/**
 * A loop cases' set-up (data, create, first paint) is not what they measure: they leave the loop
 * here and return; the runner then reads the main thread's task time and calls `runPrepared()`.
 */
let pendingLoop = null;
function prepared(update, painted, ms) {
  pendingLoop = { update, painted, ms, done: 0 };
  return { prepared: true };
}

/** Runs `update(k)` then `painted()` in a loop for `ms` (at least 3 updates, at most 30 s). */
async function closedLoop(update, painted, ms, from = 0, maxCount = Infinity) {
  const t0 = performance.now();
  let count = 0;
  const each = [];
  while ((performance.now() - t0 < ms || count < 3) && performance.now() - t0 < 30_000 && count < maxCount) {
    const a = performance.now();
    await update(from + count);
    each.push(performance.now() - a);
    await painted();
    await raf();
    count++;
  }
  const elapsed = performance.now() - t0;
  each.sort((x, y) => x - y);
  return { count, elapsed, perSec: (count / elapsed) * 1000, updateMedianMs: each[each.length >> 1] };
}

// ---- adapters: what each library does for each case -------------------------------------------

const adapters = {
  'gpu-chart': async () => {
    await import('/dist/cdn/gpu-chart.js');
    await customElements.whenDefined('gpu-chart');
    let c = null;
    const make = () => {
      c = document.createElement('gpu-chart');
      c.style.cssText = `width:${W}px;height:${H}px;display:block;--gpu-chart-series-1:${LINE};`;
      c.setAttribute('legend', 'off');
      box.append(c);
      return c;
    };
    return {
      done: () => c.updateComplete,
      replaceCreate(time, value) {
        make().data = { time, value };
      },
      replace(time, value) {
        c.data = { time, value };
      },
      rangeCreate(time, columns) {
        make();
        c.type = 'none';
        c.data = { time, ...columns };
        c.series = Object.keys(columns).map((name) => ({ type: 'line', value: name, color: LINE, width: 1, lastValue: false }));
      },
      setRange(lo, hi) {
        c.panes = [{ id: 'main', range: [lo, hi] }];
      },
      xyCreate(x, y) {
        make();
        c.type = 'none';
        c.series = [{ type: 'line', order: 'data', width: 1 }];
        c.data = { time: x, value: y };
      },
      zoom(from, to) {
        c.visibleRange = { from, to };
      },
      fifoCreate(time, value, capacity) {
        make();
        c.capacity = capacity;
        c.data = { time, value };
      },
      fifoAppend(time, value) {
        c.appendColumns({ time, value });
      },
    };
  },

  uplot: async () => {
    const uPlot = (await import('/bench/node_modules/uplot/dist/uPlot.esm.js')).default;
    let u = null;
    const opts = (series, extra = {}) => ({ width: W, height: H, legend: { show: false }, cursor: { show: false }, scales: { x: { time: true }, ...extra }, series: [{}, ...series] });
    const line = { stroke: LINE, width: 1, points: { show: false } };
    const sec = (t) => Float64Array.from(t, (v) => v / 1000);
    let xs = null;
    let fifo = null;
    return {
      done: async () => {},
      replaceCreate(time, value) {
        xs = sec(time);
        u = new uPlot(opts([line]), [xs, value], box);
      },
      replace(_time, value) {
        u.setData([xs, value]);
      },
      rangeCreate(time, columns) {
        xs = sec(time);
        u = new uPlot(opts(Object.keys(columns).map(() => line), { y: { auto: false, range: (u, lo, hi) => [lo, hi] } }), [xs, ...Object.values(columns)], box);
      },
      setRange(lo, hi) {
        u.setScale('y', { min: lo, max: hi });
      },
      xyCreate: null, // uPlot's x must be sorted (its XY mode is a scatter facet, not a line in data order)
      fifoCreate(time, value, capacity) {
        // No FIFO of its own: views into a larger array, moved forward (setData with the window).
        fifo = { x: new Float64Array(capacity * 2), y: new Float64Array(capacity * 2), start: 0, len: time.length, capacity };
        fifo.x.set(sec(time));
        fifo.y.set(value);
        u = new uPlot(opts([line]), [fifo.x.subarray(0, fifo.len), fifo.y.subarray(0, fifo.len)], box);
      },
      fifoAppend(time, value) {
        const f = fifo;
        if (f.start + f.len + time.length > f.x.length) {
          f.x.copyWithin(0, f.start, f.start + f.len);
          f.y.copyWithin(0, f.start, f.start + f.len);
          f.start = 0;
        }
        for (let i = 0; i < time.length; i++) {
          f.x[f.start + f.len + i] = time[i] / 1000;
          f.y[f.start + f.len + i] = value[i];
        }
        f.len += time.length;
        if (f.len > f.capacity) {
          f.start += f.len - f.capacity;
          f.len = f.capacity;
        }
        u.setData([f.x.subarray(f.start, f.start + f.len), f.y.subarray(f.start, f.start + f.len)]);
      },
    };
  },

  echarts: async () => {
    const E = await import('/bench/node_modules/echarts/dist/echarts.esm.min.mjs');
    let chart = null;
    let finished = Promise.resolve();
    const arm = () => {
      finished = new Promise((r) => chart.on('finished', function f() { chart.off('finished', f); r(); }));
    };
    const init = () => {
      chart = E.init(box, null, { renderer: 'canvas', width: W, height: H });
      arm();
    };
    const common = { animation: false, grid: { left: 60, right: 20, top: 20, bottom: 30 }, tooltip: { show: false } };
    const series = (data) => ({ type: 'line', data, dimensions: ['x', 'y'], encode: { x: 0, y: 1 }, showSymbol: false, symbol: 'none', sampling: 'minmax', large: true, silent: true, animation: false, lineStyle: { color: LINE, width: 1 } });
    const interleave = (x, y) => {
      const a = new Float64Array(x.length * 2);
      for (let i = 0; i < x.length; i++) {
        a[2 * i] = x[i];
        a[2 * i + 1] = y[i];
      }
      return a;
    };
    let fifo = null;
    return {
      done: () => finished,
      replaceCreate(time, value) {
        init();
        chart.setOption({ ...common, xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true }, series: [series(interleave(time, value))] });
      },
      replace(time, value) {
        arm();
        chart.setOption({ series: [series(interleave(time, value))] });
      },
      rangeCreate(time, columns) {
        init();
        chart.setOption({ ...common, xAxis: { type: 'time' }, yAxis: { type: 'value', min: 0, max: 1 }, series: Object.values(columns).map((v) => series(interleave(time, v))) });
      },
      setRange(lo, hi) {
        arm();
        chart.setOption({ yAxis: { min: lo, max: hi } });
      },
      xyCreate(x, y) {
        init();
        // A line on a value x axis is drawn in data order.
        chart.setOption({ ...common, xAxis: { type: 'value', scale: true }, yAxis: { type: 'value', scale: true }, dataZoom: [{ type: 'inside', filterMode: 'none' }], series: [{ ...series(interleave(x, y)), sampling: undefined }] });
      },
      zoom(from, to) {
        arm();
        chart.dispatchAction({ type: 'dataZoom', startValue: from, endValue: to });
      },
      fifoCreate(time, value, capacity) {
        init();
        fifo = { x: Array.from(time), y: Array.from(value), capacity };
        chart.setOption({ ...common, xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true }, series: [series(interleave(time, value))] });
      },
      fifoAppend(time, value) {
        // A line series has no appendData (scatter/lines only): setOption with the window.
        const f = fifo;
        for (let i = 0; i < time.length; i++) {
          f.x.push(time[i]);
          f.y.push(value[i]);
        }
        if (f.x.length > f.capacity) {
          f.x.splice(0, f.x.length - f.capacity);
          f.y.splice(0, f.y.length - f.capacity);
        }
        arm();
        chart.setOption({ series: [series(interleave(f.x, f.y))] });
      },
    };
  },

  chartgpu: async () => {
    const m = await import('/bench/node_modules/chartgpu/dist/index.js');
    let chart = null;
    let opts = null;
    const base = (xType = 'time') => ({ animation: false, theme: 'light', legend: { show: false }, tooltip: { show: false }, xAxis: { type: xType }, yAxis: { type: 'value' }, dataZoom: [{ type: 'inside' }] });
    const line = (x, y) => ({ type: 'line', color: LINE, lineStyle: { width: 1, color: LINE }, data: { x, y } });
    let span = [0, 1];
    let capacity = 0;
    return {
      async done() {
        for (let i = 0; i < 600 && chart.needsRender(); i++) await raf();
        await gpuIdle();
      },
      async replaceCreate(time, value) {
        opts = { ...base(), series: [line(time, value)] };
        chart = await m.ChartGPU.create(box, opts);
      },
      replace(time, value) {
        opts = { ...opts, series: [line(time, value)] };
        chart.setOption(opts);
      },
      async rangeCreate(time, columns) {
        opts = { ...base(), yAxis: { type: 'value', min: 0, max: 1 }, series: Object.values(columns).map((v) => line(time, v)) };
        chart = await m.ChartGPU.create(box, opts);
      },
      setRange(lo, hi) {
        opts = { ...opts, yAxis: { type: 'value', min: lo, max: hi } };
        chart.setOption(opts);
      },
      async xyCreate(x, y) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of x) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        span = [lo, hi];
        opts = { ...base('value'), series: [{ ...line(x, y), sampling: 'none' }] };
        chart = await m.ChartGPU.create(box, opts);
      },
      zoom(from, to) {
        const f = (v) => ((v - span[0]) / (span[1] - span[0])) * 100;
        chart.setZoomRange(f(from), f(to));
      },
      async fifoCreate(time, value, cap) {
        capacity = cap;
        opts = { ...base(), series: [line(time, value)] };
        chart = await m.ChartGPU.create(box, opts);
      },
      fifoAppend(time, value) {
        chart.appendData(0, { x: time, y: value }, { maxPoints: capacity });
      },
    };
  },
};

// ---- the cases --------------------------------------------------------------------------------

let lib = null;
const NA = (why) => ({ na: why });

window.benchDynamic = {
  async load() {
    lib = await adapters[LIB]();
  },
  /** Y1: every y value of an n-point line replaced each frame (two value sets, alternating). */
  async replaceLoop(n, ms) {
    const time = times(n);
    const sets = [walk(n, 1), walk(n, 2)];
    await lib.replaceCreate(time, sets[0]);
    await lib.done();
    await raf();
    return prepared((k) => lib.replace(time, sets[(k + 1) & 1]), () => lib.done(), ms);
  },
  /** Y2: `series` lines of `rows` rows with a fixed value range set each frame. */
  async rangeLoop(series, rows, ms) {
    const time = times(rows);
    const columns = {};
    for (let s = 0; s < series; s++) columns[`v${s}`] = Float64Array.from(walk(rows, s + 10), (v) => v + s);
    await lib.rangeCreate(time, columns);
    await lib.done();
    await raf();
    return prepared((k) => lib.setRange(80 - (k % 5), 220 + (k % 5)), () => lib.done(), ms);
  },
  /** Y3: a parametric curve of n rows (x goes back and forth) drawn in data order: create → painted, one zoom step → painted. */
  async xyLine(n) {
    if (!lib.xyCreate) return NA('n/a (x must be sorted: no line in data order)');
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const rnd = mulberry32(3);
    for (let i = 0; i < n; i++) {
      const a = (i / n) * 2 * Math.PI * 50;
      const r = 1 + 0.3 * Math.sin(i / 977) + 0.02 * rnd();
      x[i] = T0 + Math.cos(a) * r * 1e9;
      y[i] = Math.sin(a * 1.01) * r * 100;
    }
    const t0 = performance.now();
    await lib.xyCreate(x, y);
    await lib.done();
    await raf();
    const paint = performance.now() - t0;
    const t1 = performance.now();
    await lib.zoom(T0 - 0.5e9, T0 + 0.5e9);
    await lib.done();
    await raf();
    return { paint, zoomPaint: performance.now() - t1 };
  },
  /** Y4: `block` rows appended per frame as columns into a FIFO of `capacity` rows (starting full). */
  async fifoLoop(capacity, block, ms) {
    const time = times(capacity);
    const value = walk(capacity, 4);
    await lib.fifoCreate(time, value, capacity);
    await lib.done();
    await raf();
    let next = capacity;
    const rnd = mulberry32(5);
    let v = value[capacity - 1];
    return prepared(
      () => {
        const t = new Float64Array(block);
        const y = new Float64Array(block);
        for (let i = 0; i < block; i++) {
          t[i] = T0 + (next + i) * STEP;
          y[i] = v += rnd() - 0.5;
        }
        next += block;
        return lib.fifoAppend(t, y);
      },
      () => lib.done(),
      ms,
    );
  },
  /**
   * The prepared loop's first `count` updates, not measured: first-update costs (buffers that
   * grow once, code that runs for the first time) are not the steady rate, for any library.
   */
  async warmPrepared(count) {
    const l = pendingLoop;
    if (!l) return { na: 'no prepared loop' };
    await closedLoop(l.update, l.painted, 0, l.done, count);
    l.done += count;
    return { warmed: count };
  },
  /** Runs the loop a case prepared (its data made and first frame painted before). */
  runPrepared() {
    const l = pendingLoop;
    pendingLoop = null;
    return l ? closedLoop(l.update, l.painted, l.ms, l.done) : { na: 'no prepared loop' };
  },
};
