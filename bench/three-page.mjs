// In-page half of the 3D cases (issue 18; bench/three.mjs): the same point cloud and surface drawn
// by gpu-chart (WebGPU), Plotly's WebGL 3D (plotly.js-gl3d-dist-min) and ECharts-GL, one library
// per page (?lib=NAME). Every step of a loop (orbit, replace) ends at the first animation frame
// after the library handed its frame to the GPU: gpu-chart's `queue.submit` (this page counts
// them), the WebGL peers' draw calls (counted for every WebGL context). Creating a chart ends
// when it is painted (gpu-chart: `updateComplete`, i.e. done on the GPU). Until 2026-12-03 16:45
// gpu-chart's loop steps also waited for `updateComplete` (the GPU done and its notification),
// which the peers' steps never did: see bench/README.md, "3D".
import { mulberry32 } from './random.mjs';

const LIB = new URLSearchParams(location.search).get('lib');
const box = document.getElementById('box');
const W = 1200;
const H = 600;
const raf = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));

// ---- WebGL draw calls, counted (a peer "painted" = it drew since the step began) ----------------
let draws = 0;
for (const C of [globalThis.WebGLRenderingContext, globalThis.WebGL2RenderingContext]) {
  for (const m of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements']) {
    const f = C?.prototype[m];
    if (f) C.prototype[m] = function counted(...args) {
      draws++;
      return f.apply(this, args);
    };
  }
}
// ---- WebGPU submits, counted the same way (gpu-chart "drew" = it submitted since the step began) --
let submits = 0;
if (globalThis.GPUQueue) {
  const submit = GPUQueue.prototype.submit;
  GPUQueue.prototype.submit = function counted(...args) {
    submits++;
    return submit.apply(this, args);
  };
}
/** Resolves at the first animation frame after a WebGPU submit made since `before` (30 s at most). */
async function submittedSince(before) {
  const t0 = performance.now();
  do {
    await raf();
    if (performance.now() - t0 > 30_000) throw new Error('TIMEOUT: gpu-chart submitted nothing for 30 s');
  } while (submits === before);
}

/** Each canvas's WebGL context (webglRenderer() below). */
const glOf = new WeakMap();
const getContext = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function remembered(type, ...rest) {
  const ctx = getContext.call(this, type, ...rest);
  if (ctx && /webgl/.test(type)) glOf.set(this, ctx);
  return ctx;
};
/** Resolves at the first animation frame after a draw call made since `before` (30 s at most). */
async function drawnSince(before) {
  const t0 = performance.now();
  do {
    await raf();
    if (performance.now() - t0 > 30_000) throw new Error('TIMEOUT: the library drew nothing for 30 s');
  } while (draws === before);
}

/**
 * A mouse drag across the chart, one move of `DRAG_PX` per step, the way a user orbits the
 * WebGL peers (their own camera controls: nothing is recomputed but the view). The events go to
 * whatever a real pointer would hit at that point; a drag restarts at the left before it
 * reaches the right edge.
 */
const DRAG_PX = 8;
function dragger() {
  let x = null;
  const y = H / 2;
  const send = (type, at) => {
    const target = document.elementFromPoint(at, y) ?? box;
    target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true, view: window, clientX: at, clientY: y, screenX: at, screenY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1 }));
  };
  return () => {
    if (x === null || x + DRAG_PX > W - 200) {
      if (x !== null) send('mouseup', x);
      x = 200;
      send('mousedown', x);
    }
    x += DRAG_PX;
    send('mousemove', x);
  };
}

