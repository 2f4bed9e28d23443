import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { GpuChart } from '../../src/index.js';
import type { Series3DSpec } from '../../src/chart/three/spec.js';
import { colorDistance, hexToRgba, logAdapterOnce, type RGBA } from '../helpers/pixels.js';
import { draw3d, projectData, snapshot, threeOf } from './three-helpers.js';

const waitTable = () => new Promise((r) => setTimeout(r, 300));

function tableOf(chart: GpuChart): { caption: string; head: string[]; rows: string[][]; hidden: boolean } {
  const table = chart.shadowRoot!.querySelector('table.a11y-table') as HTMLTableElement;
  return {
    caption: table.caption?.textContent ?? '',
    head: [...table.querySelectorAll('thead th')].map((c) => c.textContent ?? ''),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent ?? '')),
    hidden: table.hidden,
  };
}

describe('3D data: the accessible table and name', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('lists points3d rows (x, y, z, colour value) and surface grid points (x, y, z) under the axis titles', async () => {
    const series: Series3DSpec[] = [
      { type: 'points3d', title: 'cloud', x: [1, 2, 3], y: [4, 5, 6], z: [7, 8, 9.5], colorValues: [10, 20, 30] },
      { type: 'surface', title: 'sheet', grid: { xEdges: [0, 1, 5], yEdges: [0, 2], values: [1, 2, 3, 4, 5, NaN] } },
      { type: 'line3d', title: 'path', x: [0, 1], y: [0, 1], z: [0, 1], visible: false },
    ];
    const { chart } = await draw3d('a11y-table', series, [320, 240], (c) => {
      c.setAttribute('a11y-table', '');
      c.setAttribute('label', 'Test scene');
      c.axisTitles = ['strike', 'maturity', 'vol'];
    });
    await waitTable();
    const t = tableOf(chart);
    expect(t.hidden).to.equal(false);
    expect(t.caption).to.equal('Test scene: 9 points');
    expect(t.head).to.deep.equal(['Series', 'Point', 'strike', 'maturity', 'vol', 'Colour value']);
    expect(t.rows[0]).to.deep.equal(['cloud', '0', '1', '4', '7', '10']);
    expect(t.rows[2]).to.deep.equal(['cloud', '2', '3', '6', '9.5', '30']);
    // Surface grid points by column and row, at the given edges; a NaN one reads "no value".
    expect(t.rows[3]).to.deep.equal(['sheet', 'column 0, row 0', '0', '0', '1', '']);
    expect(t.rows[5]).to.deep.equal(['sheet', 'column 2, row 0', '5', '0', '3', '']);
    expect(t.rows[8]).to.deep.equal(['sheet', 'column 2, row 1', '5', '2', 'no value', '']);
    expect(t.rows.length, 'the hidden line3d is not listed').to.equal(9);
    const name = chart.getAttribute('aria-label') ?? '';
    expect(name).to.contain('Test scene. 3D chart of cloud (3 points), sheet (3 × 2 surface)');
    expect(name).to.contain('strike from 0 to 5');
  });

  it('large data is bounded as in 2D: 500 rows evenly sampled, first and last kept, the caption says so', async () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const { chart } = await draw3d('a11y-large', [{ type: 'points3d', title: 'big', x, y: x, z: x, size: 1 }], [200, 150], (c) => c.setAttribute('a11y-table', ''));
    await waitTable();
    const t = tableOf(chart);
    expect(t.rows.length).to.equal(500);
    expect(t.caption).to.equal('Chart data: 500 of 100000 points, evenly sampled');
    expect(t.rows[0][1]).to.equal('0');
    expect(t.rows[499][1]).to.equal('99,999');
    expect(t.head).to.deep.equal(['Series', 'Point', 'x', 'y', 'z']);
    // New series: the table follows.
    chart.series = [{ type: 'line3d', title: 'short', x: [0, 1], y: [0, 1], z: [0, 2] }];
    await chart.updateComplete;
    await waitTable();
    expect(tableOf(chart).rows).to.deep.equal([
      ['short', '0', '0', '0', '0'],
      ['short', '1', '1', '1', '2'],
    ]);
  });

  it('keys read the camera out in the live region; a 2D chart after a 3D one gets its own name back', async () => {
    const { chart } = await draw3d('a11y-keys', [{ type: 'points3d', x: [0, 1], y: [0, 1], z: [0, 1] }]);
    chart.focus();
    await sendKeys({ press: 'ArrowLeft' });
    const live = chart.shadowRoot!.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).to.match(/^Camera azimuth -?\d+(\.\d)?°, elevation 28°, distance 6\.2$/);
    chart.series = null;
    chart.data = { time: [0, 86_400_000], value: [1, 2] };
    await chart.updateComplete;
    await new Promise((r) => setTimeout(r, 100));
    expect(chart.getAttribute('aria-label')).to.not.contain('3D');
  });
});

