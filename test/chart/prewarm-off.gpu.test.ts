/** `<meta name="gpu-chart-prewarm" content="off">`: defining the elements requests nothing. */
import { expect } from '@esm-bundle/chai';

describe('GPU prewarm opt-out', () => {
  it('requests no device before a chart when the page says off', async () => {
    const meta = document.createElement('meta');
    meta.name = 'gpu-chart-prewarm';
    meta.content = 'off';
    document.head.append(meta);
    const { gpuRegistry } = await import('../../src/index.js');
    await new Promise((r) => setTimeout(r, 400));
    expect(gpuRegistry().device).to.equal(null);
    expect(gpuRegistry().devicesCreated).to.equal(0);
  });
});
