// In-page half of the scientific cases (issue 16; bench/science.mjs): injected into
// bench/page.html. Heatmap create → painted (H1) and every cell replaced each frame (H2, a
// closed loop: update, painted, next) for gpu-chart and ECharts (its canvas heatmap: two category
// axes and a visualMap, the form it requires), density create → painted and a zoom step →
// painted (DN, gpu-chart only).

import { mulberry32 } from './random.mjs';
const box = document.getElementById('box');
const W = 1200;
const H = 600;
/** Dark red to red: the runner's screenshot check counts red pixels (a case must show its picture). */
const RED = ['#600000', '#ff0000'];
const raf = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));

async function chart(attrs) {
  await import('/dist/cdn/gpu-chart.js');
  await customElements.whenDefined('gpu-chart');
  box.replaceChildren();
  const c = document.createElement('gpu-chart');
  c.style.cssText = `width:${W}px;height:${H}px;display:block;`;
  c.setAttribute('legend', 'off');
  for (const [k, v] of Object.entries(attrs)) c.setAttribute(k, v);
  c.type = 'none';
  box.append(c);
  return c;
}

/** A side × side matrix of smooth bumps plus noise (seeded). */
function matrix(side, seed) {
  const rnd = mulberry32(seed);
  const values = new Float32Array(side * side);
  for (let r = 0; r < side; r++) {
    const sy = Math.sin((r / side) * 9 + seed);
    for (let c = 0; c < side; c++) values[r * side + c] = sy * Math.cos((c / side) * 7) + rnd() * 0.2;
  }
  return values;
}

const grid = (side, values) => ({ x0: 0, dx: 1, y0: 0, dy: 1, columns: side, rows: side, values });

function points(n, seed) {
  const rnd = mulberry32(seed);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rnd() * 2 * Math.PI;
    const r = Math.sqrt(-2 * Math.log(rnd() + 1e-12));
    x[i] = r * Math.cos(a) + (i % 3 === 0 ? 3 : 0);
    y[i] = r * Math.sin(a);
  }
  return { x, y };
}

// ---- ECharts' heatmap: the same matrix, colours and size; painted = its 'finished' event ----
let echarts = null;
async function echartsHeatmap(side, values) {
  echarts ??= await import('/bench/node_modules/echarts/dist/echarts.esm.min.mjs');
  box.replaceChildren();
  const el = document.createElement('div');
  box.append(el);
  const chart = echarts.init(el, null, { renderer: 'canvas', width: W, height: H });
  const categories = Array.from({ length: side }, (_, i) => i);
  // ECharts puts heatmap cells in an incremental canvas layer that zrender paints 15 ms at a time,
  // one slice per animation frame, and fires 'finished' after the first slice: painted is when
  // zrender's paint list reports every layer done (its _doPaintList's return value).
  const painter = chart.getZr().painter;
  const doPaintList = painter._doPaintList;
  let paintDone = true;
  painter._doPaintList = function (...args) {
    paintDone = doPaintList.apply(this, args);
    return paintDone;
  };
  const finished = async () => {
    await new Promise((r) => chart.on('finished', function f() { chart.off('finished', f); r(); }));
    while (!paintDone) await raf();
  };
  const done = finished();
  chart.setOption({
    animation: false,
    grid: { left: 60, right: 20, top: 20, bottom: 30 },
    tooltip: { show: false },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'category', data: categories },
    visualMap: { show: false, min: -1.2, max: 1.2, inRange: { color: RED } },
    series: [{ type: 'heatmap', data: triples(side, values), silent: true, progressive: 0 }],
  });
  await done;
  return {
    async replace(next) {
      const d = finished();
      chart.setOption({ series: [{ data: triples(side, next) }] });
      await d;
    },
  };
}

/** Row-major cells as ECharts' documented heatmap data: [x, y, value] per cell. */
function triples(side, values) {
  const out = new Array(values.length);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) out[r * side + c] = [c, r, values[r * side + c]];
  return out;
}

const isEcharts = () => window.bench?.lib === 'echarts';

