// `node bench/run.mjs --gpu-passes`: injected into each bench page before its scripts. It times
// every render and compute pass on the GPU with timestamp queries (added to passes that have none,
// on devices whose adapter offers `timestamp-query`), and every `queue.submit` from the call to its
// `onSubmittedWorkDone`, so a case's frame can be split into GPU work per pass and the rest (the
// wait for the GPU process, presenting). Page code is not changed; only the descriptors of its
// passes get timestamp writes. `window.gpuPasses.reset()` starts a measured part,
// `window.gpuPasses.summary()` returns its medians.
(() => {
  if (!globalThis.GPUDevice || !globalThis.GPUAdapter) return;
  const MAX_PASSES = 32;
  let submits = [];
  let writeBytes = 0;
  const requestDevice = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = function withTimestamps(descriptor = {}) {
    if (!this.features.has('timestamp-query')) return requestDevice.call(this, descriptor);
    const features = new Set(descriptor.requiredFeatures ?? []);
    features.add('timestamp-query');
    return requestDevice.call(this, { ...descriptor, requiredFeatures: [...features] });
  };

  /** Query sets and buffers, reused once their readback is done. */
  const pools = new WeakMap();
  function take(device) {
    let free = pools.get(device);
    if (!free) pools.set(device, (free = []));
    return free.pop() ?? {
      device,
      querySet: device.createQuerySet({ type: 'timestamp', count: MAX_PASSES * 2 }),
      resolve: device.createBuffer({ size: MAX_PASSES * 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }),
      readback: device.createBuffer({ size: MAX_PASSES * 16, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ }),
    };
  }
  const give = (slot) => pools.get(slot.device).push(slot);

  const encoders = new WeakMap();
  const createCommandEncoder = GPUDevice.prototype.createCommandEncoder;
  GPUDevice.prototype.createCommandEncoder = function traced(descriptor) {
    const encoder = createCommandEncoder.call(this, descriptor);
    if (this.features.has('timestamp-query')) encoders.set(encoder, { device: this, label: descriptor?.label ?? '', passes: [], slot: null });
    return encoder;
  };
  for (const [method, kind] of [['beginRenderPass', 'render'], ['beginComputePass', 'compute']]) {
    const begin = GPUCommandEncoder.prototype[method];
    GPUCommandEncoder.prototype[method] = function timed(descriptor = {}) {
      const e = encoders.get(this);
      if (!e || descriptor.timestampWrites || e.passes.length >= MAX_PASSES) return begin.call(this, descriptor);
      e.slot ??= take(e.device);
      const i = e.passes.length;
      e.passes.push(`${e.label || 'encoder'} ${kind} ${descriptor.label ?? `#${i}`}`);
      return begin.call(this, { ...descriptor, timestampWrites: { querySet: e.slot.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
    };
  }
  const buffers = new WeakMap();
  const finish = GPUCommandEncoder.prototype.finish;
  GPUCommandEncoder.prototype.finish = function resolved(descriptor) {
    const e = encoders.get(this);
    if (e?.slot) {
      const n = e.passes.length * 2;
      this.resolveQuerySet(e.slot.querySet, 0, n, e.slot.resolve, 0);
      this.copyBufferToBuffer(e.slot.resolve, 0, e.slot.readback, 0, n * 8);
    }
    const buffer = finish.call(this, descriptor);
    if (e?.slot) buffers.set(buffer, e);
    return buffer;
  };
  const writeBuffer = GPUQueue.prototype.writeBuffer;
  GPUQueue.prototype.writeBuffer = function counted(buffer, offset, data, dataOffset, size) {
    writeBytes += size !== undefined ? size * (data.BYTES_PER_ELEMENT ?? 1) : data.byteLength - (dataOffset ?? 0) * (data.BYTES_PER_ELEMENT ?? 1);
    return writeBuffer.call(this, buffer, offset, data, dataOffset, size);
  };
  const submit = GPUQueue.prototype.submit;
  GPUQueue.prototype.submit = function timedSubmit(list) {
    const record = { at: performance.now(), done: NaN, passes: [], writeBytes };
    writeBytes = 0;
    const list2 = [...list];
    submit.call(this, list2);
    const kept = submits;
    kept.push(record);
    this.onSubmittedWorkDone().then(() => (record.done = performance.now() - record.at), () => undefined);
    for (const b of list2) {
      const e = buffers.get(b);
      if (!e) continue;
      const slot = e.slot;
      e.slot = null;
      slot.readback.mapAsync(GPUMapMode.READ).then(() => {
        const t = new BigInt64Array(slot.readback.getMappedRange(0, e.passes.length * 16).slice(0));
        slot.readback.unmap();
        give(slot);
        e.passes.forEach((name, i) => record.passes.push([name, Number(t[2 * i + 1] - t[2 * i]) / 1e6]));
      }, () => undefined);
    }
  };

  const median = (v) => {
    const s = v.filter(Number.isFinite).sort((a, b) => a - b);
    return s.length ? s[s.length >> 1] : NaN;
  };
  const round = (x) => Math.round(x * 100) / 100;
  window.gpuPasses = {
    reset() {
      submits = [];
    },
    /** Medians over the submits since reset: GPU ms per pass name, GPU ms per submit, submit → done. */
    summary() {
      const byPass = new Map();
      for (const s of submits) for (const [name, ms] of s.passes) byPass.set(name, [...(byPass.get(name) ?? []), ms]);
      const gap = submits.slice(1).map((s, i) => s.at - submits[i].at);
      return {
        submits: submits.length,
        submitToDoneMs: round(median(submits.map((s) => s.done))),
        submitToDoneP90: round(submits.map((s) => s.done).filter(Number.isFinite).sort((a, b) => a - b)[Math.floor(submits.length * 0.9)] ?? NaN),
        gpuMsPerSubmit: round(median(submits.map((s) => s.passes.reduce((a, [, ms]) => a + ms, 0)))),
        submitGapMs: round(median(gap)),
        writeKbPerSubmit: round(median(submits.map((s) => s.writeBytes / 1024))),
        passes: Object.fromEntries([...byPass].map(([name, v]) => [name, { n: v.length, ms: round(median(v)) }])),
      };
    },
  };
})();
