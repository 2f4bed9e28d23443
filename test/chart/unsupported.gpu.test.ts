import { expect } from '@esm-bundle/chai';

// This page has no WebGPU: hide navigator.gpu before the library loads.
Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });

describe('<gpu-chart> without WebGPU', () => {
  it('shows a readable message, fires gpu-unsupported and throws nothing', async () => {
    const errors: unknown[] = [];
    window.addEventListener('error', (e) => errors.push(e));
    window.addEventListener('unhandledrejection', (e) => errors.push(e));
    await import('../../src/index.js');
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'width:240px;height:120px';
    const unsupported = new Promise<CustomEvent>((r) => chart.addEventListener('gpu-unsupported', (e) => r(e), { once: true }));
    chart.data = { time: [0, 1], value: [1, 2] };
    document.body.append(chart);
    const e = await unsupported;
    expect(e.detail.reason).to.match(/WebGPU/);
    await chart.updateComplete;
    const message = chart.shadowRoot!.querySelector('[part="message"]') as HTMLElement;
    expect(message).to.not.equal(null);
    expect(message.textContent).to.match(/needs WebGPU/);
    expect(message.getBoundingClientRect().height).to.be.greaterThan(20);
    expect(errors).to.have.length(0);
  });

  it('shows the fallback slot instead when one is given', async () => {
    const chart = document.createElement('gpu-chart');
    const fallback = document.createElement('p');
    fallback.slot = 'fallback';
    fallback.textContent = 'Static picture instead';
    chart.append(fallback);
    document.body.append(chart);
    await new Promise((r) => chart.addEventListener('gpu-unsupported', r, { once: true }));
    await chart.updateComplete;
    const slot = chart.shadowRoot!.querySelector('slot[name="fallback"]') as HTMLSlotElement;
    expect(slot.assignedElements()).to.deep.equal([fallback]);
    expect(fallback.getBoundingClientRect().height).to.be.greaterThan(0);
  });
});
