// A row merged into the middle of a table (a reordered or reconciled stream row, or an older
// append()) must reach the chart's GPU copy: the table marks changedFrom at that row and the
// shared TableGpu takes everything from there again (rows and min/max pyramid).
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuDatasource } from '../../src/index.js';
import type { TableGpu } from '../../src/chart/gpu-columns.js';
import type { ColumnTable } from '../../src/data/table.js';
import { expectGpuRowsMatch } from '../helpers/gpu-copy.js';

const T0 = Date.UTC(2026, 3, 1);

describe('merged rows and the GPU copy', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('re-uploads from a merged or reconciled row: GPU rows and pyramid equal the table', async () => {
    const ds = document.createElement('gpu-datasource') as GpuDatasource;
    ds.setAttribute('capacity', '6000');
    document.body.append(ds);
    const n0 = 5000; // more than 4096: the pyramid is built and then updated, not rebuilt
    ds.data = { time: Array.from({ length: n0 }, (_, i) => T0 + i * 1000), value: Array.from({ length: n0 }, (_, i) => 100 + Math.sin(i / 50)) };
    const chart = document.createElement('gpu-chart') as GpuChart;
    chart.setAttribute('legend', 'off');
    chart.style.cssText = 'width:240px;height:140px';
    chart.dataSource = ds;
    document.body.append(chart);

    const check = async (label: string) => {
      await chart.updateComplete;
      const engine = (chart as unknown as { engine: { tables: Map<ColumnTable, { tg: TableGpu }> } }).engine;
      const tg = engine.tables.get(ds.table)!.tg;
      const device = chart.device!;
      const table = ds.table;
      const n = await expectGpuRowsMatch(device, tg, table, 'value', label);
      const offset = table.offset;
      const col = tg.value('value')!;
      const v = table.column('value')!;
      // The pyramid's extremes over windows around the merged rows equal the rows' own.
      const backing = table.backingColumn('value')!;
      for (const [a, b] of [[0, n - 1], [0, 1023], [1000, 1100], [2400, 2600], [n - 700, n - 1]]) {
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = a; i <= b; i++) {
          lo = Math.min(lo, v[i]);
          hi = Math.max(hi, v[i]);
        }
        const got = col.pyramid.rangeMinMax(backing, offset + a, offset + b)!;
        expect(Math.abs(got[0] - lo), `${label}: min of rows ${a}..${b}`).to.be.below(1e-4);
        expect(Math.abs(got[1] - hi), `${label}: max of rows ${a}..${b}`).to.be.below(1e-4);
      }
      return n;
    };

    expect(await check('loaded')).to.equal(n0);
    // Rows that arrive late: one near the start, a few in the middle, one before the last.
    const late = [T0 + 1050.5 * 1000, T0 + 2500.5 * 1000, T0 + 2501.5 * 1000, T0 + (n0 - 1.5) * 1000];
    for (const [k, time] of late.entries()) ds.append({ time, value: 200 + k }); // new extremes
    expect(ds.length).to.equal(n0 + late.length);
    expect(ds.table.column('value')![1051]).to.equal(200);
    expect(await check('merged')).to.equal(n0 + late.length);
    // A restarted server's new value for a held time (the first block) replaces the old one.
    ds.append({ time: T0 + 10 * 1000, value: -50 });
    expect(ds.table.column('value')![10]).to.equal(-50);
    expect(await check('reconciled')).to.equal(n0 + late.length);
    // Past the capacity: the window slides, and a merge still lands in its place.
    for (let i = 0; i < 1500; i++) ds.append({ time: T0 + (n0 + i) * 1000, value: 100 + Math.cos(i / 30) });
    ds.append({ time: T0 + (n0 + 100.5) * 1000, value: 300 });
    expect(ds.length).to.equal(6000);
    expect(await check('sliding + merged')).to.equal(6000);
  });
});
