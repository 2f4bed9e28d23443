/**
 * Hover picking of large point clouds on the GPU (shaders/three-pick.wgsl): a CPU pass over
 * millions of points would hold the main thread for tens of ms at every hover after an orbit.
 * Two compute dispatches over the points' own GPU buffer (the one that is drawn) find the point
 * nearest the pointer; the answer (8 bytes) is read back asynchronously, so the main thread only
 * records the commands. Its own chunk: loaded by the first such pick (ThreeDScene.pickAsync).
 */
import pickSource from '../../../shaders/three-pick.wgsl';
import { createBuffer, destroyBuffer } from '../../gpu/buffers.js';

const WORKGROUP = 256;
const MAX_GROUPS_PER_ROW = 65_535;
const UNIFORM_BYTES = 96;
const FAR = 0xffffffff;

/** What one GPU pick found: the drawn point's index in the buffer, its screen-distance step and depth (the key's parts). */
export interface GpuPickResult {
  index: number;
  /** Distance from the pointer in steps of the tie distance (0: within one step). */
  step: number;
  /** Depth in [0, 1] (as drawn: NDC z). */
  depth: number;
}

/** What to search: the points' buffer (vec4f per point, box units) and the frame's matrix. */
export interface GpuPickQuery {
  device: GPUDevice;
  points: GPUBuffer;
  count: number;
  viewProjection: Float32Array;
  /** Pointer, device px from the top left. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Within this many device px; points this close on screen (`tie`) count as equally near. */
  radius: number;
  tie: number;
}

interface PickPipelines {
  layout: GPUBindGroupLayout;
  nearest: GPUComputePipeline;
  index: GPUComputePipeline;
}

const pipelines = new WeakMap<GPUDevice, Promise<PickPipelines>>();

function pipelinesFor(device: GPUDevice): Promise<PickPipelines> {
  let p = pipelines.get(device);
  if (!p) {
    const module = device.createShaderModule({ label: 'three pick', code: pickSource });
    const layout = device.createBindGroupLayout({
      label: 'three pick',
      entries: [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
        { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } },
        { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
      ],
    });
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
    const make = (entryPoint: string) => device.createComputePipelineAsync({ label: `three pick ${entryPoint}`, layout: pipelineLayout, compute: { module, entryPoint } });
    p = Promise.all([make('nearest'), make('index')]).then(([nearest, index]) => ({ layout, nearest, index }));
    pipelines.set(device, p);
  }
  return p;
}

/**
 * Finds the drawn point nearest (x, y) within `radius` (of those within one `tie` step, the one
 * nearest the eye; of equal keys, the lowest index), or null. Resolves when the GPU has answered;
 * null too when the device went away meanwhile.
 */
export async function pickPointsOnGpu(q: GpuPickQuery): Promise<GpuPickResult | null> {
  const { device } = q;
  if (q.count <= 0) return null;
  const p = await pipelinesFor(device);
  const uniform = createBuffer(device, { label: 'three pick', size: UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const best = createBuffer(device, { label: 'three pick best', size: 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const readback = createBuffer(device, { label: 'three pick read', size: 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const groups = Math.ceil(q.count / WORKGROUP);
    const groupsX = Math.min(groups, MAX_GROUPS_PER_ROW);
    const groupsY = Math.ceil(groups / groupsX);
    const data = new ArrayBuffer(UNIFORM_BYTES);
    const f = new Float32Array(data);
    f.set(q.viewProjection, 0);
    f.set([q.x, q.y, q.width, q.height, q.radius, q.tie], 16);
    new Uint32Array(data).set([q.count, groupsX * WORKGROUP], 22);
    device.queue.writeBuffer(uniform, 0, data);
    device.queue.writeBuffer(best, 0, new Uint32Array([FAR, FAR]));
    const bindGroup = device.createBindGroup({
      layout: p.layout,
      entries: [
        { binding: 0, resource: { buffer: uniform } },
        { binding: 1, resource: { buffer: q.points } },
        { binding: 2, resource: { buffer: best } },
      ],
    });
    const encoder = device.createCommandEncoder({ label: 'three pick' });
    // Two passes: the second reads the minimum the first one settled.
    for (const pipeline of [p.nearest, p.index]) {
      const pass = encoder.beginComputePass({ label: 'three pick' });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(groupsX, groupsY);
      pass.end();
    }
    encoder.copyBufferToBuffer(best, 0, readback, 0, 8);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const [key, index] = new Uint32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    if (key === FAR || index === FAR) return null;
    return { index, step: key >>> 24, depth: (key & 0xffffff) / 0xffffff };
  } catch {
    // The device was lost (or the buffer destroyed with it): nothing picked.
    return null;
  } finally {
    destroyBuffer(uniform);
    destroyBuffer(best);
    destroyBuffer(readback);
  }
}
