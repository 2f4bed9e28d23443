/**
 * Issue 15 (streaming under 1 ms): a streamed row changes only the legend's values. They are
 * written into the legend's DOM without a render of the element; a change of the legend's
 * entries (a series added) still renders it.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuDatasource } from '../../src/index.js';

const T0 = Date.UTC(2026, 0, 5);

function valueTexts(chart: GpuChart): string[] {
  return Array.from(chart.shadowRoot!.querySelectorAll('.legend .item')).map((item) => item.querySelector(':scope > .value')?.textContent ?? '');
}

describe('legend values while streaming', () => {
  it('writes each new last value into the legend without rendering the element, and renders when the entries change', async () => {
    const source = document.createElement('gpu-datasource') as GpuDatasource;
    source.data = { time: Float64Array.from({ length: 50 }, (_, i) => T0 + i * 60_000), value: Float64Array.from({ length: 50 }, (_, i) => 100 + i) };
    document.body.append(source);
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'display:block;width:360px;height:200px;';
    chart.type = 'line';
    chart.dataSource = source;
    document.body.append(chart);
    await chart.updateComplete;
    await chart.updateComplete;
    expect(valueTexts(chart)).to.deep.equal(['149.00']);

    let renders = 0;
    const element = chart as unknown as { render(): unknown };
    const render = element.render.bind(chart);
    element.render = () => {
      renders++;
      return render();
    };
    const textNode = chart.shadowRoot!.querySelector('.legend .item > .value')!.firstChild;
    for (let i = 0; i < 5; i++) {
      source.append({ time: T0 + (50 + i) * 60_000, value: 120 + i });
      await chart.updateComplete;
      expect(valueTexts(chart), `after append ${i}`).to.deep.equal([`12${i}.00`]);
    }
    expect(renders, 'renders for value-only changes').to.equal(0);
    // The value's text node is changed in place: no DOM node is made or dropped per update.
    expect(chart.shadowRoot!.querySelector('.legend .item > .value')!.firstChild).to.equal(textNode);
    expect((textNode as Text).data).to.equal('124.00');

    // A second series is a new entry: the legend is rendered again, with both values.
    chart.series = [{ type: 'line', value: 'value' }, { type: 'line', value: 'value', color: '#c00', title: 'copy' }];
    await chart.updateComplete;
    await chart.updateComplete;
    expect(renders).to.be.greaterThan(0);
    const values = valueTexts(chart);
    expect(values.length, 'entries').to.be.greaterThan(1);
    expect(new Set(values)).to.deep.equal(new Set(['124.00']));
    chart.remove();
    source.remove();
  });
});
