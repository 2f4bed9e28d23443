/**
 * Issue 16 part 2: the `heatmap` series. A uniform grid and one with edges, colours from the
 * colormap at the right cells, NaN transparent, the colour bar in toBlob(), the crosshair's
 * readout (x, y, value), a matrix larger than the plot (max pyramid: a lone hot cell stays),
 * all cells replaced (an upload into the same buffer), and bad input (gpu-error naming the field,
 * the last good picture stays).
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { colorDistance, decodePng, logAdapterOnce, saveImage, setDevicePixelRatio, type RGBA } from '../helpers/pixels.js';
import { engineOf, errorsOf, newChart as chartOn, pixel, viridis } from './heatmap-helpers.js';
import { bufferRequests } from '../../src/gpu/buffers.js';

const newChart = (width?: number, height?: number) => chartOn('linear', width, height);

/** 4 × 3 cells, values 0 … 11 (row-major), one NaN. */
function smallGrid() {
  const values = new Float32Array(12);
  for (let i = 0; i < 12; i++) values[i] = i;
  values[5] = NaN; // column 1, row 1
  return { x0: 0, dx: 10, y0: 0, dy: 1, columns: 4, rows: 3, values };
}

async function frames(n: number) {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
}

describe('heatmap series (issue 16 part 2)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('a uniform grid: each cell in its colormap colour where it is, NaN transparent, the colour bar drawn', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    chart.series = [{ type: 'heatmap', grid: smallGrid(), title: 'cells' }];
    document.body.append(chart);
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('science-heatmap-small.png', blob);
    expect(errors).to.deep.equal([]);
    const pic = await decodePng(blob);
    const e = engineOf(chart);
    // the view fits the grid: x 0 … 40, y 0 … 3
    expect(chart.visibleRange.from).to.be.closeTo(0, 1e-9);
    expect(chart.visibleRange.to).to.be.closeTo(40, 1e-9);
    for (const [c, r] of [[0, 0], [3, 0], [2, 1], [0, 2], [3, 2]]) {
      const v = r * 4 + c;
      const x = chart.timeToX(c * 10 + 5);
      const y = e.valueToY(r + 0.5);
      expect(colorDistance(pixel(pic, x, y), viridis(v / 11)), `cell ${c},${r} (value ${v})`).to.be.lessThan(12);
    }
    // NaN: the background shows
    expect(colorDistance(pixel(pic, chart.timeToX(15), e.valueToY(1.5)), [255, 255, 255, 255])).to.be.lessThan(6);
    // the colour bar right of the value labels: viridis from bottom (dark purple) to top (yellow)
    const plot = e.plotRect;
    let barX = -1;
    for (let x = Math.ceil(plot.x + plot.width) + 2; x < pic.width && barX < 0; x++) {
      if (colorDistance(pixel(pic, x, plot.y + plot.height - 8), viridis(0.02)) < 30) barX = x;
    }
    expect(barX, 'the colour bar').to.be.greaterThan(plot.x + plot.width);
    expect(colorDistance(pixel(pic, barX + 2, plot.y + 8), viridis(0.98))).to.be.lessThan(30);
  });

  it('crosshair, gpu-crosshair and tooltip read the cell: x, y, value', async () => {
    const chart = newChart();
    chart.tooltip = true;
    chart.series = [{ type: 'heatmap', grid: smallGrid(), title: 'cells' }];
    document.body.append(chart);
    await chart.updateComplete;
    await chart.toBlob();
    const details: Array<{ time: number; series: Record<string, Record<string, number>> }> = [];
    chart.addEventListener('gpu-crosshair', (ev) => ev.detail && details.push(ev.detail));
    const x = chart.timeToX(25); // column 2
    const y = engineOf(chart).valueToY(2.5); // row 2
    chart.dispatchEvent(new PointerEvent('pointermove', { pointerId: 1, pointerType: 'mouse', clientX: x, clientY: y, bubbles: true, composed: true }));
    for (let i = 0; i < 40 && !details.length; i++) await frames(1);
    expect(details.length).to.be.greaterThan(0);
    const d = details.at(-1)!;
    expect(d.time).to.equal(25);
    expect(d.series.cells).to.deep.equal({ y: 2.5, value: 10 });
    const tooltip = chart.shadowRoot!.querySelector('[part~="tooltip"]')?.textContent ?? '';
    expect(tooltip).to.contain('25');
    expect(tooltip).to.match(/value 10/);
  });

  it('the keyboard moves the crosshair over cells: ←/→ a column, ↑/↓ a row; gpu-crosshair and the live region read that cell', async () => {
    const chart = newChart();
    chart.series = [{ type: 'heatmap', grid: smallGrid(), title: 'cells' }];
    document.body.append(chart);
    await chart.updateComplete;
    const details: Array<{ time: number; series: Record<string, Record<string, number>> }> = [];
    chart.addEventListener('gpu-crosshair', (ev) => ev.detail && details.push(ev.detail));
    const live = () => chart.shadowRoot!.querySelector('[aria-live]')?.textContent ?? '';
    const press = async (key: string) => {
      const before = details.length;
      chart.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
      for (let i = 0; i < 40 && details.length === before; i++) await frames(1);
      return details.at(-1)!;
    };
    // the first ↑: the middle column (x 20 is between columns 1 and 2: the nearest centre) and
    // the row nearest the plot's middle (y 1.5: row 1)
    let d = await press('ArrowUp');
    const firstColumn = d.time;
    expect([15, 25]).to.include(firstColumn);
    expect(d.series.cells.y).to.equal(1.5);
    d = await press('ArrowUp'); // row 2
    expect(d.series.cells).to.deep.equal({ y: 2.5, value: 8 + (firstColumn - 5) / 10 });
    d = await press('ArrowUp'); // stays on the top row
    expect(d.series.cells.y).to.equal(2.5);
    d = await press('Home'); // column 0, still row 2
    expect(d.time).to.equal(5);
    expect(d.series.cells).to.deep.equal({ y: 2.5, value: 8 });
    d = await press('ArrowRight'); // column 1
    expect(d.series.cells).to.deep.equal({ y: 2.5, value: 9 });
    d = await press('ArrowDown'); // row 1, column 1: the NaN cell
    expect(d.series.cells.y).to.equal(1.5);
    expect(Number.isNaN(d.series.cells.value)).to.equal(true);
    d = await press('ArrowDown'); // row 0
    expect(d.series.cells).to.deep.equal({ y: 0.5, value: 1 });
    expect(live()).to.match(/value 1\b/);
    // the value axis was not scaled by ↑/↓
    expect(engineOf(chart).valueToY(0)).to.be.greaterThan(engineOf(chart).valueToY(3));
  });

  it('edges (non-uniform), a custom colormap, log colour scale and a fixed range', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    const values = Float32Array.of(1, 10, 100, 1000);
    chart.series = [
      {
        type: 'heatmap',
        grid: { xEdges: [0, 1, 4], yEdges: [0, 2, 3], values },
        colormap: ['#000000', '#ff0000'],
        colorScale: 'log',
        colorRange: [1, 1000],
      },
    ];
    document.body.append(chart);
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('science-heatmap-edges-log.png', blob);
    expect(errors).to.deep.equal([]);
    const pic = await decodePng(blob);
    const e = engineOf(chart);
    const red = (t: number): RGBA => [Math.round(255 * t), 0, 0, 255];
    expect(colorDistance(pixel(pic, chart.timeToX(0.5), e.valueToY(1)), red(0))).to.be.lessThan(6);
    expect(colorDistance(pixel(pic, chart.timeToX(3), e.valueToY(1)), red(1 / 3))).to.be.lessThan(6);
    expect(colorDistance(pixel(pic, chart.timeToX(0.5), e.valueToY(2.5)), red(2 / 3))).to.be.lessThan(6);
    expect(colorDistance(pixel(pic, chart.timeToX(3.9), e.valueToY(2.9)), red(1))).to.be.lessThan(6);
    // the wide column (1 … 4) is three times the narrow one
    expect(chart.timeToX(4) - chart.timeToX(1)).to.be.closeTo(3 * (chart.timeToX(1) - chart.timeToX(0)), 1e-6);
  });

  it('a 2000 × 1500 matrix on a small plot: a lone hot cell stays visible (max pyramid)', async () => {
    const chart = newChart();
    const columns = 2000;
    const rows = 1500;
    const values = new Float32Array(columns * rows);
    for (let i = 0; i < values.length; i++) values[i] = (i % 7) / 100; // low noise
    values[777 * columns + 1234] = 1; // one hot cell
    chart.series = [{ type: 'heatmap', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns, rows, values }, colormap: 'greys', colorRange: [0, 1] }];
    document.body.append(chart);
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('science-heatmap-pyramid.png', blob);
    const pic = await decodePng(blob);
    // greys: 1 is black; the hot cell's pixel (or its neighbour) is black
    const x = chart.timeToX(1234.5);
    const y = engineOf(chart).valueToY(777.5);
    let darkest = 255;
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) darkest = Math.min(darkest, pixel(pic, x + dx, y + dy)[0]);
    expect(darkest, 'the hot cell').to.be.lessThan(20);
    // elsewhere the noise: at most 0.06 → nearly white
    expect(pixel(pic, chart.timeToX(300), engineOf(chart).valueToY(300))[0]).to.be.greaterThan(225);
  });

  it('all cells replaced each frame: an upload into the same buffers (no buffer asked for), the picture follows', async () => {
    const chart = newChart();
    const columns = 200;
    const rows = 100;
    const grid = (k: number) => {
      const values = new Float32Array(columns * rows);
      values.fill(k);
      return { x0: 0, dx: 1, y0: 0, dy: 1, columns, rows, values };
    };
    chart.series = [{ type: 'heatmap', grid: grid(0), colormap: 'greys', colorRange: [0, 1] }];
    document.body.append(chart);
    await chart.updateComplete;
    await chart.toBlob();
    const before = bufferRequests();
    for (let k = 1; k <= 10; k++) {
      chart.series = [{ type: 'heatmap', grid: grid(k / 10), colormap: 'greys', colorRange: [0, 1] }];
      await chart.updateComplete;
    }
    expect(bufferRequests() - before, 'buffers asked for').to.equal(0);
    const pic = await decodePng(await chart.toBlob());
    expect(pixel(pic, chart.timeToX(100), engineOf(chart).valueToY(50))[0]).to.be.lessThan(6); // 1 → black
  });

  it('a window too large for the CPU: the colour range is measured on the GPU in the same frame, the colour bar follows', async () => {
    const chart = newChart(420, 240);
    const columns = 800;
    const rows = 400; // 320k cells: above the CPU's 2^18
    const values = new Float32Array(columns * rows);
    // -10 at column 0 … 20 at the last; +∞ (no high end) and NaN cells are left out of the range
    for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) values[r * columns + c] = -10 + (30 * c) / (columns - 1);
    values[5 * columns + 400] = Infinity;
    values[7 * columns + 401] = NaN;
    chart.series = [{ type: 'heatmap', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns, rows, values } }];
    document.body.append(chart);
    await chart.updateComplete;
    // the very first picture already has the right colours (the range is read in the shader)
    const firstBlob = await chart.toBlob();
    await saveImage('science-heatmap-gpu-range-first.png', firstBlob);
    const first = await decodePng(firstBlob);
    const e = engineOf(chart);
    // the cells span the plot's width (x fits the grid): found in the picture itself, since the
    // colour bar's labels (and so the plot's width) change once the range is read back
    const check = (pic: typeof first) => {
      const y = Math.round(pic.height / 2);
      const isCell = (x: number) => {
        const [r, g, b] = pixel(pic, x, y);
        return Math.max(r, g, b) - Math.min(r, g, b) > 40;
      };
      let left = 0;
      while (left < pic.width && !isCell(left)) left++;
      let right = left;
      while (right + 1 < pic.width && isCell(right + 1)) right++;
      expect(right - left, 'the cells across the plot').to.be.greaterThan(200);
      for (const c of [0, 200, 500, 790]) {
        const x = left + ((c + 0.5) / columns) * (right + 1 - left);
        expect(colorDistance(pixel(pic, x, y), viridis(c / 799)), `column ${c}: ${-10 + (30 * c) / 799}`).to.be.lessThan(14);
      }
    };
    check(first);
    // the colour bar's labels follow the range read back
    await frames(4);
    await chart.updateComplete;
    const layer = (e as unknown as { seriesLayers: Array<{ colorOf(v: number): number[] | null }> }).seriesLayers[0];
    expect(layer.colorOf(20)?.map((c) => Math.round(c * 255))).to.deep.equal(viridis(1));
    expect(layer.colorOf(-10)?.map((c) => Math.round(c * 255))).to.deep.equal(viridis(0));
    // zoomed into columns 100 … 300 (-6.2 … 1.3 in view; 80k cells: on the CPU again), then out
    chart.visibleRange = { from: 100, to: 301 };
    await chart.updateComplete;
    const zoomedBlob = await chart.toBlob();
    await saveImage('science-heatmap-gpu-range-zoomed.png', zoomedBlob);
    const zoomed = await decodePng(zoomedBlob);
    expect(colorDistance(pixel(zoomed, chart.timeToX(100.5), e.valueToY(200)), viridis(0)), 'zoomed: left end').to.be.lessThan(12);
    expect(colorDistance(pixel(zoomed, chart.timeToX(300.5), e.valueToY(200)), viridis(1)), 'zoomed: right end').to.be.lessThan(12);
    chart.visibleRange = { from: 0, to: 800 };
    await chart.updateComplete;
    check(await decodePng(await chart.toBlob()));
  });

  it('bad input: gpu-error names the field, the last good picture stays', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    const good = smallGrid();
    chart.series = [{ type: 'heatmap', grid: good }];
    document.body.append(chart);
    await chart.updateComplete;
    const bad: Array<[object, RegExp]> = [
      [{ grid: { ...good, values: new Float32Array(11) } }, /series\[0\]\.grid\.values has 11 values but columns × rows is 4 × 3 = 12/],
      [{ grid: { xEdges: [0, 1, NaN], yEdges: [0, 1], values: new Float32Array(2) } }, /series\[0\]\.grid\.xEdges\[2\] is NaN: edges must be finite/],
      [{ grid: { xEdges: [0, 2, 1], yEdges: [0, 1], values: new Float32Array(2) } }, /series\[0\]\.grid\.xEdges\[2\] \(1\) is not above xEdges\[1\] \(2\): edges must increase/],
      [{ grid: good, colormap: 'rainbow' }, /series\[0\]\.colormap "rainbow" is not a colormap/],
      [{ grid: { ...good, dx: 0 } }, /series\[0\]\.grid\.dx is 0/],
    ];
    for (const [spec, message] of bad) {
      chart.series = [{ type: 'heatmap', ...spec }];
      await chart.updateComplete;
      expect(errors.at(-1), String(message)).to.match(message);
      expect(errors.at(-1)).to.match(/the last good one stays drawn/);
    }
    const pic = await decodePng(await chart.toBlob());
    expect(colorDistance(pixel(pic, chart.timeToX(35), engineOf(chart).valueToY(2.5)), viridis(1))).to.be.lessThan(12);
  });
});
