// In-page half of the 3D cases (issue 18; bench/three.mjs): gpu-chart only.
import { mulberry32 } from './random.mjs';

const box = document.getElementById('box');
const raf = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
let chart = null;

async function make(series) {
  await import('/dist/cdn/gpu-chart.js');
  await customElements.whenDefined('gpu-chart');
  chart = document.createElement('gpu-chart');
  chart.style.cssText = 'width:1200px;height:600px;display:block';
  chart.setAttribute('legend', 'off');
  const t0 = performance.now();
  chart.series = series;
  box.append(chart);
  await chart.updateComplete;
  await raf();
  return performance.now() - t0;
}

window.benchThree = {
  /** n points in three Gaussian clusters (red: the bench's check counts series-coloured pixels). */
  cloud(n) {
    const rnd = mulberry32(11);
    const g = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const x = new Float32Array(n), y = new Float32Array(n), z = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const k = i % 3;
      x[i] = k * 4 + g();
      y[i] = k - 1 + g();
      z[i] = g() * (1 + k * 0.3);
    }
    return make([{ type: 'points3d', x, y, z, color: '#ff0000', size: 2 }]);
  },
  /** A side × side surface. */
  surface(side) {
    const values = new Float64Array(side * side);
    for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) values[r * side + c] = Math.sin((c / side) * 12) * Math.cos((r / side) * 9) + (c / side) * 0.5;
    return make([{ type: 'surface', color: '#ff0000', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns: side, rows: side, values } }]);
  },
  /** Orbits one 5° arrow-key step per painted frame for `ms`. */
  async orbit(ms) {
    const t0 = performance.now();
    let count = 0;
    while ((performance.now() - t0 < ms || count < 3) && performance.now() - t0 < 30_000) {
      chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
      await chart.updateComplete;
      await raf();
      count++;
    }
    const elapsed = performance.now() - t0;
    return { count, perSec: (count / elapsed) * 1000 };
  },
};
