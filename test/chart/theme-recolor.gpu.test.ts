/**
 * A theme change recolours the series in place with the colours a chart made in that theme
 * gives them: past the theme's own palette too (the golden-angle hues), not the palette again.
 */
import { expect } from '@esm-bundle/chai';
import type { GpuChart } from '../../src/index.js';
import { makeChart } from '../goldens/setup.js';
import { nextFrame } from '../helpers/pixels.js';

const COUNT = 12;

function columns(): Record<string, Float64Array> {
  const n = 50;
  const out: Record<string, Float64Array> = { time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 0, 1) + i * 86_400_000) };
  for (let k = 0; k < COUNT; k++) out[`s${k}`] = Float64Array.from({ length: n }, (_, i) => k + Math.sin(i / 5));
  return out;
}

const series = () => Array.from({ length: COUNT }, (_, k) => ({ type: 'line' as const, value: `s${k}` }));

function swatches(chart: GpuChart): string[] {
  const legend = chart.shadowRoot!.querySelector('.legend')!;
  return Array.from(legend.querySelectorAll<HTMLElement>('.item > .swatch')).map((s) => getComputedStyle(s).backgroundColor);
}

describe('theme change', () => {
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('recolours every series as a chart made in the new theme colours them, past the palette too', async () => {
    const changed = await makeChart({ data: columns(), series: series(), attrs: { legend: 'on', type: 'none' }, width: 900, height: 300 });
    const light = swatches(changed);
    expect(light).to.have.length(COUNT);
    expect(new Set(light).size, 'no colour repeats').to.equal(COUNT);
    changed.theme = 'dark';
    await changed.updateComplete;
    await nextFrame();
    await changed.updateComplete;
    const made = await makeChart({ data: columns(), series: series(), attrs: { legend: 'on', type: 'none', theme: 'dark' }, width: 900, height: 300 });
    expect(swatches(changed)).to.deep.equal(swatches(made));
    expect(new Set(swatches(changed)).size, 'no colour repeats after the change').to.equal(COUNT);
  });
});
