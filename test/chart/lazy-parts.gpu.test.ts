/**
 * Optional parts are lazy chunks (issue 20, size budget): a plain line chart page loads none of
 * them, and using a feature loads its module and works. The dev server serves one module per
 * source file, so the modules a page fetched are the resource entries seen here. The chart is
 * imported dynamically, after the observer starts, so every module it loads is seen. (The Node
 * side, test/node/entries.test.mjs, checks the same of the production bundle.)
 */
import { expect } from '@esm-bundle/chai';
import type { GpuChart } from '../../src/elements/chart/gpu-chart.js';
import { DRAWING_TYPES } from '../../src/chart/drawings/types.js';
import type { GpuConfigDetail, GpuErrorDetail } from '../../src/elements/events.js';
import { countColor, decodePng, hexToRgba, logAdapterOnce, saveImage } from '../helpers/pixels.js';

const LAZY = {
  drawings: 'src/chart/layers/drawings.ts',
  editor: 'src/chart/drawings/editor.ts',
  markers: 'src/chart/layers/markers.ts',
  annotations: 'src/chart/layers/annotations.ts',
  annotationChecks: 'src/chart/annotations/annotation-checks.ts',
  primitives: 'src/chart/layers/primitives.ts',
  telemetry: 'src/chart/telemetry-part.ts',
  export: 'src/chart/render/export.ts',
  plugin: 'src/chart/plugins/custom-series.ts',
  state: 'src/elements/chart/state/chart-state.ts',
  scatter: 'src/chart/layers/series/scatter.ts',
  fills: 'src/chart/layers/series/fills.ts',
  drawingsApi: 'src/elements/chart/drawings-part.ts',
  config: 'src/elements/chart/state/config-apply.ts',
  categoryTicks: 'src/chart/ticks/category-ticks.ts',
  readouts: 'src/chart/interaction/readouts.ts',
  loadingPanel: 'src/elements/chart/loading-panel.ts',
  sourceLink: 'src/elements/chart/source-link.ts',
};
type Part = keyof typeof LAZY;

const fetched = new Set<string>();
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) fetched.add(new URL(e.name).pathname);
});
observer.observe({ type: 'resource', buffered: true });

/** The lazy parts whose module this page has fetched so far. */
async function loaded(): Promise<Part[]> {
  // Entries are delivered to observers in a task of their own.
  await new Promise((r) => setTimeout(r, 50));
  for (const e of observer.takeRecords()) fetched.add(new URL(e.name).pathname);
  return (Object.keys(LAZY) as Part[]).filter((part) => [...fetched].some((path) => path.endsWith(`/${LAZY[part]}`)));
}

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const N = 60;
const MAGENTA = '#ff00ff';
const RED = '#e00000';
const BLUE = '#0050ff';