function loadScript(src) {
  return new Promise((ok, fail) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = ok;
    s.onerror = () => fail(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

// ---- data (seeded, made before any clock starts) ------------------------------------------------

/** n points in three Gaussian clusters. */
function cloudData(n) {
  const rnd = mulberry32(11);
  const g = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const x = new Float32Array(n), y = new Float32Array(n), z = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    x[i] = k * 4 + g();
    y[i] = k - 1 + g();
    z[i] = g() * (1 + k * 0.3);
  }
  return { x, y, z };
}

/** A side × side surface, row-major (row = y, column = x); `phase` shifts the waves (the replacement). */
function surfaceData(side, phase = 0) {
  const values = new Float64Array(side * side);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) values[r * side + c] = Math.sin((c / side) * 12 + phase) * Math.cos((r / side) * 9) + (c / side) * 0.5;
  return values;
}

// ---- adapters: cloud(data), surface(side, values), orbitStep(), replace(values) -----------------

const adapters = {
  'gpu-chart': () => {
    let chart = null;
    let surfaceSpec = null;
    const show = async (series) => {
      await import('/dist/cdn/gpu-chart.js');
      await customElements.whenDefined('gpu-chart');
      chart = document.createElement('gpu-chart');
      chart.style.cssText = `width:${W}px;height:${H}px;display:block`;
      chart.setAttribute('legend', 'off');
      chart.series = series;
      box.append(chart);
      await chart.updateComplete;
    };
    return {
      async load() {
        await import('/dist/cdn/gpu-chart.js');
        await customElements.whenDefined('gpu-chart');
      },
      cloud: ({ x, y, z }) => show([{ type: 'points3d', x, y, z, color: '#ff0000', size: 2 }]),
      surface(side, values) {
        surfaceSpec = { type: 'surface', color: '#ff0000', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns: side, rows: side, values } };
        return show([surfaceSpec]);
      },
      /** One 5° arrow-key step (the element's keyboard orbit). */
      async orbitStep() {
        const before = submits;
        chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
        await submittedSince(before);
      },
      async replace(values) {
        const before = submits;
        surfaceSpec = { ...surfaceSpec, grid: { ...surfaceSpec.grid, values } };
        chart.series = [surfaceSpec];
        await submittedSince(before);
      },
    };
  },

  // Plotly 3D (scatter3d, surface) on WebGL, orbited by a mouse drag (Plotly.relayout of
  // scene.camera re-plots the whole scene: seconds a step at 100k points on SwiftShader).
  plotly: () => {
    let gd = null;
    const drag = dragger();
    const layout = () => ({
      width: W, height: H, margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: false, paper_bgcolor: '#ffffff',
      // no hover picking (gpu-chart's keyboard orbit picks nothing either)
      hovermode: false,
      scene: { camera: { eye: { x: 1.25, y: 1.25, z: 1.25 } }, aspectmode: 'cube', hovermode: false },
    });
    const config = { displayModeBar: false, responsive: false };
    const show = async (trace) => {
      box.replaceChildren();
      gd = document.createElement('div');
      gd.style.cssText = `width:${W}px;height:${H}px`;
      box.append(gd);
      const before = draws;
      await window.Plotly.newPlot(gd, [trace], layout(), config);
      await drawnSince(before);
    };
    return {
      async load() {
        if (!window.Plotly) await loadScript('/bench/node_modules/plotly.js-gl3d-dist-min/plotly-gl3d.min.js');
      },
      cloud: ({ x, y, z }) => show({ type: 'scatter3d', mode: 'markers', x, y, z, hoverinfo: 'none', marker: { size: 2, color: '#ff0000', opacity: 1, line: { width: 0 } } }),
      surface: (side, values) => show({ type: 'surface', z: rows(side, values), showscale: false, hoverinfo: 'none', colorscale: [[0, '#ff0000'], [1, '#ff0000']] }),
      async orbitStep() {
        const before = draws;
        drag();
        await drawnSince(before);
      },
      async replace(values) {
        const side = Math.round(Math.sqrt(values.length));
        const before = draws;
        await window.Plotly.restyle(gd, { z: [rows(side, values)] });
        await drawnSince(before);
      },
    };
  },

  // ECharts-GL (scatter3D, surface in a grid3D) on WebGL, beside the bench's ECharts 6 (its UMD
  // build: ECharts-GL's build needs the global `echarts`), animation off. Orbited by its own
  // camera control turning by itself (viewControl.autoRotate, 300°/s: 5° a frame at 60 frames/s),
  // set before the loop: a setOption of viewControl rebuilds the series (seconds at 500² on
  // SwiftShader), and its control ignores a synthetic mouse drag over the data (GL proxy targets).
  'echarts-gl': () => {
    let chart = null;
    const beta = 40;
    let surfaceSide = 0;
    const base = (series) => ({
      animation: false,
      tooltip: { show: false },
      xAxis3D: { type: 'value' }, yAxis3D: { type: 'value' }, zAxis3D: { type: 'value' },
      grid3D: { viewControl: { projection: 'perspective', alpha: 25, beta, animation: false, damping: 0 } },
      series: [series],
    });
    const show = async (series) => {
      box.replaceChildren();
      const el = document.createElement('div');
      el.style.cssText = `width:${W}px;height:${H}px`;
      box.append(el);
      const before = draws;
      chart = window.echarts.init(el, null, { width: W, height: H });
      chart.setOption(base(series));
      await drawnSince(before);
    };
    return {
      async load() {
        if (!window.echarts) await loadScript('/bench/node_modules/echarts/dist/echarts.min.js');
        if (!window.echarts.graphicGL) await loadScript('/bench/node_modules/echarts-gl/dist/echarts-gl.min.js');
      },
      cloud({ x, y, z }) {
        // Its input: one [x, y, z] per point (converting is the library's cost, as in the 2D cases).
        const data = new Array(x.length);
        for (let i = 0; i < x.length; i++) data[i] = [x[i], y[i], z[i]];
        return show({ type: 'scatter3D', data, symbolSize: 2, itemStyle: { color: '#ff0000', opacity: 1 }, silent: true, animation: false });
      },
      surface(side, values) {
        surfaceSide = side;
        return show(surfaceSeries(side, values));
      },
      async orbitStart() {
        const before = draws;
        chart.setOption({ grid3D: { viewControl: { autoRotate: true, autoRotateSpeed: 300, autoRotateDirection: 'ccw' } } });
        await drawnSince(before);
      },
      /** A frame it drew while turning. */
      async orbitStep() {
        await drawnSince(draws);
      },
      async orbitEnd() {
        const before = draws;
        chart.setOption({ grid3D: { viewControl: { autoRotate: false } } });
        await drawnSince(before);
      },
      async replace(values) {
        const before = draws;
        chart.setOption({ series: [surfaceSeries(surfaceSide, values)] });
        await drawnSince(before);
      },
    };
  },
};

