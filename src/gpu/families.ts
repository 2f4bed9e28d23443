/**
 * The pipeline families: one WGSL file each, one bind group layout each, compiled once per
 * device and canvas format. Few pipelines and no MSAA keep start-up short on any GPU.
 */
import lineSource from '../../shaders/line.wgsl';
import rectsSource from '../../shaders/rects.wgsl';
import { bindGroupLayout, renderPipeline, shaderModule, PREMULTIPLIED_BLEND } from './pipelines.js';

export interface Family {
  pipeline: GPURenderPipeline;
  layout: GPUBindGroupLayout;
}

type EntryKind = 'uniform' | 'storage';

function layoutOf(device: GPUDevice, key: string, kinds: EntryKind[]): GPUBindGroupLayout {
  return bindGroupLayout(device, key, () => ({
    entries: kinds.map((k, binding) => ({
      binding,
      visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT,
      buffer: { type: k === 'uniform' ? 'uniform' : 'read-only-storage' },
    })) as GPUBindGroupLayoutEntry[],
  }));
}

async function family(device: GPUDevice, format: GPUTextureFormat, name: string, source: string, kinds: EntryKind[]): Promise<Family> {
  const layout = layoutOf(device, name, kinds);
  const module = shaderModule(device, name, source);
  const pipeline = await renderPipeline(device, `${name}:${format}`, () => ({
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    vertex: { module, entryPoint: 'vs' },
    fragment: { module, entryPoint: 'fs', targets: [{ format, blend: PREMULTIPLIED_BLEND }] },
    primitive: { topology: 'triangle-list' },
  }));
  return { pipeline, layout };
}

export function lineFamily(device: GPUDevice, format: GPUTextureFormat): Promise<Family> {
  return family(device, format, 'line', lineSource, ['uniform', 'storage', 'storage', 'storage', 'storage']);
}

export function rectsFamily(device: GPUDevice, format: GPUTextureFormat): Promise<Family> {
  return family(device, format, 'rects', rectsSource, ['uniform', 'storage']);
}