const VIRIDIS_LOW = hexToRgba('#440154');

function pixel(pic: { at(x: number, y: number): number[] }, x: number, y: number): RGBA {
  return pic.at(Math.round(x), Math.round(y)) as RGBA;
}

describe('3D surface on given edges (xEdges / yEdges)', () => {
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));
  // z low at the first two columns, high at the last: colour changes only in the last cell.
  const values = [0, 0, 1, 0, 0, 1];
  const fromAbove = (c: GpuChart) => {
    c.setAttribute('projection', 'orthographic');
    c.camera = { azimuth: -90, elevation: 89 };
  };

  it('draws its cells between the given edges (a uniform grid of the same span differs), picks x, y, z there', async () => {
    const edges = await draw3d('surface-edges', [{ type: 'surface', title: 'edges', grid: { xEdges: [0, 9, 10], yEdges: [0, 10], values } }], [320, 240], fromAbove);
    const uniform = await draw3d('surface-uniform', [{ type: 'surface', grid: { x0: 0, dx: 5, y0: 0, dy: 10, columns: 3, rows: 2, values } }], [320, 240], fromAbove);
    // x = 7 is inside the first (flat, low) cell on the edges grid, and halfway up the slope of the uniform one.
    const at7e = projectData(edges.chart, 7, 5, 0);
    const at7u = projectData(uniform.chart, 7, 5, 0);
    const ce = pixel(edges.pic, at7e.x, at7e.y);
    const cu = pixel(uniform.pic, at7u.x, at7u.y);
    expect(colorDistance(ce, VIRIDIS_LOW), `edges grid at x=7 ${ce}`).to.be.lessThan(60);
    expect(colorDistance(cu, VIRIDIS_LOW), `uniform grid at x=7 ${cu}`).to.be.greaterThan(80);
    // The last cell (9…10) shades from low to high on the edges grid.
    const at95 = projectData(edges.chart, 9.9, 5, 1);
    expect(colorDistance(pixel(edges.pic, at95.x, at95.y), VIRIDIS_LOW)).to.be.greaterThan(100);
    // Picking: the grid point at column 1 is at x = 9.
    const p = projectData(edges.chart, 9, 10, 0);
    const hit = (await threeOf(edges.chart).hover(p.cssX, p.cssY)) as { x: number; y: number; z: number; column: number; row: number };
    expect(hit).to.include({ x: 9, y: 10, z: 0, column: 1, row: 1 });
    const tip = edges.chart.shadowRoot!.querySelector('.tooltip:not([hidden])');
    expect(tip?.textContent).to.contain('9').and.contain('edges');
  });

  it('bad edges → gpu-error naming the field (length, order, finite); the last good surface stays', async () => {
    const { chart } = await draw3d('surface-edges-bad', [{ type: 'surface', grid: { xEdges: [0, 9, 10], yEdges: [0, 10], values } }]);
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    const bad = async (grid: object) => {
      chart.series = [{ type: 'surface', grid } as Series3DSpec];
      await chart.updateComplete;
      return errors.at(-1) ?? '';
    };
    expect(await bad({ xEdges: [0, 9, 10], yEdges: [0, 10], columns: 4, values })).to.contain('series[0].grid.xEdges has 3 values but columns is 4');
    expect(await bad({ xEdges: [0, 10, 9], yEdges: [0, 10], values })).to.contain('series[0].grid.xEdges[2] (9) is not above xEdges[1] (10): edges must increase');
    expect(await bad({ xEdges: [0, 9, 10], yEdges: [0, NaN], values })).to.contain('series[0].grid.yEdges[1] is NaN: edges must be finite');
    expect(await bad({ xEdges: [0, 9, 10], yEdges: [0, 5, 10], values })).to.contain('series[0].grid.values has 6 values; columns × rows = 3 × 3 = 9');
    expect(await bad({ xEdges: 'abc', yEdges: [0, 10], values })).to.contain('series[0].grid.xEdges must be an array of numbers');
    expect(threeOf(chart).scene.text.tableRows({}, 10).rows.length, 'the last good surface stays').to.equal(6);
  });
});

