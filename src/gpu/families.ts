/**
 * The pipeline families: one WGSL file each, one bind group layout each, compiled once per
 * device and canvas format. Few pipelines and no MSAA keep start-up short on any GPU.
 */
import commonSource from '../../shaders/common.wgsl';
import lineSource from '../../shaders/line.wgsl';
import barsSource from '../../shaders/bars.wgsl';
import rectsSource from '../../shaders/rects.wgsl';
import textSource from '../../shaders/text.wgsl';
import { bindGroupLayout, renderPipeline, shaderModule, PREMULTIPLIED_BLEND } from './pipelines.js';

export interface Family {
  pipeline: GPURenderPipeline;
  layout: GPUBindGroupLayout;
  /** The line family's pipeline for solid dense lines drawn as column spans (vsSpans, fsSpans in line.wgsl). */
  spans?: GPURenderPipeline;
  /** The 3D points family's pipeline for points coloured through a lookup table (vs_lut, fs_lut in three-points.wgsl). */
  lut?: GPURenderPipeline;
}

type EntryKind = 'uniform' | 'storage';

/** One compilation check per shader module (asked once, when the module is first used). */
const compileChecks = new WeakMap<GPUShaderModule, Promise<GPUCompilationMessage[]>>();

function layoutOf(device: GPUDevice, key: string, kinds: EntryKind[]): GPUBindGroupLayout {
  return bindGroupLayout(device, key, () => ({
    entries: kinds.map((k, binding) => ({
      binding,
      visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT,
      buffer: { type: k === 'uniform' ? 'uniform' : 'read-only-storage' },
    })) as GPUBindGroupLayoutEntry[],
  }));
}

/** Buffers first, then `textures` unfilterable float textures (read with textureLoad). */
function layoutWithTextures(device: GPUDevice, key: string, kinds: EntryKind[], textures: number): GPUBindGroupLayout {
  return bindGroupLayout(device, key, () => ({
    entries: [
      ...kinds.map((k, binding) => ({
        binding,
        visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT,
        buffer: { type: k === 'uniform' ? ('uniform' as const) : ('read-only-storage' as const) },
      })),
      ...Array.from({ length: textures }, (_, i) => ({
        binding: kinds.length + i,
        visibility: GPUShaderStage.FRAGMENT,
        texture: { sampleType: 'unfilterable-float' as const },
      })),
    ],
  }));
}

/** A second pipeline of a family (its key, vertex and fragment entry points), same module and layout. */
type Variant = ['spans', string, string];

export async function family(device: GPUDevice, format: GPUTextureFormat, name: string, source: string, kinds: EntryKind[], textures = 0, variants: Variant[] = []): Promise<Family> {
  const layout = textures ? layoutWithTextures(device, name, kinds, textures) : layoutOf(device, name, kinds);
  const module = shaderModule(device, name, source);
  // Surface WGSL compile errors with their line numbers instead of an opaque invalid pipeline.
  let check = compileChecks.get(module);
  if (!check) {
    check = module.getCompilationInfo().then((info) => info.messages.filter((m) => m.type === 'error'));
    compileChecks.set(module, check);
  }
  const errors = await check;
  if (errors.length) {
    throw new Error(`WGSL errors in ${name}: ${errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  }
  const make = (key: string, vertex: string, fragment: string) =>
    renderPipeline(device, key, () => ({
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      vertex: { module, entryPoint: vertex },
      fragment: { module, entryPoint: fragment, targets: [{ format, blend: PREMULTIPLIED_BLEND }] },
      primitive: { topology: 'triangle-list' },
    }));
  const [pipeline, ...others] = await Promise.all([make(`${name}:${format}`, 'vs', 'fs'), ...variants.map(([key, vs, fs]) => make(`${name}:${key}:${format}`, vs, fs))]);
  const out: Family = { pipeline, layout };
  variants.forEach(([key], i) => (out[key] = others[i]));
  return out;
}

/** Series families: the shared view uniform, time offsets and block origins, then their own columns (also the lazy scatter and fill kinds'). */
export function seriesFamily(device: GPUDevice, format: GPUTextureFormat, name: string, source: string, columns: number, variants: Variant[] = []): Promise<Family> {
  const kinds: EntryKind[] = ['uniform', 'storage', 'storage'];
  for (let i = 0; i < columns; i++) kinds.push('storage');
  return family(device, format, name, `${commonSource}\n${source}`, kinds, 0, variants);
}

export function lineFamily(device: GPUDevice, format: GPUTextureFormat): Promise<Family> {
  return seriesFamily(device, format, 'line', lineSource, 2, [['spans', 'vsSpans', 'fsSpans']]);
}

export function barsFamily(device: GPUDevice, format: GPUTextureFormat): Promise<Family> {
  return seriesFamily(device, format, 'bars', barsSource, 6);
}

export function rectsFamily(device: GPUDevice, format: GPUTextureFormat): Promise<Family> {
  return family(device, format, 'rects', rectsSource, ['uniform', 'storage']);
}

/** Labels: quads sampling the label atlas (see chart/labels.ts). */
export function textFamily(device: GPUDevice, format: GPUTextureFormat): Promise<Family> {
  return family(device, format, 'text', textSource, ['uniform', 'storage'], 1);
}

/**
 * A family of a lazily loaded series (heatmap, density): its own WGSL without the series prelude,
 * bound as `kinds` (a uniform, then read-only storage arrays). Compiled once per device and format.
 */
export function standaloneFamily(device: GPUDevice, format: GPUTextureFormat, name: string, source: string, kinds: Array<'uniform' | 'storage'>): Promise<Family> {
  return family(device, format, name, source, kinds);
}

/** Lines of the shared prelude (common.wgsl) before a custom series' own WGSL. */
export const CUSTOM_PRELUDE_LINES = `${commonSource}\n`.split('\n').length - 1;

/**
 * A plugin series family (GpuChart.defineSeries): the shared prelude, then the plugin's WGSL.
 * Bindings: the view uniform, time offsets, block origins, one storage array per column, then
 * the per-frame instance data. Its validation errors are caught here (a scope of its own) and
 * thrown with the plugin's own line numbers, so a bad shader fails only its own series.
 */
export async function customSeriesFamily(device: GPUDevice, format: GPUTextureFormat, type: string, wgsl: string, columns: number): Promise<Family> {
  const kinds: EntryKind[] = ['uniform', 'storage', 'storage'];
  for (let i = 0; i <= columns; i++) kinds.push('storage');
  const name = `custom:${type}`;
  // The module is made synchronously inside `family`, so this scope catches its validation
  // errors alone (pipelines made asynchronously reject instead).
  device.pushErrorScope('validation');
  const made = family(device, format, name, `${commonSource}\n${wgsl}`, kinds);
  const scope = device.popErrorScope();
  let failure: unknown = null;
  let result: Family | null = null;
  try {
    result = await made;
  } catch (err) {
    failure = err;
  }
  const scoped = await scope;
  if (failure || !result) {
    const message = String((failure as Error)?.message ?? scoped?.message ?? 'pipeline creation failed');
    // Line numbers as in the plugin's WGSL, not counting the prelude.
    throw new Error(message.replace(/line (\d+)/g, (_, n: string) => `line ${Number(n) - CUSTOM_PRELUDE_LINES}`));
  }
  if (scoped) throw new Error(scoped.message);
  return result;
}
