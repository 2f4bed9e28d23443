/**
 * A surface's z replaced in a chart that also holds a point cloud and a 3D line: the points and
 * the line are set again unchanged (the same objects), so only the surface is uploaded (its z);
 * the cloud is not built or uploaded again, even though the data box grew (it is drawn through a
 * matrix from the box it was built in). The picture is the one a chart drawn afresh shows.
 */
import { expect } from '@esm-bundle/chai';
import type { GpuChart } from '../../src/index.js';
import type { Series3DSpec } from '../../src/chart/three/spec.js';
import { colorDistance, type Picture } from '../helpers/pixels.js';
import { draw3d, snapshot, threeOf } from './three-helpers.js';

const POINTS = 30_000;

function surface(amplitude: number): Series3DSpec {
  const columns = 48, rows = 32;
  const values = new Float64Array(columns * rows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) values[r * columns + c] = amplitude * Math.sin(c / 6) * Math.cos(r / 5);
  return { type: 'surface', title: 'sheet', colormap: 'viridis', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns, rows, values } };
}

function cloud(): Series3DSpec {
  let s = 3;
  const rnd = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const x = new Float64Array(POINTS), y = new Float64Array(POINTS), z = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    x[i] = 10 + rnd() * 20;
    y[i] = 5 + rnd() * 20;
    z[i] = rnd() * 2 - 1;
  }
  return { type: 'points3d', title: 'cloud', x, y, z, color: '#d0306a', size: 3 };
}

function line(): Series3DSpec {
  const n = 400;
  const x = new Float64Array(n), y = new Float64Array(n), z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = 24 + 18 * Math.cos(i / 30);
    y[i] = 16 + 12 * Math.sin(i / 30);
    z[i] = -1 + (2 * i) / n;
  }
  return { type: 'line3d', title: 'path', x, y, z, color: '#1060e0', width: 2 };
}

/** Counts bytes written into buffers and buffers made, on every device, until `stop`. */
function watchUploads(): { bytes: number; buffers: number; largest: number; stop(): void } {
  const q = GPUQueue.prototype;
  const d = GPUDevice.prototype;
  const write = q.writeBuffer;
  const create = d.createBuffer;
  const w = {
    bytes: 0,
    buffers: 0,
    largest: 0,
    stop() {
      q.writeBuffer = write;
      d.createBuffer = create;
    },
  };
  q.writeBuffer = function (this: GPUQueue, buffer: GPUBuffer, offset: number, data: BufferSource | SharedArrayBuffer, dataOffset?: number, size?: number) {
    const unit = ArrayBuffer.isView(data) ? (data as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1 : 1;
    const n = size !== undefined ? size * unit : data.byteLength - (dataOffset ?? 0) * unit;
    w.bytes += n;
    w.largest = Math.max(w.largest, n);
    return write.call(this, buffer, offset, data as BufferSource, dataOffset, size);
  } as typeof write;
  d.createBuffer = function (this: GPUDevice, descriptor: GPUBufferDescriptor) {
    w.buffers++;
    return create.call(this, descriptor);
  };
  return w;
}

/** Each series' GPU objects as the scene's renderer holds them (its bind group and buffers: a rebuild makes new ones). */
function gpuObjectsOf(chart: GpuChart): Array<{ bindGroup: GPUBindGroup; buffers: GPUBuffer[]; lineData?: { buffer: GPUBuffer } }> {
  const renderer = (threeOf(chart).scene as unknown as { renderer: { gpu: Array<{ bindGroup: GPUBindGroup; buffers: GPUBuffer[]; lineData?: { buffer: GPUBuffer } }> } }).renderer;
  return [...renderer.gpu];
}

function differingPixels(a: Picture, b: Picture): number {
  let n = 0;
  for (let y = 0; y < a.height; y++) for (let x = 0; x < a.width; x++) if (colorDistance(a.at(x, y), b.at(x, y)) > 48) n++;
  return n;
}

describe('3D: replacing a surface beside other series', function () {
  this.timeout(120_000);
  const charts: GpuChart[] = [];
  afterEach(() => {
    for (const c of charts.splice(0)) c.remove();
  });

  it('uploads only the surface: the cloud and the line keep their GPU buffers, and the picture matches a fresh chart', async () => {
    const points = cloud();
    const path = line();
    const hidden = { ...line(), title: 'hidden', visible: false } as Series3DSpec;
    const { chart } = await draw3d('mixed-before', [surface(1), points, path, hidden]);
    charts.push(chart);
    const before = gpuObjectsOf(chart);
    const uploads = watchUploads();
    let after: Picture;
    try {
      // A larger amplitude: the data box's z range grows, so every box coordinate changes.
      chart.series = [surface(3), points, path, hidden];
      await chart.updateComplete;
      after = await snapshot(chart, 'mixed-after');
    } finally {
      uploads.stop();
    }
    const now = gpuObjectsOf(chart);
    // The very same GPU objects for the cloud, the line and the hidden series (and the surface: refilled).
    for (const i of [0, 1, 2, 3]) {
      expect(now[i].bindGroup, `series ${i}'s bind group`).to.equal(before[i].bindGroup);
      now[i].buffers.forEach((b, k) => expect(b === before[i].buffers[k], `series ${i}'s buffer ${k}`).to.equal(true));
      expect(now[i].lineData?.buffer, `series ${i}'s line buffer`).to.equal(before[i].lineData?.buffer);
    }
    const surfaceBytes = 48 * 32 * 4;
    // z (float32) and the small uniforms, colormap and grid axes; not the cloud's 16 bytes a point (480 KB) nor the line's.
    expect(uploads.largest).to.be.at.most(surfaceBytes);
    expect(uploads.bytes).to.be.below(POINTS * 4);
    expect(uploads.buffers).to.be.below(4);
    const { chart: fresh, pic } = await draw3d('mixed-fresh', [surface(3), points, path]);
    charts.push(fresh);
    const differ = differingPixels(after, pic);
    expect(differ, `${differ} pixels differ from a chart drawn afresh`).to.be.below(after.width * after.height * 0.002);
  });

  it('a cloud set again with a new column is built again', async () => {
    const points = cloud() as Extract<Series3DSpec, { type: 'points3d' }>;
    const { chart } = await draw3d('mixed-new-column', [surface(1), points]);
    charts.push(chart);
    const uploads = watchUploads();
    try {
      chart.series = [surface(1), { ...points, z: Float64Array.from(points.z, (v) => v + 0.5) }];
      await chart.updateComplete;
    } finally {
      uploads.stop();
    }
    expect(uploads.largest).to.equal(POINTS * 16);
  });
});
