/**
 * Hover picking of a large point cloud on the GPU (chart/three/gpu-pick.ts): after an orbit, a
 * pointer move over a known point reports its x, y, z in `gpu-crosshair`, found by the compute
 * shader (the CPU pass is not run for the cloud), the same point the CPU's search finds.
 */
import { expect } from '@esm-bundle/chai';
import { resetMouse, sendMouse } from '@web/test-runner-commands';
import type { GpuChart } from '../../src/index.js';
import type { Series3DSpec } from '../../src/chart/three/spec.js';
import { GPU_PICK_MIN_POINTS } from '../../src/chart/three/three-d.js';
import { draw3d, projectData, snapshot, threeOf } from './three-helpers.js';

const N = 120_000;
/** Rows with a non-finite coordinate first: drawn point k is row k + SKIPPED (the GPU's index is mapped back to the row). */
const SKIPPED = 3;
const KNOWN = { x: 10, y: -5, z: 7 };

function cloud(): Series3DSpec {
  let s = 7;
  const rnd = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const n = N + SKIPPED + 1;
  const x = new Float64Array(n), y = new Float64Array(n), z = new Float64Array(n), c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rnd() * 4;
    y[i] = rnd() * 4;
    z[i] = rnd() * 3;
    c[i] = i;
  }
  for (let i = 0; i < SKIPPED; i++) x[i] = NaN;
  // The known point: a corner of the data box, far from the cloud, as the last row.
  x[n - 1] = KNOWN.x;
  y[n - 1] = KNOWN.y;
  z[n - 1] = KNOWN.z;
  return { type: 'points3d', title: 'cloud', x, y, z, colorValues: c, size: 3 };
}

function countComputePasses(): { count: number; restore(): void } {
  const proto = GPUCommandEncoder.prototype;
  const begin = proto.beginComputePass;
  const counter = {
    count: 0,
    restore: () => {
      proto.beginComputePass = begin;
    },
  };
  proto.beginComputePass = function (this: GPUCommandEncoder, ...args: Parameters<typeof begin>) {
    counter.count++;
    return begin.apply(this, args);
  };
  return counter;
}

function nextCrosshair(chart: GpuChart, ms = 20_000): Promise<CustomEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no gpu-crosshair')), ms);
    chart.addEventListener(
      'gpu-crosshair',
      (e) => {
        clearTimeout(timer);
        resolve(e as CustomEvent);
      },
      { once: true },
    );
  });
}

describe('3D hover picking on the GPU', function () {
  this.timeout(120_000);
  let chart: GpuChart | null = null;
  afterEach(async () => {
    await resetMouse();
    chart?.remove();
    chart = null;
  });

  it('after an orbit, hovering a known point of a large cloud reports its x, y, z in gpu-crosshair (found by the compute shader)', async () => {
    expect(N).to.be.greaterThan(GPU_PICK_MIN_POINTS);
    ({ chart } = await draw3d('gpu-pick', [cloud()], [360, 280]));
    chart.focus();
    chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await chart.updateComplete;
    await snapshot(chart, 'gpu-pick-orbited');
    const p = projectData(chart, KNOWN.x, KNOWN.y, KNOWN.z);
    const rect = chart.getBoundingClientRect();
    const passes = countComputePasses();
    try {
      const event = nextCrosshair(chart);
      await sendMouse({ type: 'move', position: [Math.round(rect.left + p.cssX + 1), Math.round(rect.top + p.cssY)] });
      const e = await event;
      const row = N + SKIPPED;
      expect(e.detail.values).to.deep.equal({ ...KNOWN, value: row });
      expect(e.detail.index).to.equal(row);
      expect(e.detail.series).to.have.property('cloud');
      // Two dispatches (nearest key, then its index): the cloud went through the compute shader.
      expect(passes.count).to.equal(2);
    } finally {
      passes.restore();
    }
    const tip = chart.shadowRoot!.querySelector('.tooltip[part="tooltip"]:not([hidden])');
    expect(tip?.textContent).to.contain('cloud');
    // The CPU's search over every point finds the same row.
    const cpu = threeOf(chart).scene.pick(Math.round(rect.left + p.cssX + 1) - rect.left, Math.round(rect.top + p.cssY) - rect.top);
    expect(cpu).to.include({ index: N + SKIPPED, ...KNOWN });
  });

  it('a pick overtaken by a camera move is not shown', async () => {
    ({ chart } = await draw3d('gpu-pick-stale', [cloud()], [360, 280]));
    const p = projectData(chart, KNOWN.x, KNOWN.y, KNOWN.z);
    const events: CustomEvent[] = [];
    chart.addEventListener('gpu-crosshair', (e) => events.push(e as CustomEvent));
    const pending = threeOf(chart).hover(p.cssX, p.cssY) as Promise<{ index: number } | null>;
    chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await pending;
    await chart.updateComplete;
    expect(events.filter((e) => e.detail !== null)).to.have.length(0);
    expect(chart.shadowRoot!.querySelector('.tooltip[part="tooltip"]:not([hidden])')).to.equal(null);
    // Hovered again on the still camera, it is found and shown.
    const p2 = projectData(chart, KNOWN.x, KNOWN.y, KNOWN.z);
    const hit = (await threeOf(chart).hover(p2.cssX, p2.cssY)) as { index: number } | null;
    expect(hit?.index).to.equal(N + SKIPPED);
    expect(events.at(-1)?.detail?.values).to.deep.equal({ ...KNOWN, value: N + SKIPPED });
  });
});
