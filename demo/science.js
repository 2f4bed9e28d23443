// The scientific plots of demo/science.html (issue 16), built into a container so the test
// (test/science/demo.gpu.test.ts) draws the same page with fewer points: a live spectrogram on a
// time axis, a correlation matrix, a density of many points beside the same points as a
// scatter, a frequency response on a log x axis, and a spectrogram bound to a <gpu-datasource>'s
// columns.
import { mulberry32 } from '../bench/random.mjs';

function figure(root, title, attrs = {}) {
  const fig = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  for (const [k, v] of Object.entries(attrs)) chart.setAttribute(k, v);
  fig.append(caption, chart);
  root.append(fig);
  return chart;
}

/** A spectrogram column: a tone sweeping up and down, its harmonic, and noise (power in dB). */
function spectrumColumn(t, rows, random) {
  const column = new Float32Array(rows);
  const f0 = rows * (0.3 + 0.2 * Math.sin(t / 40));
  for (let r = 0; r < rows; r++) {
    const tone = Math.exp(-(((r - f0) / 2.5) ** 2)) + 0.5 * Math.exp(-(((r - 2 * f0 * 0.8) / 3) ** 2));
    column[r] = 10 * Math.log10(tone + 0.01 + 0.02 * random());
  }
  return column;
}

/** Correlation matrix of `n` series sharing a few factors. */
function correlations(n, random) {
  const samples = 400;
  const factors = Array.from({ length: 3 }, () => Float64Array.from({ length: samples }, () => random() - 0.5));
  const series = Array.from({ length: n }, (_, i) => {
    const load = [Math.cos(i / 4), Math.sin(i / 5), i < n / 2 ? 1 : -1];
    return Float64Array.from({ length: samples }, (_, s) => load.reduce((a, l, k) => a + l * factors[k][s], 0) + (random() - 0.5) * 0.6);
  });
  const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
  const values = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = series[i];
      const b = series[j];
      const ma = mean(a);
      const mb = mean(b);
      let num = 0;
      let da = 0;
      let db = 0;
      for (let s = 0; s < samples; s++) {
        num += (a[s] - ma) * (b[s] - mb);
        da += (a[s] - ma) ** 2;
        db += (b[s] - mb) ** 2;
      }
      values[i * n + j] = num / Math.sqrt(da * db);
    }
  }
  return values;
}

/** `n` points from two Gaussian blobs and a ring. */
function cloud(n, random) {
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  for (let i = 0; i < n; i++) {
    const k = i % 5;
    if (k < 2) {
      x[i] = -1 + 0.4 * gauss();
      y[i] = 0.5 + 0.3 * gauss();
    } else if (k < 4) {
      x[i] = 1.2 + 0.25 * gauss();
      y[i] = -0.4 + 0.5 * gauss();
    } else {
      const a = random() * 2 * Math.PI;
      const r = 2.2 + 0.08 * gauss();
      x[i] = r * Math.cos(a);
      y[i] = r * Math.sin(a);
    }
  }
  return { x, y };
}

/**
 * Builds the page's charts into `root`. `densityPoints`: points of the density and the scatter;
 * `live`: the spectrogram gets a new column every 50 ms (appendHeatmapColumns: one column uploaded).
 * Returns the charts and a stop function.
 */
