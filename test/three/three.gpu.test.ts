import { expect } from '@esm-bundle/chai';
import { sendMouse, resetMouse, emulateMedia } from '@web/test-runner-commands';
import type { GpuChart } from '../../src/index.js';
import type { Series3DSpec } from '../../src/chart/three/spec.js';
import { decodePng, countColor, hexToRgba, logAdapterOnce, saveImage, colorDistance, type Picture } from '../helpers/pixels.js';
import { draw3d as draw } from './three-helpers.js';

const RED = '#ff0000';
const BLUE = '#0000ff';

/** A surface z = sin(x)·cos(y) on a 40 × 30 grid. */
function wave(columns = 40, rows = 30, hole = false): Series3DSpec {
  const values = new Float64Array(columns * rows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) values[r * columns + c] = Math.sin(c / 6) * Math.cos(r / 5);
  if (hole) for (let r = 10; r < 20; r++) for (let c = 15; c < 25; c++) values[r * columns + c] = NaN;
  return { type: 'surface', color: RED, grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns, rows, values } };
}

describe('3D charts', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('a surface draws, lit (several shades of its colour), inside the canvas', async () => {
    const { chart, pic } = await draw('surface', [wave()]);
    // Lit red: pixels whose red channel dominates; shading gives more than one shade.
    let reddish = 0;
    const shades = new Set<number>();
    for (let y = 0; y < pic.height; y++) {
      for (let x = 0; x < pic.width; x++) {
        const [r, g, b] = pic.at(x, y);
        if (r > 60 && g < 40 && b < 40) {
          reddish++;
          shades.add(r >> 4);
        }
      }
    }
    expect(reddish, 'surface pixels').to.be.greaterThan(pic.width * pic.height * 0.08);
    expect(shades.size, 'shades of the lit surface').to.be.greaterThan(3);
    expect(chart.camera).to.deep.include({ azimuth: -55, elevation: 28 });
  });

  it('a NaN hole shows the background (or grid) through the surface', async () => {
    const fromAbove = (c: GpuChart) => (c.camera = { elevation: 89 });
    const solid = await draw('surface-solid', [wave()], undefined, fromAbove);
    const holed = await draw('surface-hole', [wave(40, 30, true)], undefined, fromAbove);
    const red = (p: Picture) => countColor(p, hexToRgba(RED), 160);
    expect(red(holed.pic)).to.be.lessThan(red(solid.pic) - 1000);
  });

  it('colormaps: a surface by z through viridis (purple low, yellow high); points by colorValues; a bad colormap names its field', async () => {
    const surface = wave() as Extract<Series3DSpec, { type: 'surface' }>;
    const { chart, pic } = await draw('surface-viridis', [{ ...surface, color: undefined }]);
    // Lit, so compare hues loosely: yellow-green highs (r, g high; b low) and purple-blue lows.
    let yellow = 0;
    let purple = 0;
    for (let i = 0; i < pic.data.length; i += 4) {
      const [r, g, b] = [pic.data[i], pic.data[i + 1], pic.data[i + 2]];
      if (r > 120 && g > 120 && b < 80) yellow++;
      if (r > 30 && b > 50 && g < 40 && r < 110) purple++;
    }
    expect(yellow, 'yellow highs').to.be.greaterThan(300);
    expect(purple, 'purple lows').to.be.greaterThan(300);
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    chart.series = [{ ...surface, colormap: 'rainbowish' as 'viridis' }]; // what an untyped caller can pass
    await chart.updateComplete;
    expect(errors.at(-1)).to.contain('series[0].colormap "rainbowish" is not a colormap');
    const n = 400;
    const x = Float64Array.from({ length: n }, (_, i) => i % 20);
    const y = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 20));
    const z = new Float64Array(n);
    const pts = await draw('points-colormap', [{ type: 'points3d', x, y, z, colorValues: x, colormap: ['#ff0000', '#0000ff'], size: 8 }]);
    expect(countColor(pts.pic, hexToRgba('#ff0000'), 60)).to.be.greaterThan(100);
    expect(countColor(pts.pic, hexToRgba('#0000ff'), 60)).to.be.greaterThan(100);
  });

  it('points3d draws discs in its colour; camera set from above moves them', async () => {
    const n = 200;
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.7) * i);
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) * i);
    const z = Float64Array.from({ length: n }, (_, i) => i);
    const { chart, pic } = await draw('points', [{ type: 'points3d', x, y, z, color: BLUE, size: 6 }]);
    const blue = countColor(pic, hexToRgba(BLUE), 60);
    expect(blue).to.be.greaterThan(n * 8);
    chart.setAttribute('projection', 'orthographic');
    chart.camera = { azimuth: 0, elevation: 89 };
    await new Promise((r) => setTimeout(r, 600));
    const top = await decodePng(await chart.toBlob());
    await saveImage('three-points-top.png', await chart.toBlob());
    expect(countColor(top, hexToRgba(BLUE), 60)).to.be.greaterThan(n * 8);
    expect(chart.camera!.elevation).to.equal(89);
  });

  it('line3d draws an anti-aliased polyline (edge pixels between line and background)', async () => {
    const n = 100;
    const t = Array.from({ length: n }, (_, i) => i / 10);
    const { pic } = await draw('line', [{ type: 'line3d', x: t.map(Math.cos), y: t.map(Math.sin), z: t, color: BLUE, width: 3 }]);
    const solid = countColor(pic, hexToRgba(BLUE), 40);
    expect(solid).to.be.greaterThan(200);
    // Partly covered pixels: blue mixed with white.
    let mixed = 0;
    for (let i = 0; i < pic.data.length; i += 4) if (pic.data[i + 2] > 200 && pic.data[i] > 60 && pic.data[i] < 200 && pic.data[i] === pic.data[i + 1]) mixed++;
    expect(mixed).to.be.greaterThan(50);
  });

  it('bad input: a grid of the wrong size and columns of different lengths → gpu-error naming the field; the last good series stay', async () => {
    const { chart, pic } = await draw('bad-before', [wave()]);
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    chart.series = [{ type: 'surface', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns: 4, rows: 4, values: [1, 2, 3] } }];
    await chart.updateComplete;
    expect(errors.at(-1)).to.contain('series[0].grid.values has 3 values');
    chart.series = [{ type: 'points3d', x: [1, 2], y: [1, 2], z: [1] }];
    await chart.updateComplete;
    expect(errors.at(-1)).to.contain('series[0]: x, y and z must have the same length');
    const after = await decodePng(await chart.toBlob());
    expect(countColor(after, hexToRgba(RED), 160)).to.be.closeTo(countColor(pic, hexToRgba(RED), 160), 50);
    const strip = chart.shadowRoot!.querySelector('.error');
    expect(strip?.textContent).to.contain('same length');
  });

  it('non-finite coordinates are skipped and counted in a note, not drawn at the origin', async () => {
    const { chart } = await draw('nonfinite', [{ type: 'points3d', x: [0, 1, NaN, 2], y: [0, 1, 1, Infinity], z: [0, 1, 1, 1], color: BLUE }]);
    const scene = (chart as unknown as { three: { scene: { skipped: number } } }).three.scene;
    expect(scene.skipped).to.equal(2);
  });

  it('a 2D chart after a 3D one draws 2D again; a 2D page loads no 3D module', async () => {
    const { chart } = await draw('back-to-2d', [wave()]);
    chart.series = null;
    chart.data = { time: [0, 86_400_000, 2 * 86_400_000], value: [1, 3, 2] };
    await chart.updateComplete;
    expect(chart.camera).to.equal(null);
    expect(Number.isFinite(chart.valueToY(2))).to.equal(true);
  });

  it('hover picks the nearest point: tooltip with x, y, z and gpu-crosshair with them', async () => {
    const { chart } = await draw('pick', [{ type: 'points3d', title: 'cloud', x: [0, 10], y: [0, 10], z: [0, 10], color: BLUE, size: 10 }]);
    const view = (chart as unknown as { three: { scene: { view: { project(x: number, y: number, z: number): { x: number; y: number } } }; hover(x: number, y: number): unknown } }).three;
    // The second point is the box's far corner (1, 1, 0.8) in box units.
    const p = view.scene.view.project(1, 1, 0.8);
    const dpr = window.devicePixelRatio || 1;
    const events: Array<CustomEvent> = [];
    chart.addEventListener('gpu-crosshair', (e) => events.push(e));
    const hit = (await view.hover(p.x / dpr + 1, p.y / dpr)) as { x: number; y: number; z: number; series: string } | null;
    expect(hit).to.include({ x: 10, y: 10, z: 10, series: 'cloud' });
    expect(events.at(-1)!.detail.values).to.deep.equal({ x: 10, y: 10, z: 10 });
    const tip = chart.shadowRoot!.querySelector('.tooltip[part="tooltip"]:not([hidden])');
    expect(tip?.textContent).to.contain('cloud');
  });

  it('hover on a surface picks the grid point drawn there: its column, row and value', async () => {
    const spec = wave() as Extract<Series3DSpec, { type: 'surface' }>;
    const { chart } = await draw('pick-surface', [spec], undefined, (c) => (c.camera = { elevation: 89 }));
    const three = (chart as unknown as { three: { scene: { dataBox: { toBox(a: number, v: number): number }; view: { project(x: number, y: number, z: number): { x: number; y: number } } }; hover(x: number, y: number): unknown } }).three;
    const [column, row] = [20, 12];
    const value = spec.grid.values[row * spec.grid.columns! + column];
    const b = three.scene.dataBox;
    const p = three.scene.view.project(b.toBox(0, column), b.toBox(1, row), b.toBox(2, value));
    const dpr = window.devicePixelRatio || 1;
    const hit = (await three.hover(p.x / dpr, p.y / dpr)) as { column: number; row: number; z: number; index: number };
    expect(hit).to.include({ column, row, z: value, index: row * spec.grid.columns! + column });
  });

  it('keyboard and wheel move the camera; gpu-camera fires once per frame while it moves', async () => {
    const { chart } = await draw('keys', [wave()]);
    const events: CustomEvent[] = [];
    chart.addEventListener('gpu-camera', (e) => events.push(e));
    chart.focus();
    const before = chart.camera!;
    for (let i = 0; i < 3; i++) chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    chart.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, bubbles: true, cancelable: true }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const after = chart.camera!;
    // ArrowLeft turns the box to the left: the camera goes clockwise seen from above.
    expect(after.azimuth).to.be.closeTo(before.azimuth - 15, 1e-9);
    expect(after.distance).to.be.greaterThan(before.distance);
    expect(events.length).to.equal(1);
    expect(events[0].detail.azimuth).to.be.closeTo(after.azimuth, 1e-9);
    await saveImage('three-keys.png', await chart.toBlob());
  });
});