describe('3D point shapes (marker, as 2D scatter)', () => {
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('circle, square and triangle draw their shapes (corners, apex and base tell them apart); a bad marker names the field', async () => {
    const BLUE = hexToRgba('#0000ff');
    const filled = (pic: { at(x: number, y: number): RGBA }, cx: number, cy: number, dx: number, dy: number) => colorDistance(pixel(pic, cx + dx, cy + dy), BLUE) < 60;
    const dpr = window.devicePixelRatio || 1;
    const o = 15 * dpr; // the point's size is 40 CSS px: half side 20, a square's half side 17.7
    const shapes: Record<string, { up: boolean; down: boolean; corner: boolean; area: number }> = {};
    for (const marker of ['circle', 'square', 'triangle'] as const) {
      const { chart, pic } = await draw3d(`marker-${marker}`, [{ type: 'points3d', x: [0], y: [0], z: [0], size: 40, color: '#0000ff', marker }]);
      const c = projectData(chart, 0, 0, 0);
      let area = 0;
      for (let y = -25 * dpr; y <= 25 * dpr; y++) for (let x = -25 * dpr; x <= 25 * dpr; x++) if (filled(pic, c.x, c.y, x, y)) area++;
      // Screen y grows downwards: "up" is −y.
      shapes[marker] = { up: filled(pic, c.x, c.y, 0, -o), down: filled(pic, c.x, c.y, 0, o), corner: filled(pic, c.x, c.y, o, o) && filled(pic, c.x, c.y, -o, -o), area: area / dpr / dpr };
      chart.remove();
    }
    expect(shapes.circle).to.include({ up: true, down: true, corner: false });
    expect(shapes.square).to.include({ up: true, down: true, corner: true });
    expect(shapes.triangle).to.include({ up: true, down: false, corner: false });
    // About the same area each (a disc of 20 px radius is 1257 px²; the triangle is smaller).
    expect(shapes.circle.area).to.be.closeTo(1257, 150);
    expect(shapes.square.area).to.be.closeTo(1257, 150);
    expect(shapes.triangle.area).to.be.within(500, 1000);
    const { chart } = await draw3d('marker-bad', [{ type: 'points3d', x: [0], y: [0], z: [0] }]);
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    chart.series = [{ type: 'points3d', x: [0], y: [0], z: [0], marker: 'star' as 'circle' }];
    await chart.updateComplete;
    expect(errors.at(-1)).to.contain('series[0].marker must be circle, square, triangle (got "star")');
  });
});

