/**
 * Issue 24, item 2: a pane's range, guides or height set every frame, and `series` specs that
 * differ only in colour, width or visibility, are property changes: the series layers (and their
 * GPU renderers) stay, no GPU buffer is asked for, and the picture shows the change.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, SeriesSpec } from '../../src/index.js';
import { bufferRequests } from '../../src/gpu/buffers.js';
import { countColor, decodePng, hexToRgba, logAdapterOnce, saveImage, setDevicePixelRatio } from '../helpers/pixels.js';

const T0 = Date.UTC(2026, 0, 5);
const SERIES = 20;
const ROWS = 10_000;

interface EngineView {
  seriesLayers: object[];
  plotRect: { x: number; y: number; width: number; height: number };
  valueToY(value: number, pane?: string): number;
}
const engineOf = (chart: GpuChart) => (chart as unknown as { engine: EngineView }).engine;

async function makeChart(): Promise<GpuChart> {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = 'display:block;width:420px;height:240px;--gpu-chart-background:#fff;';
  chart.setAttribute('legend', 'off');
  chart.type = 'none';
  const columns: Record<string, Float64Array> = { time: Float64Array.from({ length: ROWS }, (_, i) => T0 + i * 60_000) };
  for (let s = 0; s < SERIES; s++) columns[`v${s}`] = Float64Array.from({ length: ROWS }, (_, i) => s * 10 + 4 * Math.sin(i / 300 + s));
  chart.data = columns as unknown as GpuChart["data"];
  chart.series = specs('#888888');
  document.body.append(chart);
  await chart.updateComplete;
  return chart;
}

function specs(color: string, width = 1, hidden = -1): SeriesSpec[] {
  return Array.from({ length: SERIES }, (_, s) => ({ type: 'line', value: `v${s}`, color: s === 0 ? color : '#888888', width: s === 0 ? width : 1, visible: s !== hidden }));
}

describe('dynamic data: cheap pane and series updates (issue 24 item 2)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('a fixed range, guides and height set 10 times keep every series layer and ask for no GPU buffer', async function () {
    this.timeout(60_000);
    const chart = await makeChart();
    const engine = engineOf(chart);
    const layers = [...engine.seriesLayers];
    expect(layers.length).to.equal(SERIES);
    const requests = bufferRequests();
    for (let k = 0; k < 10; k++) {
      chart.panes = [{ id: 'main', range: [-10 - k, 200 + k], guides: [50 + k], height: 3 + k }];
      await chart.updateComplete;
    }
    expect(bufferRequests() - requests, 'GPU buffers asked for').to.equal(0);
    expect(engine.seriesLayers.every((layer, i) => layer === layers[i]), 'the same layers').to.equal(true);
    // The last range is drawn: its ends at the plot's bottom and top.
    const r = engine.plotRect;
    expect(engine.valueToY(-19)).to.be.closeTo(r.y + r.height, 1.5);
    expect(engine.valueToY(209)).to.be.closeTo(r.y, 1.5);
  });

  it('series that differ only in colour and width are restyled in place; hiding one keeps the others\' renderers', async function () {
    this.timeout(60_000);
    const chart = await makeChart();
    const engine = engineOf(chart);
    const layers = [...engine.seriesLayers];
    const requests = bufferRequests();
    chart.series = specs('#00c000', 5);
    await chart.updateComplete;
    expect(engine.seriesLayers.every((layer, i) => layer === layers[i]), 'the same layers after a colour change').to.equal(true);
    expect(bufferRequests() - requests, 'GPU buffers asked for by the restyle').to.equal(0);
    // The legend's swatch follows (legend entries read the layer's colours every frame).
    chart.setAttribute('legend', 'on');
    await chart.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    const swatch = chart.shadowRoot!.querySelector<HTMLElement>('.swatch');
    expect(swatch?.style.background.replace(/\s/g, '')).to.contain('rgb(0,192,0)');
    chart.setAttribute('legend', 'off');
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('dynamic-restyle.png', blob);
    const green = countColor(await decodePng(blob), hexToRgba('#00c000'), 60);
    // A 5 px line across the plot: well over a thousand green pixels.
    expect(green).to.be.greaterThan(1500);
    // One series hidden: its layer goes, the others are made anew but keep their GPU renderers.
    const beforeHide = bufferRequests(); // toBlob's readback buffer is not the series'
    chart.series = specs('#00c000', 5, 7);
    await chart.updateComplete;
    expect(engine.seriesLayers.length).to.equal(SERIES - 1);
    expect(bufferRequests() - beforeHide, 'GPU buffers asked for by hiding a series').to.equal(0);
  });
});
