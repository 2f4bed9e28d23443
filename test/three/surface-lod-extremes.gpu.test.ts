/**
 * A surface's level of detail keeps extremes (three-surface-pool.wgsl): a grid drawn every k-th
 * column and row still shows a one-cell spike (and a one-cell pit) that lies between the drawn
 * grid points, at its height; and the z conversion of a replacement reuses its float32 array.
 */
import { expect } from '@esm-bundle/chai';
import type { Series3DSpec } from '../../src/chart/three/spec.js';
import { surfaceZ } from '../../src/chart/three/data.js';
import { logAdapterOnce, type Picture } from '../helpers/pixels.js';
import { draw3d, projectData, snapshot, threeOf } from './three-helpers.js';

const COLUMNS = 1501;
const ROWS = 1201;
// Odd: never a drawn grid point at a step of 2 or more.
const SPIKE = { column: 751, row: 601 };

/** A flat red sheet at z = 0 with one grid point at `height` (the z range is that of the spike and the sheet). */
function sheet(height: number, column = SPIKE.column, row = SPIKE.row): Series3DSpec {
  const values = new Float64Array(COLUMNS * ROWS);
  values[row * COLUMNS + column] = height;
  return { type: 'surface', color: '#ff0000', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns: COLUMNS, rows: ROWS, values } };
}

/** Red surface pixels within `radius` device px of (x, y). */
function redNear(p: Picture, x: number, y: number, radius: number): number {
  let n = 0;
  for (let py = Math.round(y) - radius; py <= Math.round(y) + radius; py++) {
    for (let px = Math.round(x) - radius; px <= Math.round(x) + radius; px++) {
      if (px < 0 || py < 0 || px >= p.width || py >= p.height) continue;
      const [r, g, b] = p.at(px, py);
      if (r > 60 && g < 40 && b < 40) n++;
    }
  }
  return n;
}

describe('3D surface level of detail keeps extremes', function () {
  this.timeout(120_000);
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  for (const [name, height, elevation] of [
    ['spike', 10, 8],
    ['pit', -10, -8],
  ] as const) {
    it(`a one-cell ${name} between the drawn grid points is drawn at its height`, async () => {
      const { chart, pic } = await draw3d(`lod-${name}`, [sheet(height)], [320, 240], (c) => (c.camera = { elevation, azimuth: 30 }));
      const [kx, ky] = threeOf(chart).scene.surfaceSteps[0]!;
      expect(kx, 'drawn coarser than the grid').to.be.greaterThan(2);
      expect(ky, 'drawn coarser than the grid').to.be.greaterThan(2);
      // Seen from the side (above for the spike, below for the pit), the sheet is a thin band near
      // z = 0; at 60% of the spike's height only the spike can be drawn.
      const at = projectData(chart, SPIKE.column, SPIKE.row, height * 0.6);
      const sheetLevel = projectData(chart, SPIKE.column, SPIKE.row, 0);
      expect(Math.abs(at.y - sheetLevel.y), 'the spike stands clear of the sheet').to.be.greaterThan(20);
      expect(redNear(pic, at.x, at.y, 4), `the ${name} is drawn at 60% of its height`).to.be.greaterThan(0);
    });
  }

  it('a replacement pools again: the spike moved is drawn where it is now, not where it was', async () => {
    const { chart } = await draw3d('lod-moved-before', [sheet(10)], [320, 240], (c) => (c.camera = { elevation: 8, azimuth: 30 }));
    const moved = { column: 301, row: 901 };
    chart.series = [sheet(10, moved.column, moved.row)];
    await chart.updateComplete;
    const pic = await snapshot(chart, 'lod-moved-after');
    const [kx] = threeOf(chart).scene.surfaceSteps[0]!;
    expect(kx, 'still coarse').to.be.greaterThan(2);
    const now = projectData(chart, moved.column, moved.row, 6);
    const was = projectData(chart, SPIKE.column, SPIKE.row, 6);
    expect(redNear(pic, now.x, now.y, 4), 'the spike where it is now').to.be.greaterThan(0);
    expect(redNear(pic, was.x, was.y, 2), 'nothing where it was').to.equal(0);
  });

  it('a replacement converts z into the same float32 array, about the origin used before', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => 1e6 + Math.sin(i));
    const first = surfaceZ(values);
    expect(first.range[0]).to.be.closeTo(1e6 - 1, 1e-3);
    expect(first.origin).to.be.within(first.range[0], first.range[1]);
    const next = Float64Array.from(values, (v) => v + 0.25);
    const again = surfaceZ(next, first.z32, first.origin);
    expect(again.z32, 'no new array').to.equal(first.z32);
    expect(again.origin, 'the origin kept while the range holds it').to.equal(first.origin);
    expect(again.z32[3] + again.origin).to.be.closeTo(next[3], 1e-3);
    // Data that moved away: a second pass about the new range's middle.
    const moved = Float64Array.from(values, (v) => v + 50);
    const far = surfaceZ(moved, first.z32, first.origin);
    expect(far.origin).to.be.within(far.range[0], far.range[1]);
    expect(far.z32[3] + far.origin).to.be.closeTo(moved[3], 1e-3);
    const holes = surfaceZ([NaN, 2, Infinity, 4]);
    expect(holes.skipped).to.equal(2);
    expect(holes.range).to.deep.equal([2, 4]);
    expect(Number.isNaN(holes.z32[0])).to.equal(true);
  });
});