describe('3D charts: sync and device loss', () => {
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('charts with the same sync name share the orbit (each keeps its own target)', async () => {
    const a = await draw('sync-a', [wave()], undefined, (c) => c.setAttribute('sync', 'cams'));
    const b = await draw('sync-b', [{ type: 'points3d', x: [100, 200], y: [0, 1], z: [5, 6] }], undefined, (c) => c.setAttribute('sync', 'cams'));
    const c = await draw('sync-c', [wave()]);
    a.chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    a.chart.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
    const cam = a.chart.camera!;
    expect(b.chart.camera).to.deep.include({ azimuth: cam.azimuth, elevation: cam.elevation, distance: cam.distance });
    expect(b.chart.camera!.target).to.deep.equal([150, 0.5, 5.5]);
    expect(c.chart.camera!.elevation).to.not.equal(cam.elevation);
  });

  it('recovers from device loss: the same picture on the new device', async () => {
    const { chart, pic } = await draw('loss-before', [wave(), { type: 'points3d', x: [0, 39], y: [0, 29], z: [1, -1], color: BLUE, size: 8 }]);
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    const lost = chart.device!;
    lost.destroy();
    await lost.lost;
    await new Promise((r) => setTimeout(r, 0));
    await chart.updateComplete;
    expect(chart.device).to.not.equal(lost);
    const blob = await chart.toBlob();
    await saveImage('three-loss-after.png', blob);
    const after = await decodePng(blob);
    let differing = 0;
    for (let i = 0; i < pic.data.length; i += 4) if (Math.abs(pic.data[i] - after.data[i]) > 2 || Math.abs(pic.data[i + 2] - after.data[i + 2]) > 2) differing++;
    expect(differing).to.equal(0);
    expect(errors).to.deep.equal([]);
  });
});