export function buildScience(root, { densityPoints = 10_000_000, live = true } = {}) {
  const random = mulberry32(16);
  const charts = [];

  // 1. Spectrogram on a time axis, streaming: the newest column enters on the right, the oldest
  // slides out (`capacity`); each new column is one upload of its cells (appendHeatmapColumns).
  const columns = 240;
  const rows = 96;
  const step = 50;
  const spectro = figure(root, 'Spectrogram, live (time x, magma, dB)', { 'x-scale': 'time', type: 'none' });
  const cells = new Float32Array(columns * rows);
  let t = 0;
  for (let c = 0; c < columns; c++) {
    const col = spectrumColumn(t++, rows, random);
    for (let r = 0; r < rows; r++) cells[r * columns + c] = col[r]; // row-major
  }
  const start = Date.UTC(2026, 11, 3, 9, 0, 0);
  spectro.series = [
    { type: 'heatmap', title: 'power', grid: { x0: start, dx: step, y0: 0, dy: 125, columns, rows, values: cells }, capacity: columns, colormap: 'magma', colorRange: [-20, 2] },
  ];
  charts.push(spectro);

  // 2. Correlation matrix, diverging map fixed at ±1.
  const n = 24;
  const corr = figure(root, 'Correlation matrix (rdbu, ±1)', { 'x-scale': 'linear', type: 'none' });
  corr.series = [{ type: 'heatmap', title: 'ρ', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns: n, rows: n, values: correlations(n, random) }, colormap: 'rdbu', colorRange: [-1, 1] }];
  charts.push(corr);

  // 3. The same cloud: binned on the GPU, and drawn point by point.
  const pts = cloud(densityPoints, random);
  const density = figure(root, `Density of ${densityPoints.toLocaleString('en')} points (GPU binning, log)`, { 'x-scale': 'linear', type: 'none', tooltip: '' });
  density.series = [{ type: 'density', title: 'points', points: pts }];
  charts.push(density);
  const scatter = figure(root, 'The same points as a scatter', { 'x-scale': 'linear', type: 'scatter' });
  scatter.series = [{ type: 'scatter', x: 'x', value: 'y', size: 2 }];
  scatter.data = { x: Float64Array.from(pts.x), y: Float64Array.from(pts.y) };
  charts.push(scatter);

  // 4. A frequency response on a log x axis: a resonant low-pass filter, 10 Hz … 100 kHz.
  const freqs = Float64Array.from({ length: 600 }, (_, i) => 10 ** (1 + (4 * i) / 599));
  const fc = 2000;
  const q = 4;
  const gain = Float64Array.from(freqs, (f) => {
    const w = f / fc;
    return -10 * Math.log10((1 - w * w) ** 2 + (w / q) ** 2);
  });
  const bode = figure(root, 'Frequency response (log x, dB)', { 'x-scale': 'log', type: 'none', tooltip: '' });
  bode.series = [{ type: 'line', title: 'gain dB', x: 'freq', value: 'gain' }];
  bode.data = { freq: freqs, gain };
  charts.push(bode);

  // 5. The same kind of spectrogram as rows of a <gpu-datasource> (time, f0 … f47): the heatmap
  // binds its columns (`cells`), and the source's appended rows slide in (its `capacity`).
  const bins = 48;
  const names = Array.from({ length: bins }, (_, i) => `f${i}`);
  const source = document.createElement('gpu-datasource');
  source.id = 'science-spectra';
  source.setAttribute('capacity', String(columns));
  const rowsOf = (first, count) => {
    const out = { time: new Float64Array(count) };
    for (const name of names) out[name] = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      out.time[i] = start + (first + i) * step;
      const col = spectrumColumn(first + i, bins, random);
      names.forEach((name, r) => (out[name][i] = col[r]));
    }
    return out;
  };
  let u = columns;
  source.data = rowsOf(0, columns);
  const bound = figure(root, 'Spectrogram bound to a <gpu-datasource>', { 'x-scale': 'time', type: 'none', source: source.id });
  bound.parentElement.append(source);
  bound.series = [{ type: 'heatmap', title: 'power', cells: { values: names, y0: 0, dy: 250 }, colormap: 'inferno', colorRange: [-20, 2] }];
  charts.push(bound);

  let timer = null;
  if (live) {
    timer = setInterval(() => {
      // one column of `rows` cells (row 0 first), its x following the grid's step
      spectro.appendHeatmapColumns('power', { values: spectrumColumn(t++, rows, random) });
      // one row of the source: the bound heatmap's newest column
      source.appendColumns(rowsOf(u++, 1));
    }, step);
  }
  return { charts, stop: () => clearInterval(timer) };
}