describe('3D streamed line3d (appends)', () => {
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('appends upload only the new rows (bytes ∝ rows appended), the buffer doubles, and the picture equals a full build', async () => {
    const cap = 20_000;
    const xs = new Float64Array(cap);
    const ys = new Float64Array(cap);
    const zs = new Float64Array(cap);
    for (let i = 0; i < cap; i++) {
      const r = 1 + i / 2000;
      xs[i] = Math.cos(i / 40) * r;
      ys[i] = Math.sin(i / 40) * r;
      zs[i] = i / 100;
    }
    const line = (n: number, x: ArrayLike<number> = xs.subarray(0, n), y: ArrayLike<number> = ys.subarray(0, n), z: ArrayLike<number> = zs.subarray(0, n)): Series3DSpec => ({ type: 'line3d', title: 'path', x, y, z, color: '#0000ff', width: 2 });
    const { chart } = await draw3d('line-stream-start', [line(1000)]);
    // The line's GPU buffer (a GrowableBuffer: it counts the bytes written into it).
    const gpuLine = () => (threeOf(chart).scene as unknown as { renderer: { gpu: Array<{ lineData: { generation: number; size: number; bytesWritten: number } }> } }).renderer.gpu[0].lineData;
    const bytesUploaded = () => gpuLine().bytesWritten;
    const startSize = gpuLine().size;
    // One append of 100 rows: 100 × 16 bytes go up, nothing else.
    let before = bytesUploaded();
    chart.series = [line(1100)];
    await chart.updateComplete;
    await snapshot(chart, 'line-stream-1100');
    expect(bytesUploaded() - before).to.equal(100 * 16);
    // 40 appends of 250 rows: exactly their bytes; the buffer doubled a few times (GPU-side copies).
    before = bytesUploaded();
    for (let n = 1350; n <= 11_100; n += 250) {
      chart.series = [line(n)];
      await chart.updateComplete;
    }
    const streamed = await snapshot(chart, 'line-stream-11100');
    expect(bytesUploaded() - before).to.equal(40 * 250 * 16);
    const grown = gpuLine();
    expect(grown.generation, 'buffer replacements').to.be.within(3, 4);
    expect(grown.size).to.be.within(11_100 * 16, 4 * 11_100 * 16);
    expect(grown.size).to.be.greaterThan(startSize);
    // The same rows drawn from scratch (new arrays: a full build uploads every row) look the same.
    const copy = (a: Float64Array) => Float64Array.from(a.subarray(0, 11_100));
    const fresh = await draw3d('line-stream-fresh', [line(11_100, copy(xs), copy(ys), copy(zs))]);
    let lineInFresh = 0;
    let differ = 0;
    for (let y = 0; y < fresh.pic.height; y++) {
      for (let x = 0; x < fresh.pic.width; x++) {
        const a = fresh.pic.at(x, y);
        if (colorDistance(a, hexToRgba('#0000ff')) < 80) lineInFresh++;
        if (colorDistance(a, streamed.at(x, y)) > 60) differ++;
      }
    }
    expect(lineInFresh, 'the line is drawn').to.be.greaterThan(2000);
    expect(differ, 'pixels that differ from the full build').to.be.lessThan(lineInFresh * 0.01);
    // A prefix that changed (the last row seen before is not as it was) is not an append: all rows go up.
    xs[11_099] += 1;
    const old = gpuLine();
    chart.series = [line(11_200)];
    await chart.updateComplete;
    await snapshot(chart, 'line-stream-rebuilt');
    expect(gpuLine(), 'a new buffer').to.not.equal(old);
    expect(gpuLine().bytesWritten).to.equal(11_200 * 16);
  });
});

