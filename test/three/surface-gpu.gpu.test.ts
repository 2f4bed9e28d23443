/**
 * The surface built on the GPU (issue 18): a same-size z replacement refills the buffers it has
 * (no new GPU memory; colour by z through viridis, so the colour range moves too) and draws what a fresh chart of the new values draws; a grid with more
 * cells than device px is drawn every k-th column and row (k a power of two from the projected
 * size), finer as the camera comes closer, and still fills the same area.
 */
import { expect } from '@esm-bundle/chai';
import { gpuBytesAllocated } from '../../src/index.js';
import type { Series3DSpec } from '../../src/chart/three/spec.js';
import { countColor, hexToRgba, logAdapterOnce, colorDistance, type Picture } from '../helpers/pixels.js';
import { draw3d, snapshot, threeOf } from './three-helpers.js';

const RED = '#ff0000';

/** z = sin(x)·cos(y) (shifted by `phase`) on a columns × rows grid over the same x–y square. */
function wave(columns: number, rows: number, phase = 0, color?: string): Series3DSpec {
  const values = new Float64Array(columns * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) values[r * columns + c] = Math.sin((c / (columns - 1)) * 6 + phase) * Math.cos((r / (rows - 1)) * 6);
  }
  return { type: 'surface', color, grid: { x0: 0, dx: 40 / (columns - 1), y0: 0, dy: 30 / (rows - 1), columns, rows, values } };
}

/** Pixels further than `tolerance` apart in any channel. */
function differing(a: Picture, b: Picture, tolerance = 8): number {
  let n = 0;
  for (let y = 0; y < a.height; y++) for (let x = 0; x < a.width; x++) if (colorDistance(a.at(x, y), b.at(x, y)) > tolerance) n++;
  return n;
}

describe('3D surface on the GPU', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('every z replaced: the same buffers take the new values, and the picture is a fresh chart of them', async () => {
    const { chart, pic: first } = await draw3d('surface-replace-before', [wave(60, 50, 0, undefined)]);
    const bytes = gpuBytesAllocated();
    chart.series = [wave(60, 50, 2, undefined)];
    await chart.updateComplete;
    const replaced = await snapshot(chart, 'surface-replace-after');
    expect(gpuBytesAllocated(), 'no GPU memory made for the replacement').to.equal(bytes);
    expect(differing(first, replaced), 'the new values are drawn').to.be.greaterThan(2000);
    chart.remove();
    const { pic: fresh } = await draw3d('surface-replace-fresh', [wave(60, 50, 2, undefined)]);
    expect(differing(replaced, fresh), 'as a fresh chart of the same values').to.be.lessThan(20);
  });

  it('a grid with more cells than px is drawn coarser (power-of-two steps), finer when the camera comes closer, covering the same area', async () => {
    const red = hexToRgba(RED);
    const reddish = (p: Picture) => {
      let n = 0;
      for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) {
        const [r, g, b] = p.at(x, y);
        if (r > 60 && g < 40 && b < 40) n++;
      }
      return n;
    };
    const { pic: small } = await draw3d('surface-lod-small', [wave(60, 45, 0, RED)]);
    const { chart, pic: big } = await draw3d('surface-lod-big', [wave(1500, 1200, 0, RED)]);
    const [kx, ky] = threeOf(chart).scene.surfaceSteps[0]!;
    expect(kx, 'kx').to.be.greaterThan(1);
    expect(ky, 'ky').to.be.greaterThan(1);
    expect(Math.log2(kx) % 1, 'a power of two').to.equal(0);
    // At most one drawn cell per device px along each side (the surface spans less than the canvas).
    const dpr = window.devicePixelRatio || 1;
    expect(1499 / kx, 'cells across').to.be.at.most(320 * dpr);
    expect(reddish(big), 'the big surface covers what the small one does').to.be.closeTo(reddish(small), reddish(small) * 0.1);
    expect(countColor(big, red, 200), 'drawn').to.be.greaterThan(1000);
    // The scene's camera directly (the element's `camera` setter animates).
    threeOf(chart).scene.camera = { distance: 1.5 };
    await chart.updateComplete;
    await snapshot(chart, 'surface-lod-close');
    const [kx2] = threeOf(chart).scene.surfaceSteps[0]!;
    expect(kx2, 'closer: finer').to.be.lessThan(kx);
  });

  it('the wireframe of a coarse surface: lines a few px apart over the drawn cells (blue over red), and hover picks a drawn grid point', async () => {
    const spec = { ...wave(1500, 1200, 0, RED), wireframe: '#0000ff' } as Series3DSpec;
    const { chart, pic } = await draw3d('surface-lod-wire', [spec], [320, 240], (c) => (c.camera = { elevation: 89 }));
    const [kx, ky] = threeOf(chart).scene.surfaceSteps[0]!;
    expect(kx, 'drawn coarser').to.be.greaterThan(1);
    const blue = countColor(pic, hexToRgba('#0000ff'), 90);
    expect(blue, 'wire pixels').to.be.greaterThan(1000);
    // Lines at least 3 device px apart (every few drawn columns), so the surface shows between them.
    const red = countColor(pic, hexToRgba(RED), 200);
    expect(red, 'surface between the lines').to.be.greaterThan(blue * 0.25);
    const hit = threeOf(chart).scene.pick(160, 120) as { column: number; row: number } | null;
    expect(hit, 'a grid point near the centre').to.not.equal(null);
    expect(hit!.column % kx === 0 || hit!.column === 1499, 'a drawn column').to.equal(true);
    expect(hit!.row % ky === 0 || hit!.row === 1199, 'a drawn row').to.equal(true);
  });
});