window.benchScience = {
  /** H1: create → painted (the matrix made before the clock starts). */
  async heatmapCreate(side) {
    const values = matrix(side, 1);
    if (isEcharts()) {
      // warm-up: the library and a small heatmap
      await echartsHeatmap(16, matrix(16, 3));
      await raf();
      const t0 = performance.now();
      await echartsHeatmap(side, values);
      await raf();
      return { paint: performance.now() - t0, gpuBytes: null };
    }
    const c0 = await chart({ 'x-scale': 'linear' });
    // warm-up: the heatmap chunk and pipeline, on a small matrix
    c0.series = [{ type: 'heatmap', grid: grid(16, matrix(16, 3)) }];
    await c0.updateComplete;
    await raf();
    const c = await chart({ 'x-scale': 'linear' });
    const bytes0 = window.bench?.gpuBytes?.() ?? null;
    const t0 = performance.now();
    c.series = [{ type: 'heatmap', grid: grid(side, values), colorRange: [-1.2, 1.2], colormap: RED }];
    await c.updateComplete;
    await raf();
    const paint = performance.now() - t0;
    const bytes1 = window.bench?.gpuBytes?.() ?? null;
    // GPU buffer bytes the heatmap holds per cell (cells, pyramid, small buffers): 4 × 4/3 ≈ 5.33
    return { paint, gpuBytesPerCell: bytes0 == null || bytes1 == null ? null : (bytes1 - bytes0) / (side * side) };
  },
  /** H3: zoom and pan steps → painted (median) on a side × side heatmap, automatic colour range. */
  async heatmapZoom(side) {
    const values = matrix(side, 1);
    const c = await chart({ 'x-scale': 'linear' });
    c.series = [{ type: 'heatmap', grid: grid(side, values), colormap: RED }];
    await c.updateComplete;
    await raf();
    const steps = [];
    const { from, to } = c.visibleRange;
    for (let k = 1; k <= 12; k++) {
      // zoom in by 0.8 per step for 8 steps, then 4 pans by a fifth of the view
      const half = ((to - from) / 2) * 0.8 ** Math.min(k, 8);
      const mid = (from + to) / 2 + (k > 8 ? (k - 8) * 0.4 * half : 0);
      const s0 = performance.now();
      c.visibleRange = { from: mid - half, to: mid + half };
      await c.updateComplete;
      await raf();
      steps.push(performance.now() - s0);
    }
    steps.sort((a, b) => a - b);
    return { zoomPaint: steps[steps.length >> 1] };
  },
  /**
   * F3, the floor of H2 (no library): a side² float32 matrix written to a storage buffer with one
   * writeBuffer per update and drawn by one full-canvas pass that reads a cell per pixel (red by
   * value), closed loop as H2 (`heatmapReplace` runs it): update, GPU done, next animation frame.
   */
  async replaceFloorSetup(side, upload = 'write') {
    const sets = [matrix(side, 1), matrix(side, 2)];
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    const device = await adapter.requestDevice({ requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize } });
    box.replaceChildren();
    const canvas = document.createElement('canvas');
    canvas.width = 1200;
    canvas.height = 600;
    canvas.style.cssText = 'width:1200px;height:600px';
    box.append(canvas);
    const context = canvas.getContext('webgpu');
    const format = navigator.gpu.getPreferredCanvasFormat();
    context.configure({ device, format, alphaMode: 'opaque' });
    const cells = device.createBuffer({ size: side * side * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    const module = device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read> cells: array<f32>;
        const SIDE: u32 = ${side}u;
        @vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
          let p = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
          return vec4f(p * 2.0 - 1.0, 0.0, 1.0);
        }
        @fragment fn fs(@builtin(position) pos: vec4f) -> @location(0) vec4f {
          let c = min(u32(pos.x / 1200.0 * f32(SIDE)), SIDE - 1u);
          let r = min(u32(pos.y / 600.0 * f32(SIDE)), SIDE - 1u);
          let v = clamp((cells[r * SIDE + c] + 1.2) / 2.4, 0.0, 1.0);
          return vec4f(0.376 + 0.624 * v, 0.0, 0.0, 1.0);
        }`,
    });
    const pipeline = await device.createRenderPipelineAsync({ layout: 'auto', vertex: { module, entryPoint: 'vs' }, fragment: { module, entryPoint: 'fs', targets: [{ format }] } });
    const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: cells } }] });
    // F3M: through a ring of two mapped staging buffers (written in place, copied on the GPU),
    // the other way into a buffer, to see whether it beats writeBuffer at 4 000².
    const mapped = [];
    const staging = () => mapped.pop() ?? device.createBuffer({ size: side * side * 4, usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    const update = (values) => {
      const encoder = device.createCommandEncoder();
      let used = null;
      if (upload === 'mapped') {
        used = staging();
        new Float32Array(used.getMappedRange()).set(values);
        used.unmap();
        encoder.copyBufferToBuffer(used, 0, cells, 0, side * side * 4);
      } else device.queue.writeBuffer(cells, 0, values);
      const pass = encoder.beginRenderPass({ colorAttachments: [{ view: context.getCurrentTexture().createView(), loadOp: 'clear', storeOp: 'store', clearValue: { r: 1, g: 1, b: 1, a: 1 } }] });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      pass.draw(3);
      pass.end();
      device.queue.submit([encoder.finish()]);
      if (used) void used.mapAsync(GPUMapMode.WRITE).then(() => mapped.push(used));
      return device.queue.onSubmittedWorkDone();
    };
    await update(sets[0]);
    await raf();
    window.benchScienceReplace = { sets, replace: update };
  },
  /** H2, first half: the chart (or ECharts' heatmap) of the first matrix, painted; both matrices made. */
  async heatmapReplaceSetup(side) {
    const sets = [matrix(side, 1), matrix(side, 2)];
    let replace;
    if (isEcharts()) {
      const h = await echartsHeatmap(side, sets[0]);
      replace = (values) => h.replace(values);
    } else {
      const c = await chart({ 'x-scale': 'linear' });
      c.series = [{ type: 'heatmap', grid: grid(side, sets[0]), colorRange: [-1.2, 1.2], colormap: RED }];
      await c.updateComplete;
      replace = async (values) => {
        c.series = [{ type: 'heatmap', grid: grid(side, values), colorRange: [-1.2, 1.2], colormap: RED }];
        await c.updateComplete;
      };
    }
    await raf();
    window.benchScienceReplace = { sets, replace };
  },
  /** H2, second half: every cell replaced each frame (two matrices alternating), painted updates / s. */
  async heatmapReplace(ms) {
    const { sets, replace } = window.benchScienceReplace;
    window.gpuPasses?.reset();
    const t0 = performance.now();
    let count = 0;
    while ((performance.now() - t0 < ms || count < 3) && performance.now() - t0 < 30_000) {
      await replace(sets[(count + 1) & 1]);
      await raf();
      count++;
    }
    const elapsed = performance.now() - t0;
    window.benchScienceReplace = null;
    return { count, elapsed, perSec: (count / elapsed) * 1000 };
  },
  /** DN: density of n points: create → painted, then 10 zoom steps → painted (median). */
  async density(n) {
    const pts = points(n, 1);
    const warm = await chart({ 'x-scale': 'linear' });
    warm.series = [{ type: 'density', points: points(1000, 2) }];
    await warm.updateComplete;
    await raf();
    const c = await chart({ 'x-scale': 'linear' });
    const t0 = performance.now();
    c.series = [{ type: 'density', points: pts, colormap: RED }];
    await c.updateComplete;
    await raf();
    const paint = performance.now() - t0;
    const { from, to } = c.visibleRange;
    const steps = [];
    for (let k = 1; k <= 10; k++) {
      const half = ((to - from) / 2) * 0.85 ** k;
      const mid = (from + to) / 2;
      const s0 = performance.now();
      c.visibleRange = { from: mid - half, to: mid + half };
      await c.updateComplete;
      await raf();
      steps.push(performance.now() - s0);
    }
    steps.sort((a, b) => a - b);
    return { paint, zoomPaint: steps[steps.length >> 1] };
  },
};