/** Plotly's surface z: one array per row (views of the matrix, not copies). */
function rows(side, values) {
  return Array.from({ length: side }, (_, r) => values.subarray(r * side, (r + 1) * side));
}

/** ECharts-GL's surface: [x, y, z] per grid point, x changing fastest (its regular-grid input). */
function surfaceSeries(side, values) {
  const data = new Array(side * side);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) data[r * side + c] = [c, r, values[r * side + c]];
  return { type: 'surface', data, shading: 'lambert', itemStyle: { color: '#ff0000' }, wireframe: { show: false }, silent: true, animation: false };
}

const adapter = adapters[LIB]?.();

window.benchThree = {
  lib: LIB,
  /** Create → painted (ms) of a point cloud of n points. */
  async cloud(n) {
    if (!adapter) throw new Error(`no 3D adapter for ${LIB}`);
    await adapter.load();
    const data = cloudData(n);
    const t0 = performance.now();
    await adapter.cloud(data);
    await raf();
    return performance.now() - t0;
  },
  /** Create → painted (ms) of a side × side surface; the replacement matrix is made here too. */
  async surface(side) {
    if (!adapter) throw new Error(`no 3D adapter for ${LIB}`);
    await adapter.load();
    const values = surfaceData(side);
    window.benchThreeNext = [surfaceData(side, 1.5), values];
    const t0 = performance.now();
    await adapter.surface(side, values);
    await raf();
    return performance.now() - t0;
  },
  /** Before the timed orbit: a library that turns by itself starts turning. */
  async orbitStart() {
    await adapter.orbitStart?.();
  },
  /** Orbits one step per painted frame for `ms` (closed loop: step, painted, next). */
  async orbit(ms) {
    return loop(ms, () => adapter.orbitStep());
  },
  /** After the timed orbit: it stops turning (the replacement is measured on a still camera). */
  async orbitEnd() {
    await adapter.orbitEnd?.();
  },
  /** The WebGL renderer string of the page's WebGL context (null: none), so a run says where the peers drew. */
  webglRenderer() {
    const canvas = [...document.querySelectorAll('canvas')].find((c) => glOf.has(c));
    const gl = canvas && glOf.get(canvas);
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  },
  /** Replaces every z value per painted frame for `ms`, alternating two matrices. */
  async replace(ms) {
    let k = 0;
    return loop(ms, () => adapter.replace(window.benchThreeNext[k++ % 2]));
  },
};

async function loop(ms, step) {
  const t0 = performance.now();
  let count = 0;
  while ((performance.now() - t0 < ms || count < 3) && performance.now() - t0 < 30_000) {
    await step();
    count++;
  }
  const elapsed = performance.now() - t0;
  return { count, perSec: (count / elapsed) * 1000 };
}
