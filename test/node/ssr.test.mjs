// Importing the package in plain Node (server-side rendering) must not throw: the engine
// touches no document, navigator or GPU at import time. Runs against the built package.
import { test } from 'node:test';
import assert from 'node:assert/strict';

test("import 'gpu-chart' in Node does not throw", async () => {
  assert.equal(typeof globalThis.document, 'undefined');
  const mod = await import('gpu-chart');
  assert.equal(typeof mod.GpuChart, 'function');
  assert.equal(typeof mod.gpuRegistry, 'function');
});

test('the registry can be created in Node without touching a GPU', async () => {
  const { gpuRegistry } = await import('gpu-chart');
  const registry = gpuRegistry();
  assert.equal(registry.device, null);
  assert.equal(registry.clientCount, 0);
});