describe('lazy parts', () => {
  before(logAdapterOnce);

  it('a plain line chart loads none of them; each feature loads its own module when used, and works', async () => {
    await import('../../src/elements/chart/define.js');
    const time = Array.from({ length: N }, (_, i) => T0 + i * DAY);
    const value = time.map((_, i) => 100 + 8 * Math.sin(i / 6));
    const chart = document.createElement('gpu-chart') as GpuChart;
    chart.style.cssText = 'display:block;width:400px;height:260px';
    chart.pixelRatio = 1;
    const errors: GpuErrorDetail[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
    chart.data = { time, value };
    document.body.append(chart);
    await chart.updateComplete;
    expect(chart.paneRects.length, 'the chart is laid out').to.equal(1);
    expect(await loaded(), 'a plain line chart').to.deep.equal([]);
    // The check sees the chart's own modules (so an empty list above means something).
    expect([...fetched].some((path) => path.endsWith('/src/chart/engine.ts')), 'the engine module was seen').to.equal(true);

    // Reading the config needs no chunk. The first config given loads its checks (config-apply):
    // it is applied when they are there, before updateComplete resolves, with its gpu-error and gpu-config.
    const configs: GpuConfigDetail[] = [];
    chart.addEventListener('gpu-config', (e) => configs.push(e.detail));
    expect(chart.config).to.deep.include({ valueScale: 'linear', tooltip: false, drawings: [] });
    expect(await loaded(), 'reading chart.config').to.deep.equal([]);
    chart.config = { tooltip: true, valueScale: 'sideways' } as never;
    await chart.updateComplete;
    expect(chart.tooltip, 'the valid rest is applied').to.equal(true);
    expect(configs).to.deep.equal([{ changed: ['interaction'], source: 'property' }]);
    expect(errors.splice(0).map((e) => [e.phase, /\$\.valueScale/.test(e.message)])).to.deep.equal([['config', true]]);
    // The tooltip turned on loads its content's code (readouts, with the hidden data table's).
    expect(await loaded()).to.deep.equal(['config', 'readouts']);
    chart.tooltip = false;

    // Each feature, one at a time: what it loads. Empty annotations need nothing.
    chart.priceLines = [];
    chart.timeMarkers = null;
    await chart.updateComplete;
    expect(await loaded(), 'no annotations').to.deep.equal(['config', 'readouts']);
    // The first annotation loads their checks (annotation-checks) with the layer; a bad item is
    // reported (before updateComplete resolves), the good ones are drawn.
    chart.priceLines = [{ price: 104, color: BLUE, lineWidth: 2 }, { price: NaN }];
    await chart.updateComplete;
    expect(await loaded()).to.deep.equal(['annotations', 'annotationChecks', 'primitives', 'config', 'readouts']);
    expect(errors.splice(0).map((e) => e.message)).to.deep.equal(['chart.priceLines[1] is skipped: price NaN is not a finite number']);

    chart.markers = [{ time: time[20], position: 'aboveBar', shape: 'circle', color: RED, size: 2 }];
    await chart.updateComplete;
    expect(await loaded()).to.deep.equal(['markers', 'annotations', 'annotationChecks', 'primitives', 'config', 'readouts']);

    // A drawing set from code is drawn (the layer) and can be edited (the editor). Until the
    // drawings chunk is here, `drawings` reads the list set, addDrawing answers the id the drawing
    // will have, updateDrawing answers for the drawings set or added, and a drawing the checks
    // refuse is reported when the chunk arrives.
    chart.drawings = [{ id: 'd1', type: 'trendline', anchors: [{ time: time[5], value: 95 }, { time: time[50], value: 106 }], style: { color: MAGENTA, width: 3 } }];
    expect(chart.drawings.map((d) => d.id)).to.deep.equal(['d1']);
    const added = chart.addDrawing({ type: 'hline', anchors: [{ time: time[30], value: 100 }], style: { color: MAGENTA } });
    const refused = chart.addDrawing({ type: 'trendline', anchors: [{ time: time[1], value: 90 }] });
    expect(added).to.be.a('string');
    expect(refused).to.be.a('string').and.not.equal(added);
    expect(chart.addDrawing({ type: 'spiral', anchors: [] } as never), 'an unknown type is refused at once').to.equal(null);
    expect(errors.splice(0).map((e) => e.message)).to.deep.equal([`drawings[3]: unknown type "spiral"; known types: ${DRAWING_TYPES.join(', ')}.`]);
    expect(chart.updateDrawing('d1', { locked: true })).to.equal(true);
    expect(chart.updateDrawing('none', { locked: true })).to.equal(false);
    expect(chart.drawings.map((d) => d.id), 'the list set, while the chunk loads').to.deep.equal(['d1']);
    await chart.updateComplete;
    expect(await loaded()).to.deep.equal(['drawings', 'editor', 'markers', 'annotations', 'annotationChecks', 'primitives', 'drawingsApi', 'config', 'readouts']);
    expect(chart.drawings.map((d) => d.id)).to.deep.equal(['d1', added]);
    expect(chart.drawings[0].locked).to.equal(true);
    expect(errors.splice(0).map((e) => [e.phase, e.message.replace(/ \(\{.*/, '')])).to.deep.equal([['data', `drawings[2] ("${refused}"): a trendline needs 2 anchors`]]);
    // Answered at once now that it is here.
    expect(chart.removeDrawing(added!)).to.equal(true);
    expect(chart.drawings.map((d) => d.id)).to.deep.equal(['d1']);
    await chart.updateComplete;

    chart.telemetry = true;
    chart.visibleRange = { from: time[2], to: time[40] };
    await chart.updateComplete;
    expect(chart.metrics()?.frames, 'telemetry counts the frame').to.be.greaterThan(0);
    expect(await loaded()).to.include('telemetry');
    chart.telemetry = false;

    const blob = await chart.toBlob();
    expect(await loaded()).to.include('export');
    await saveImage('lazy-parts.png', blob);
    const pic = await decodePng(blob);
    expect(countColor(pic, hexToRgba(MAGENTA), 60), 'the drawing').to.be.greaterThan(40);
    expect(countColor(pic, hexToRgba(RED), 60), 'the marker').to.be.greaterThan(10);
    expect(countColor(pic, hexToRgba(BLUE), 60), 'the price line').to.be.greaterThan(100);

    // The chart state's persistence: a saved state under the key is restored.
    const key = `lazy-${Math.random().toString(36).slice(2)}`;
    localStorage.setItem(`gpu-chart:${key}`, JSON.stringify({ format: 'gpu-chart-state', version: 2, config: { version: 2, valueScale: 'log' }, clocks: {} }));
    expect(await loaded()).to.not.include('state');
    chart.persist = key;
    await chart.updateComplete;
    expect(await loaded()).to.include('state');
    expect(chart.valueScale, 'restored from localStorage').to.equal('log');
    chart.remove();
    localStorage.removeItem(`gpu-chart:${key}`);

    // A plugin series: defining one loads its layer; a chart of that type draws it.
    expect(await loaded()).to.not.include('plugin');
    const { GpuChart: Chart } = await import('../../src/elements/chart/gpu-chart.js');
    Chart.defineSeries('lazy-test-squares', {
      wgsl: `struct Out { @builtin(position) position: vec4f };
        @vertex fn vs(@builtin(vertex_index) vid: u32) -> Out {
          var out: Out;
          out.position = toClip(vec2f(select(20.0, 40.0, vid % 4u == 1u || vid % 4u == 2u), select(20.0, 40.0, vid % 4u >= 2u)));
          return out;
        }
        @fragment fn fs(in: Out) -> @location(0) vec4f { return premultiply(view.color, 1.0); }`,
      columns: { value: 'value' },
      instances: () => ({ count: 1 }),
    });
    const custom = document.createElement('gpu-chart') as GpuChart;
    custom.style.cssText = `display:block;width:200px;height:150px;--gpu-chart-series-1:${RED}`;
    custom.pixelRatio = 1;
    custom.addEventListener('gpu-error', (e) => errors.push(e.detail));
    custom.type = 'lazy-test-squares';
    custom.data = { time, value };
    document.body.append(custom);
    await custom.updateComplete;
    expect(await loaded()).to.include('plugin');
    const square = await decodePng(await custom.toBlob());
    expect(countColor(square, hexToRgba(RED), 60, { x: 20, y: 20, width: 20, height: 20 }), 'the plugin series draws').to.be.greaterThan(300);
    custom.remove();

    // Scatter markers: the layer and its shader load with a chart's first scatter series, which
    // the chart's first picture already has (no frame is drawn without it).
    expect(await loaded()).to.not.include('scatter');
    const dots = document.createElement('gpu-chart') as GpuChart;
    dots.style.cssText = 'display:block;width:200px;height:150px';
    dots.pixelRatio = 1;
    dots.addEventListener('gpu-error', (e) => errors.push(e.detail));
    // gpu-ready fires with the first frame on screen: the scatter module must have arrived before it.
    let loadedAtReady: boolean | null = null;
    dots.addEventListener('gpu-ready', () => (loadedAtReady = performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.endsWith(`/${LAZY.scatter}`))));
    dots.type = 'none';
    dots.series = [{ type: 'scatter', value: 'value', marker: 'square', size: 6, color: RED }];
    dots.data = { time, value };
    document.body.append(dots);
    await dots.updateComplete;
    expect(await loaded()).to.include('scatter');
    const scatterPic = await decodePng(await dots.toBlob());
    await saveImage('lazy-parts-scatter.png', await dots.toBlob());
    expect(countColor(scatterPic, hexToRgba(RED), 60), 'the scatter markers draw').to.be.greaterThan(N * 10);
    expect(loadedAtReady, 'the scatter module was there for the first frame').to.equal(true);
    dots.remove();

    // Area, baseline and band: their layers and the fill shader load with the first of them.
    expect(await loaded()).to.not.include('fills');
    const area = document.createElement('gpu-chart') as GpuChart;
    area.style.cssText = `display:block;width:200px;height:150px;--gpu-chart-series-1:${BLUE}`;
    area.pixelRatio = 1;
    area.addEventListener('gpu-error', (e) => errors.push(e.detail));
    let fillsAtReady: boolean | null = null;
    area.addEventListener('gpu-ready', () => (fillsAtReady = performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.endsWith(`/${LAZY.fills}`))));
    area.type = 'area';
    area.data = { time, value };
    document.body.append(area);
    await area.updateComplete;
    expect(await loaded()).to.include('fills');
    const areaBlob = await area.toBlob();
    await saveImage('lazy-parts-area.png', areaBlob);
    // The fill: translucent blue from the line down to the plot's bottom (a line chart has none there, below its lowest value).
    const areaPic = await decodePng(areaBlob);
    let filled = 0;
    for (let y = 100; y < 115; y++) for (let x = 20; x < 140; x++) if (areaPic.at(x, y)[2] > areaPic.at(x, y)[0] + 12) filled++;
    expect(filled, 'the area is filled').to.be.greaterThan(900);
    expect(fillsAtReady, 'the fills module was there for the first frame').to.equal(true);
    area.remove();

    // The category scale's tick labels load with the first category chart, whose first frame has them.
    expect(await loaded()).to.not.include('categoryTicks');
    const bars = document.createElement('gpu-chart') as GpuChart;
    bars.style.cssText = 'display:block;width:300px;height:150px';
    bars.pixelRatio = 1;
    bars.addEventListener('gpu-error', (e) => errors.push(e.detail));
    let labelsAtReady: string[] = [];
    bars.addEventListener('gpu-ready', () => (labelsAtReady = bars.axisLabels().time.map((l) => l.text)));
    bars.setAttribute('time-scale', 'category');
    bars.data = { time, value };
    document.body.append(bars);
    await bars.updateComplete;
    expect(await loaded()).to.include('categoryTicks');
    expect(labelsAtReady.length, `time labels in the first frame: ${labelsAtReady.join(' ')}`).to.be.greaterThan(1);
    bars.remove();
    expect(errors).to.deep.equal([]);
  });
});
