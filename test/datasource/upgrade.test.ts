// This file must not import the element statically: it checks elements made before the definition.
import { expect } from '@esm-bundle/chai';
import { until } from './helpers.js';

describe('<gpu-datasource> created before its definition', () => {
  it('keeps properties and attributes set before the upgrade', async () => {
    expect(customElements.get('gpu-datasource')).to.equal(undefined);
    const withData = document.createElement('gpu-datasource') as HTMLElement as HTMLElement & { data?: unknown };
    withData.data = [
      { time: 1.7e12, close: 1 },
      { time: 1.7e12 + 1000, close: 2 },
    ];
    const withSrc = document.createElement('gpu-datasource');
    withSrc.setAttribute('src', '/demo/data/candles.json');
    withSrc.setAttribute('capacity', '50');
    document.body.append(withData, withSrc);

    const { GpuDatasource } = await import('../../src/elements/datasource/define.js');
    expect(withData).to.be.instanceOf(GpuDatasource);
    const upgradedData = withData as unknown as InstanceType<typeof GpuDatasource>;
    expect(upgradedData.length).to.equal(2);
    expect([...upgradedData.data.close]).to.deep.equal([1, 2]);

    const upgradedSrc = withSrc as unknown as InstanceType<typeof GpuDatasource>;
    await until(() => upgradedSrc.status === 'ready', 'loaded');
    expect(upgradedSrc.length).to.equal(50);
    await upgradedData.updateComplete;
    expect(upgradedData.getAttribute('status')).to.equal('ready');
  });
});
