/**
 * Shader modules and pipelines, cached per device (not per chart): every chart on the page
 * draws with the same few pipelines, compiled once, asynchronously.
 */

interface DeviceCache {
  modules: Map<string, GPUShaderModule>;
  pipelines: Map<string, Promise<GPURenderPipeline>>;
  layouts: Map<string, GPUBindGroupLayout>;
}

const caches = new WeakMap<GPUDevice, DeviceCache>();

function cacheFor(device: GPUDevice): DeviceCache {
  let c = caches.get(device);
  if (!c) {
    c = { modules: new Map(), pipelines: new Map(), layouts: new Map() };
    caches.set(device, c);
  }
  return c;
}

export function shaderModule(device: GPUDevice, label: string, code: string): GPUShaderModule {
  const c = cacheFor(device);
  let m = c.modules.get(label);
  if (!m) {
    m = device.createShaderModule({ label, code });
    c.modules.set(label, m);
  }
  return m;
}

/** A bind group layout shared by every pipeline of one family on this device. */
export function bindGroupLayout(device: GPUDevice, key: string, make: () => GPUBindGroupLayoutDescriptor): GPUBindGroupLayout {
  const c = cacheFor(device);
  let l = c.layouts.get(key);
  if (!l) {
    l = device.createBindGroupLayout({ label: key, ...make() });
    c.layouts.set(key, l);
  }
  return l;
}

/** Creates (once per device and key) a render pipeline without blocking the main thread. */
export function renderPipeline(
  device: GPUDevice,
  key: string,
  make: () => GPURenderPipelineDescriptor,
): Promise<GPURenderPipeline> {
  const c = cacheFor(device);
  let p = c.pipelines.get(key);
  if (!p) {
    p = device.createRenderPipelineAsync({ label: key, ...make() });
    c.pipelines.set(key, p);
  }
  return p;
}

/** Standard premultiplied-alpha blending, used by every series pipeline. */
export const PREMULTIPLIED_BLEND: GPUBlendState = {
  color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
  alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha', operation: 'add' },
};
