/**
 * A surface's level of detail that keeps extremes: the compute pass (shaders/three-surface-pool.wgsl)
 * that writes each drawn grid point's value (of its block, the one farthest from its own) into the
 * surface's pooled buffer, which three-surface.wgsl reads when the grid is drawn coarser than it is.
 * The pipeline is made per device with the surface family; a pass is encoded only when the steps
 * or z changed since the last one (`SurfacePool.key`).
 */
import surfacePoolSource from '../../../shaders/three-surface-pool.wgsl';
import type { CellBands } from '../heatmap/cell-bands.js';
import type { SurfaceValues } from './data.js';

export const POOL_PARAM_BYTES = 32;

interface PoolPipeline {
  layout: GPUBindGroupLayout;
  pipeline: GPUComputePipeline;
}
export const poolPipelines = new WeakMap<GPUDevice, PoolPipeline>();

/** One surface's pooled drawn grid, the pass's parameters and bind group, and the steps they hold (`kx,ky`; '' none yet or z written since). */
export interface SurfacePool {
  buffer: GPUBuffer;
  params: GPUBuffer;
  bindGroup: GPUBindGroup | null;
  key: string;
}

export async function makePoolPipeline(device: GPUDevice): Promise<void> {
  if (poolPipelines.has(device)) return;
  const entry = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } });
  // 0 the parameters, 1…4 the z bands (cell-bands.ts), 5 the pooled drawn grid
  const layout = device.createBindGroupLayout({ label: 'surface pool', entries: [entry(0, 'uniform'), entry(1, 'read-only-storage'), entry(2, 'read-only-storage'), entry(3, 'read-only-storage'), entry(4, 'read-only-storage'), entry(5, 'storage')] });
  const module = device.createShaderModule({ label: 'surface pool', code: surfacePoolSource });
  const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(`WGSL errors in three-surface-pool: ${errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  const pipeline = await device.createComputePipelineAsync({ label: 'surface pool', layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint: 'pool' } });
  poolPipelines.set(device, { layout, pipeline });
}

/** Encodes the pooling pass of a surface drawn at steps (kx, ky), cx × cy cells, unless its pooled buffer holds those already. */
export function encodePool(device: GPUDevice, encoder: GPUCommandEncoder, pool: SurfacePool, z: CellBands, v: SurfaceValues, kx: number, ky: number, cx: number, cy: number): void {
  const key = `${kx},${ky}`;
  const pp = poolPipelines.get(device);
  if (pool.key === key || !pp) return;
  const words = new Uint32Array(POOL_PARAM_BYTES / 4);
  words.set([v.columns, v.rows, kx, ky, cx, cy, z.bandCells]);
  new Float32Array(words.buffer).set([v.middle], 7);
  device.queue.writeBuffer(pool.params, 0, words);
  pool.bindGroup ??= device.createBindGroup({
    layout: pp.layout,
    entries: [{ binding: 0, resource: { buffer: pool.params } }, ...[0, 1, 2, 3].map((b) => ({ binding: 1 + b, resource: { buffer: z.band(b) } })), { binding: 5, resource: { buffer: pool.buffer } }],
  });
  const pass = encoder.beginComputePass({ label: 'surface pool' });
  pass.setPipeline(pp.pipeline);
  pass.setBindGroup(0, pool.bindGroup);
  pass.dispatchWorkgroups(Math.ceil((cx + 1) / 8), Math.ceil((cy + 1) / 8));
  pass.end();
  pool.key = key;
}