describe('3D input', () => {
  afterEach(async () => {
    document.querySelectorAll('gpu-chart').forEach((c) => c.remove());
    await resetMouse();
  });

  const frames = (n = 2) => new Promise<void>((r) => {
    const step = (k: number) => (k === 0 ? r() : requestAnimationFrame(() => step(k - 1)));
    step(n);
  });

  it('dragging orbits, shift-dragging pans (the target moves), no gpu-range from the 2D controller', async () => {
    // kinetic off: the drag's own mapping, without the fling after the release
    const { chart } = await draw('drag', [wave()], undefined, (c) => c.setAttribute('kinetic', 'false'));
    const r = chart.getBoundingClientRect();
    const ranges: unknown[] = [];
    chart.addEventListener('gpu-range', (e) => ranges.push(e.detail));
    const before = chart.camera!;
    await sendMouse({ type: 'move', position: [Math.round(r.left + 100), Math.round(r.top + 100)] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(r.left + 150), Math.round(r.top + 120)] });
    await sendMouse({ type: 'up' });
    await frames();
    const orbited = chart.camera!;
    expect(orbited.azimuth).to.be.closeTo(before.azimuth - 50 * 0.4, 1e-6);
    expect(orbited.elevation).to.be.closeTo(before.elevation + 20 * 0.4, 1e-6);
    expect(orbited.target).to.deep.equal(before.target);
    chart.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 7, clientX: r.left + 100, clientY: r.top + 100, shiftKey: true, bubbles: true }));
    chart.dispatchEvent(new PointerEvent('pointermove', { pointerId: 7, clientX: r.left + 140, clientY: r.top + 100, shiftKey: true, bubbles: true }));
    chart.dispatchEvent(new PointerEvent('pointerup', { pointerId: 7, clientX: r.left + 140, clientY: r.top + 100, bubbles: true }));
    const panned = chart.camera!;
    expect(panned.azimuth).to.equal(orbited.azimuth);
    expect(panned.target).to.not.deep.equal(orbited.target);
    expect(ranges).to.deep.equal([]);
    await saveImage('three-dragged.png', await chart.toBlob());
  });

  it('touch: two fingers moving apart zoom in (pinch), one finger orbits', async () => {
    const { chart } = await draw('pinch', [wave()]);
    const r = chart.getBoundingClientRect();
    const at = (id: number, type: string, x: number, y: number) =>
      chart.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', clientX: r.left + x, clientY: r.top + y, bubbles: true }));
    const before = chart.camera!;
    at(1, 'pointerdown', 140, 120);
    at(2, 'pointerdown', 180, 120);
    at(1, 'pointermove', 120, 120);
    at(2, 'pointermove', 200, 120);
    at(1, 'pointerup', 120, 120);
    at(2, 'pointerup', 200, 120);
    const pinched = chart.camera!;
    expect(pinched.distance).to.be.closeTo(before.distance / 2, 1e-9);
    expect(pinched.azimuth).to.equal(before.azimuth);
    at(3, 'pointerdown', 100, 100);
    at(3, 'pointermove', 110, 100);
    at(3, 'pointerup', 110, 100);
    expect(chart.camera!.azimuth).to.be.closeTo(before.azimuth - 4, 1e-9);
  });

  it('a fast orbit drag flings on (kinetic), not under prefers-reduced-motion or kinetic="false"', async () => {
    const flung = async (setup?: (c: GpuChart) => void) => {
      const { chart } = await draw('fling', [wave()], undefined, setup);
      const r = chart.getBoundingClientRect();
      const at = (type: string, x: number) => chart.dispatchEvent(new PointerEvent(type, { pointerId: 9, clientX: r.left + x, clientY: r.top + 100, bubbles: true }));
      at('pointerdown', 60);
      for (let x = 70; x <= 160; x += 10) {
        at('pointermove', x);
        await new Promise((res) => setTimeout(res, 8));
      }
      at('pointerup', 160);
      const released = chart.camera!.azimuth;
      await frames(6);
      const moved = Math.abs(chart.camera!.azimuth - released);
      chart.remove();
      return moved;
    };
    expect(await flung(), 'kinetic').to.be.greaterThan(1);
    expect(await flung((c) => c.setAttribute('kinetic', 'false')), 'kinetic="false"').to.equal(0);
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      expect(await flung(), 'reduced motion').to.equal(0);
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('setting the camera animates (several gpu-camera events), at once under prefers-reduced-motion', async () => {
    const { chart } = await draw('animate', [wave()]);
    const events: CustomEvent[] = [];
    chart.addEventListener('gpu-camera', (e) => events.push(e));
    chart.camera = { azimuth: 40 };
    await frames(3);
    expect(chart.camera!.azimuth).to.be.greaterThan(-55).and.lessThan(40);
    await new Promise((r) => setTimeout(r, 600));
    expect(chart.camera!.azimuth).to.be.closeTo(40, 1e-9);
    expect(events.length).to.be.greaterThan(2);
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      chart.camera = { azimuth: -10, distance: 8 };
      expect(chart.camera!.azimuth).to.equal(-10);
      expect(chart.camera!.distance).to.equal(8);
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});

void colorDistance;
