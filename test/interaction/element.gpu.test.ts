/**
 * Runs once <gpu-chart> creates its InteractionController (rename to element.test.ts then).
 * The controller inside a real <gpu-chart> (WebGPU engine as the target): real mouse and keys
 * through the element, events out of it, accessibility attributes and shadow-DOM parts.
 */
import { expect } from '@esm-bundle/chai';
import { sendKeys, sendMouse, resetMouse } from '@web/test-runner-commands';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import type { GpuCrosshairDetail, GpuRangeDetail } from '../../src/elements/events.js';
import { frames, record, until } from './array-target.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

async function makeChart(attrs: Record<string, string> = {}, top = 0): Promise<GpuChart> {
  const chart = document.createElement('gpu-chart') as GpuChart;
  chart.style.cssText = `position:fixed;left:0;top:${top}px;width:600px;height:300px`;
  for (const [k, v] of Object.entries(attrs)) chart.setAttribute(k, v);
  const n = 200;
  const time = Array.from({ length: n }, (_, i) => T0 + i * DAY);
  chart.data = { time, value: time.map((_, i) => 100 + 10 * Math.sin(i / 9)) };
  document.body.append(chart);
  await chart.updateComplete;
  await until(() => chart.shadowRoot!.querySelector('[part="tooltip"]') !== null, 'the interaction parts');
  return chart;
}

const plotOf = (chart: GpuChart) => chart.paneRects[0];

describe('interaction: inside <gpu-chart>', () => {
  afterEach(async () => {
    document.querySelectorAll('gpu-chart').forEach((c) => c.remove());
    await resetMouse();
  });

  it('is focusable, named and described for screen readers', async () => {
    const chart = await makeChart({ label: 'ACME', 'a11y-table': '' });
    expect(chart.tabIndex).to.equal(0);
    expect(chart.getAttribute('role')).to.equal('application');
    expect(chart.getAttribute('aria-roledescription')).to.equal('chart');
    expect(chart.getAttribute('aria-label')).to.match(/^ACME\. Chart of .* 200 points\./);
    const table = chart.shadowRoot!.querySelector('table')!;
    await until(() => table.rows.length > 1, 'the data table');
    expect(table.caption!.textContent).to.equal('ACME: 200 visible rows');
  });

  it('wheel zooms around the pointer and fires one gpu-range; the mouse moves the crosshair', async () => {
    const chart = await makeChart({ tooltip: '' });
    const ranges = record<GpuRangeDetail>(chart, 'gpu-range');
    const crosshairs = record<GpuCrosshairDetail>(chart, 'gpu-crosshair');
    const plot = plotOf(chart);
    const x = Math.round(plot.x + plot.width * 0.3);
    const before = chart.visibleRange;
    const under = before.from + ((x - plot.x) / plot.width) * (before.to - before.from);
    for (let i = 0; i < 5; i++) {
      chart.dispatchEvent(new WheelEvent('wheel', { clientX: x, clientY: 100, deltaY: -100, bubbles: true, cancelable: true, composed: true }));
    }
    const after = chart.visibleRange;
    expect(after.to - after.from).to.be.lessThan(before.to - before.from);
    expect(after.from + ((x - plot.x) / plot.width) * (after.to - after.from)).to.be.closeTo(under, 1);
    await frames(2);
    expect(ranges).to.deep.equal([after]);

    await sendMouse({ type: 'move', position: [x, 120] });
    await until(() => crosshairs.length > 0, 'gpu-crosshair');
    const d = crosshairs.at(-1)!;
    expect(d!.time).to.be.closeTo(under, DAY / 2 + 1);
    expect(Object.keys(d!.values)).to.have.length(1);
    const tip = chart.shadowRoot!.querySelector<HTMLElement>('[part="tooltip"]')!;
    await until(() => !tip.hidden, 'the tooltip');
    expect(tip.textContent).to.contain(Object.keys(d!.values)[0]);
  });

  it('keys move the crosshair and the live region speaks the bar', async () => {
    const chart = await makeChart();
    chart.focus();
    await sendKeys({ press: 'End' });
    const live = chart.shadowRoot!.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).to.match(/2024: .+ \d/);
    const text = live.textContent;
    await sendKeys({ press: 'ArrowLeft' });
    expect(live.textContent).to.not.equal(text);
  });

  it('two charts with the same sync attribute share the visible range', async () => {
    const a = await makeChart({ sync: 'element-test' });
    const b = await makeChart({ sync: 'element-test' }, 320);
    a.visibleRange = { from: T0 + 20 * DAY, to: T0 + 60 * DAY };
    expect(b.visibleRange).to.deep.equal({ from: T0 + 20 * DAY, to: T0 + 60 * DAY });
  });
});
