import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuDatasource } from '../../src/index.js';
import type { ColumnTable } from '../../src/data/table.js';
import type { TableGpu } from '../../src/chart/gpu-columns.js';
import { decodePng, countColor, hexToRgba, saveImage } from '../helpers/pixels.js';

const RED = '#ff0000';
const T0 = Date.UTC(2026, 4, 4);

function chart(source?: string): GpuChart {
  const c = document.createElement('gpu-chart');
  c.style.cssText = `width:260px;height:150px;--gpu-chart-series-1:${RED}`;
  c.setAttribute('legend', 'off');
  if (source) c.setAttribute('source', source);
  return c;
}

function gpuCopy(c: GpuChart, table: ColumnTable): TableGpu | undefined {
  return (c as unknown as { engine: { tables: Map<ColumnTable, { tg: TableGpu }> } }).engine.tables.get(table)?.tg;
}

const rows = (n: number) => ({ time: Array.from({ length: n }, (_, i) => T0 + i * 60_000), value: Array.from({ length: n }, (_, i) => Math.sin(i / 5)) });

describe('binding charts to <gpu-datasource>', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('two charts on one datasource share its rows and its GPU copy', async () => {
    const ds = document.createElement('gpu-datasource') as GpuDatasource;
    ds.id = 'shared';
    ds.data = rows(300);
    const a = chart('shared');
    const b = chart('shared');
    document.body.append(ds, a, b);
    await Promise.all([a.updateComplete, b.updateComplete]);
    const ta = gpuCopy(a, ds.table);
    expect(ta).to.not.equal(undefined);
    expect(gpuCopy(b, ds.table)).to.equal(ta);
    expect(ta!.value('value')!.ys.buffer).to.equal(gpuCopy(b, ds.table)!.value('value')!.ys.buffer);
    const pa = await decodePng(await a.toBlob());
    const pb = await decodePng(await b.toBlob());
    expect(countColor(pa, hexToRgba(RED), 60)).to.be.greaterThan(200);
    expect(countColor(pb, hexToRgba(RED), 60)).to.equal(countColor(pa, hexToRgba(RED), 60));
    // An append reaches both charts.
    ds.append({ time: T0 + 300 * 60_000, value: 5 });
    await Promise.all([a.updateComplete, b.updateComplete]);
    expect(a.visibleRange.to).to.equal(T0 + 300 * 60_000);
    expect(b.visibleRange.to).to.equal(T0 + 300 * 60_000);
  });

  it('binds a datasource added later, and one nested inside the chart', async () => {
    const c = chart('later');
    document.body.append(c);
    await c.updateComplete;
    const ds = document.createElement('gpu-datasource') as GpuDatasource;
    ds.id = 'later';
    ds.data = rows(100);
    document.body.append(ds);
    await new Promise((r) => setTimeout(r, 0)); // the MutationObserver reports
    await c.updateComplete;
    expect(c.visibleRange.to).to.equal(T0 + 99 * 60_000);
    expect(countColor(await decodePng(await c.toBlob()), hexToRgba(RED), 60)).to.be.greaterThan(100);

    const nested = chart();
    const inner = document.createElement('gpu-datasource') as GpuDatasource;
    inner.data = rows(50);
    nested.append(inner);
    document.body.append(nested);
    await nested.updateComplete;
    expect(nested.visibleRange.to).to.equal(T0 + 49 * 60_000);
  });

  it('binds when a datasource takes the id later', async () => {
    // (A datasource defined after the chart is covered by test/datasource/upgrade.test.ts.)
    const ds = document.createElement('gpu-datasource') as GpuDatasource;
    ds.id = 'not-yet';
    ds.data = rows(80);
    document.body.append(ds);
    const c = chart('renamed');
    document.body.append(c);
    await c.updateComplete;
    expect(Number.isNaN(c.visibleRange.from) || c.visibleRange.to !== T0 + 79 * 60_000).to.equal(true);
    ds.id = 'renamed';
    await new Promise((r) => setTimeout(r, 0));
    await c.updateComplete;
    expect(c.visibleRange.to).to.equal(T0 + 79 * 60_000);
  });

  it('a bad load shows a message in the chart and keeps the last good picture', async () => {
    const ds = document.createElement('gpu-datasource') as GpuDatasource;
    ds.id = 'bad';
    ds.data = rows(120);
    const c = chart('bad');
    document.body.append(ds, c);
    await c.updateComplete;
    const before = await decodePng(await c.toBlob());
    const errors: CustomEvent[] = [];
    ds.addEventListener('gpu-error', (e) => errors.push(e as CustomEvent));
    await ds.load('/test/fixtures/data/invalid.json');
    await c.updateComplete;
    expect(errors.length).to.be.greaterThan(0);
    const strip = c.shadowRoot!.querySelector('[part="error"]') as HTMLElement;
    expect(strip?.textContent ?? '').to.match(/\S/);
    expect(ds.length).to.equal(120);
    const blob = await c.toBlob();
    await saveImage('binding-bad-load.png', blob);
    const after = await decodePng(blob);
    expect(countColor(after, hexToRgba(RED), 60)).to.equal(countColor(before, hexToRgba(RED), 60));
  });
});
