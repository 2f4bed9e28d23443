import { expect } from '@esm-bundle/chai';
// Only the chart is defined at first: <gpu-datasource> stays an unknown element until later.
import '../../src/elements/chart/define.js';

const T0 = Date.UTC(2026, 6, 1);

describe('a datasource defined after the chart', () => {
  it('binds once <gpu-datasource> is defined', async () => {
    const ds = document.createElement('gpu-datasource');
    ds.id = 'late';
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'width:200px;height:120px';
    chart.setAttribute('source', 'late');
    document.body.append(ds, chart);
    await chart.updateComplete;
    expect(customElements.get('gpu-datasource')).to.equal(undefined);
    expect(Number.isNaN(chart.visibleRange.from) || chart.visibleRange.from === 0).to.equal(true);
    await import('../../src/elements/datasource/define.js');
    (ds as HTMLElement & { data: unknown }).data = { time: [T0, T0 + 1000, T0 + 2000], value: [1, 3, 2] };
    await new Promise((r) => setTimeout(r, 0));
    await chart.updateComplete;
    expect(chart.visibleRange).to.deep.equal({ from: T0, to: T0 + 2000 });
  });
});
