// The 3D scene's pure parts (camera math in float64, data checks, the surface mesh, the axes
// box) run in plain Node: esbuild bundles the sources for this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

async function load() {
  const out = await build({
    stdin: {
      contents: `export * from './src/chart/three/camera.ts'; export * from './src/chart/three/data.ts'; export * from './src/chart/three/axes.ts'; export * from './src/chart/three/a11y.ts';`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

const m = await load();
const close = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≈ ${b}`);

test('perspective maps the near plane to clip z 0 and the far plane to 1 (WebGPU clip space)', () => {
  const p = m.perspective(Math.PI / 3, 1.5, 0.5, 20);
  const near = m.transform(p, 0, 0, -0.5);
  const far = m.transform(p, 0, 0, -20);
  close(near[2] / near[3], 0);
  close(far[2] / far[3], 1);
  const o = m.orthographic(2, 1, 0.5, 20);
  close(m.transform(o, 0, 0, -0.5)[2], 0);
  close(m.transform(o, 0, 0, -20)[2], 1);
  close(m.transform(o, 2, 1, -3)[0], 1);
});

test('the camera looks at its target: the target projects to the canvas centre, the eye is at its distance', () => {
  for (const projection of ['perspective', 'orthographic']) {
    const v = new m.CameraView({ azimuth: 30, elevation: 20, distance: 5 }, [0.2, -0.1, 0.3], projection, 400, 300);
    const c = v.project(0.2, -0.1, 0.3);
    close(c.x, 200, 1e-9);
    close(c.y, 150, 1e-9);
    assert.ok(c.depth > 0 && c.depth < 1);
    close(Math.hypot(v.eye[0] - 0.2, v.eye[1] + 0.1, v.eye[2] - 0.3), 5);
    // Up in the data (+z) is up on screen (smaller y).
    assert.ok(v.project(0.2, -0.1, 0.8).y < 150);
  }
});

test('camera states are checked and clamped; interpolation takes the short way round', () => {
  const fallback = { azimuth: 10, elevation: 20, distance: 5, target: [0, 0, 0] };
  assert.deepEqual(m.sanitizeCamera({ azimuth: 370, elevation: 120, distance: -1, target: [1, NaN, 2] }, fallback), {
    azimuth: 10,
    elevation: 89,
    distance: m.MIN_DISTANCE,
    target: [0, 0, 0],
  });
  const mid = m.interpolateCamera({ ...fallback, azimuth: 170 }, { ...fallback, azimuth: -170 }, 0.5);
  close(Math.abs(mid.azimuth), 180);
});

test('data box: each axis centred and scaled to the box, float64 offsets (no jitter at large offsets)', () => {
  const spec = { type: 'points3d', x: [1e9, 1e9 + 2], y: [5, 5], z: [-1, 1] };
  const checked = m.checkSeries3D(spec, 0);
  const box = new m.DataBox([checked]);
  close(box.toBox(0, 1e9), -1);
  close(box.toBox(0, 1e9 + 1), 0);
  close(box.toBox(2, 1), m.BOX_HALF[2]);
  // A flat axis is widened around its value.
  assert.deepEqual(box.ranges[1], [4.5, 5.5]);
  const v = m.pointVertices(spec, box);
  assert.deepEqual(Array.from(v.data.slice(0, 4)), [-1, 0, -0.800000011920929, 0]);
});

test('bad series name their field; non-finite rows are counted', () => {
  assert.throws(() => m.checkSeries3D({ type: 'points3d', x: [1, 2], y: [1], z: [1, 2] }, 2), /series\[2\]: x, y and z must have the same length \(x 2, y 1, z 2\)/);
  assert.throws(() => m.checkSeries3D({ type: 'surface', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns: 3, rows: 2, values: [1, 2] } }, 0), /series\[0\]\.grid\.values has 2 values; columns × rows = 3 × 2 = 6/);
  assert.throws(() => m.checkSeries3D({ type: 'surface', grid: { x0: 0, dx: 0, y0: 0, dy: 1, columns: 3, rows: 2, values: [] } }, 1), /series\[1\]\.grid\.dx/);
  assert.throws(() => m.checkSeries3D({ type: 'line3d', x: 'a', y: [], z: [] }, 0), /series\[0\]\.x must be an array/);
  assert.throws(() => m.checkSeries3D({ type: 'points3d', x: [1], y: [1], z: [1], colormap: 'nope' }, 3), /series\[3\]\.colormap "nope" is not a colormap/);
  const c = m.checkSeries3D({ type: 'points3d', x: [0, NaN, 2], y: [0, 1, Infinity], z: [0, 1, 2] }, 0);
  assert.equal(c.skipped, 2);
  const box = new m.DataBox([c]);
  const v = m.pointVertices(c.spec, box);
  assert.equal(v.count, 1);
  assert.deepEqual(Array.from(v.rows), [0]);
});

test('surface values: z as float32 from a value inside its range (NaN kept for the hole), the grid in the box, the maps to box z and colour', () => {
  const values = [0, 0, 0, 0, NaN, 0, 0, 0, 4];
  const grid = { x0: 0, dx: 1, y0: 10, dy: 2, columns: 3, rows: 3, values };
  const c = m.checkSeries3D({ type: 'surface', grid }, 0);
  assert.equal(c.skipped, 1);
  const box = new m.DataBox([c]);
  const v = m.surfaceValues(c, box);
  assert.equal(v.origin, c.zOrigin);
  assert.ok(v.origin >= 0 && v.origin <= 4, 'the origin is a value inside the z range');
  assert.deepEqual(Array.from(v.z).map((z) => (Number.isNaN(z) ? 'NaN' : z + v.origin)), [0, 0, 0, 0, 'NaN', 0, 0, 0, 4]);
  assert.deepEqual(Array.from(v.axes), [-1, 0, 1, -1, 0, 1]);
  for (const [data, i] of [[0, 0], [4, 8]]) {
    close(v.z[i] * v.zScale + v.zOffset, box.toBox(2, data));
    close(v.z[i] * v.tScale + v.tOffset, data / 4);
  }
  assert.deepEqual(v.bounds, [-1, 1, -1, 1, box.toBox(2, 0), box.toBox(2, 4)]);
  // A refill reuses the float32 array it is given when the size matches.
  const again = m.surfaceZ(new Array(9).fill(1), v.z, v.origin);
  assert.equal(again.z32, v.z);
  assert.deepEqual(again.range, [1, 1]);
  assert.deepEqual(Array.from(again.z32).map((z) => z + again.origin), new Array(9).fill(1));
});

test('surface level of detail: power-of-two steps so no side has more cells than device px; behind the eye → full grid', () => {
  assert.deepEqual(m.surfaceSteps(500, 500, 700, 700), [1, 1]);
  assert.deepEqual(m.surfaceSteps(4000, 4000, 700, 350), [8, 16]);
  assert.deepEqual(m.surfaceSteps(8000, 2, 700, 1), [16, 1]);
  assert.deepEqual(m.surfaceSteps(4000, 4000, NaN, 0), [1, 1]);
  assert.deepEqual(m.surfaceSteps(16384, 16384, 1, 1), [m.MAX_SURFACE_STEP, m.MAX_SURFACE_STEP]);
  assert.equal(m.stepCells(4000, 8), 500);
  assert.equal(m.stepCells(5, 2), 2);
  assert.equal(m.stepCells(4, 2), 2); // columns 0, 2 and the last, 3
  // The projected sides of a unit box seen from above by an orthographic identity: 2 box units = the canvas.
  const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  assert.deepEqual(m.projectedSides([-1, 1, -0.5, 0.5, 0, 0], identity, 800, 600), [800, 300]);
  const behind = [...identity];
  behind[15] = -1;
  assert.ok(Number.isNaN(m.projectedSides([-1, 1, -1, 1, 0, 0], behind, 800, 600)[0]));
});

test('surface on given edges: the grid at xEdges/yEdges in the box; bad edges name the field', () => {
  const grid = { xEdges: [0, 1, 4], yEdges: [0, 1], values: [0, 2, 8, 0, 2, 8] };
  const c = m.checkSeries3D({ type: 'surface', grid }, 0);
  assert.deepEqual(Array.from(c.grid.xs), [0, 1, 4]);
  assert.deepEqual(c.extents, [[0, 4], [0, 1], [0, 8]]);
  const box = new m.DataBox([c]);
  const v = m.surfaceValues(c, box);
  close(v.axes[1], box.toBox(0, 1));
  close(v.axes[3], box.toBox(1, 0));
  assert.throws(() => m.checkSeries3D({ type: 'surface', grid: { ...grid, xEdges: [0, 1, 1] } }, 4), /series\[4\]\.grid\.xEdges\[2\] \(1\) is not above xEdges\[1\] \(1\): edges must increase/);
  assert.throws(() => m.checkSeries3D({ type: 'surface', grid: { ...grid, yEdges: [0, Infinity] } }, 0), /grid\.yEdges\[1\] is Infinity: edges must be finite/);
  assert.throws(() => m.checkSeries3D({ type: 'surface', grid: { ...grid, rows: 3 } }, 0), /grid\.yEdges has 2 values but rows is 3/);
  assert.throws(() => m.checkSeries3D({ type: 'surface', grid: { values: [] } }, 0), /grid\.columns is required \(or xEdges\)/);
});

test('a11y: the table lists every series\' points within the row budget; the name says what and where', () => {
  const pts = m.checkSeries3D({ type: 'points3d', title: 'p', x: [0, 1, 2, 3], y: [0, 0, 0, 0], z: [0, 0, 0, 0], colorValues: [5, 6, 7, 8] }, 0);
  const surf = m.checkSeries3D({ type: 'surface', title: 's', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns: 4, rows: 4, values: new Array(16).fill(1) } }, 1);
  const all = m.tableRows3D([pts, surf], ['x', 'y', 'z'], {}, 100);
  assert.equal(all.rows.length, 20);
  assert.equal(all.sampled, false);
  const few = m.tableRows3D([pts, surf], ['x', 'y', 'z'], {}, 10);
  assert.equal(few.rows.length, 10);
  assert.equal(few.total, 20);
  assert.ok(few.sampled);
  assert.deepEqual(few.rows.map((r) => r[0]), ['p', 'p', 's', 's', 's', 's', 's', 's', 's', 's']);
  assert.deepEqual(few.rows[1], ['p', '3', '3', '0', '0', '8']);
  assert.equal(few.rows.at(-1)[1], 'column 3, row 3');
  const name = m.summary3D([pts, surf], new m.DataBox([pts, surf]), ['a', 'b', 'c'], 'Scene', {});
  assert.equal(name, 'Scene. 3D chart of p (4 points), s (4 × 4 surface); a from 0 to 3, b from 0 to 3, c from 0 to 1.');
});

test('line appends: the same columns grown at the end (or views of one buffer) continue from the old length; anything else is a rebuild', () => {
  const x = [0, 1, 2];
  const y = [0, 1, 2];
  const z = [0, 0, 0];
  const prev = m.checkSeries3D({ type: 'line3d', x, y, z }, 0);
  x.push(3);
  y.push(3);
  z.push(5);
  const grown = { type: 'line3d', x, y, z };
  assert.equal(m.lineAppendFrom(prev, grown), 3);
  const next = m.extendLine(prev, grown, 0);
  assert.deepEqual(next.extents, [[0, 3], [0, 3], [0, 5]]);
  assert.deepEqual(prev.extents[2], [0, 0], 'the old check is left as it was');
  assert.equal(m.lineAppendFrom(prev, { type: 'line3d', x: [...x], y, z }), -1, 'new arrays');
  x[2] = 7;
  assert.equal(m.lineAppendFrom(prev, grown), -1, 'the last row seen changed');
  const buf = new Float64Array(10).map((_, i) => i);
  const first = m.checkSeries3D({ type: 'line3d', x: buf.subarray(0, 4), y: buf.subarray(0, 4), z: buf.subarray(0, 4) }, 0);
  assert.equal(m.lineAppendFrom(first, { type: 'line3d', x: buf.subarray(0, 6), y: buf.subarray(0, 6), z: buf.subarray(0, 6) }), 4);
  assert.equal(m.lineAppendFrom(first, { type: 'line3d', x: buf.subarray(1, 6), y: buf.subarray(1, 6), z: buf.subarray(1, 6) }), -1, 'a window that moved');
  assert.equal(m.lineAppendFrom(first, { type: 'points3d', x: buf, y: buf, z: buf }), -1);
  const into = new Float32Array(8);
  m.writeLineVertices({ type: 'line3d', x: [10, NaN], y: [20, 1], z: [30, 1] }, [10, 10, 10], into, 0, 2);
  assert.deepEqual(Array.from(into), [0, 10, 20, 1, 0, 0, 0, 0]);
});

test('axes: grid on the back faces (away from the eye), numbers in range, overlapping labels left out', () => {
  assert.deepEqual(m.backSides([3, -2, 1]), [-1, 1, -1]);
  const c = m.checkSeries3D({ type: 'points3d', x: [0, 100], y: [0, 10], z: [0, 1] }, 0);
  const box = new m.DataBox([c]);
  const view = new m.CameraView({ azimuth: -55, elevation: 28, distance: 5.6 }, [0, 0, 0], 'perspective', 600, 400);
  const axes = m.layoutAxes(box, view, { titles: ['x', 'y', 'z'], maxTicks: 6, measure: (t) => t.length * 7, fontPx: 11 });
  assert.deepEqual(axes.ticks[0], [0, 20, 40, 60, 80, 100]);
  assert.ok(axes.labels.some((l) => l.text === '100') && axes.labels.some((l) => l.title && l.text === 'z'));
  // Every grid point lies on one of the back faces.
  const back = m.backSides(view.eye);
  for (let i = 0; i < axes.grid.length; i += 4) {
    if (axes.grid[i + 3] === 0) continue;
    const p = [axes.grid[i], axes.grid[i + 1], axes.grid[i + 2]];
    assert.ok([0, 1, 2].some((a) => Math.abs(p[a] - back[a] * m.BOX_HALF[a]) < 1e-6), `grid point ${p} on a back face`);
  }
  const tiny = m.layoutAxes(box, view, { titles: ['x', 'y', 'z'], maxTicks: 6, measure: (t) => t.length * 400, fontPx: 11 });
  assert.ok(tiny.labels.length < axes.labels.length);
});