describe('3D streamed line3d: a hidden line', () => {
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('stays hidden while both lines grow', async () => {
    const a = [0, 1, 2, 3, 4, 5, 6, 7];
    const b = [7, 6, 5, 4, 3, 2, 1, 0];
    const cols = [
      [Float64Array.from(a), Float64Array.from(b), Float64Array.from(a)],
      [Float64Array.from(b), Float64Array.from(a), Float64Array.from(a)],
    ];
    // Views of the same buffers, longer each time: appends.
    const two = (n: number): Series3DSpec[] => [
      { type: 'line3d', x: cols[0][0].subarray(0, n), y: cols[0][1].subarray(0, n), z: cols[0][2].subarray(0, n), color: '#0000ff' },
      { type: 'line3d', x: cols[1][0].subarray(0, n), y: cols[1][1].subarray(0, n), z: cols[1][2].subarray(0, n), color: '#ff0000', visible: false },
    ];
    const { chart } = await draw3d('line-hidden-start', two(4));
    chart.series = two(8);
    await chart.updateComplete;
    const pic = await snapshot(chart, 'line-hidden-grown');
    let red = 0;
    let blue = 0;
    for (let y = 0; y < pic.height; y++) {
      for (let x = 0; x < pic.width; x++) {
        if (colorDistance(pic.at(x, y), hexToRgba('#ff0000')) < 80) red++;
        if (colorDistance(pic.at(x, y), hexToRgba('#0000ff')) < 80) blue++;
      }
    }
    expect(blue, 'the shown line').to.be.greaterThan(40);
    expect(red, 'the hidden line').to.equal(0);
  });
});

describe('3D chart.config', () => {
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('holds the 3D series (columns as arrays, null for a missing value) and the camera; another chart applying it draws the same picture', async () => {
    const series: Series3DSpec[] = [
      { type: 'surface', title: 'sheet', colormap: 'plasma', wireframe: true, grid: { xEdges: [0, 1, 3, 6], yEdges: [0, 2, 4], values: [0, 1, 2, 1, 2, 3, 2, 3, NaN, 1, 2, 3] } },
      { type: 'points3d', title: 'cloud', x: new Float64Array([0, 3, 6]), y: [0, 2, 4], z: [3, 2, 1], colorValues: [1, 2, 3], marker: 'square', size: 8 },
      { type: 'line3d', title: 'path', x: [0, 6], y: [4, 0], z: [0, 3], color: '#0000ff' },
    ];
    const first = await draw3d('config-source', series, [320, 240], (c) => c.setAttribute('projection', 'orthographic'));
    first.chart.camera = { azimuth: 20, elevation: 40, distance: 5, target: [3, 2, 1.5] };
    await new Promise((r) => setTimeout(r, 600));
    const config = JSON.parse(JSON.stringify(first.chart.config));
    expect(config.projection).to.equal('orthographic');
    expect(config.camera).to.deep.equal({ azimuth: 20, elevation: 40, distance: 5, target: [3, 2, 1.5] });
    expect(config.series).to.have.length(3);
    expect(config.series[0].grid.values[8], 'NaN as null').to.equal(null);
    expect(config.series[1].x).to.deep.equal([0, 3, 6]);
    expect(config.series[1]).to.include({ marker: 'square', size: 8, title: 'cloud' });
    const picture = await snapshot(first.chart, 'config-source-camera');

    const second = await draw3d('config-target', [{ type: 'points3d', x: [0], y: [0], z: [0] }]);
    const changes: string[][] = [];
    second.chart.addEventListener('gpu-config', (e) => changes.push((e as CustomEvent).detail.changed));
    second.chart.config = config;
    await second.chart.updateComplete;
    await new Promise((r) => setTimeout(r, 600));
    expect(changes.flat()).to.include.members(['series', 'camera']);
    expect(second.chart.camera).to.deep.equal(config.camera);
    expect(second.chart.projection).to.equal('orthographic');
    const applied = second.chart.series as Series3DSpec[];
    expect(Number.isNaN((applied[0] as Extract<Series3DSpec, { type: 'surface' }>).grid.values[8]), 'null back to NaN').to.equal(true);
    const after = await snapshot(second.chart, 'config-target-applied');
    let differ = 0;
    for (let y = 0; y < after.height; y++) for (let x = 0; x < after.width; x++) if (colorDistance(after.at(x, y), picture.at(x, y)) > 40) differ++;
    expect(differ, 'pixels unlike the source chart').to.be.lessThan(after.width * after.height * 0.002);
    // The same config again changes nothing.
    changes.length = 0;
    second.chart.config = config;
    await second.chart.updateComplete;
    expect(changes.flat()).to.deep.equal([]);
  });
});
