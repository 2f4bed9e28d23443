/**
 * Issue 24 (Y2 on SwiftShader): a dense solid line up to 3 device px wide is drawn with the line
 * family's `spans` pipeline (line.wgsl vsSpans/fsSpans: straight-line code, which a software GPU
 * runs at a fraction of the general span path's cost per pixel), and to exactly the pixels of
 * the general path. Wider and dashed dense lines keep the general pipeline.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, SeriesSpec } from '../../src/index.js';
import type { Family } from '../../src/gpu/families.js';
import { decodePng, logAdapterOnce, saveImage, setDevicePixelRatio, type Picture } from '../helpers/pixels.js';

const T0 = Date.UTC(2026, 0, 5);
const ROWS = 20_000;

interface EngineView {
  gpu: { state: { families: { line: Family } } | null };
}
const lineFamilyOf = (chart: GpuChart) => (chart as unknown as { engine: EngineView }).engine.gpu.state!.families.line;

async function makeChart(series: SeriesSpec[]): Promise<GpuChart> {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = 'display:block;width:420px;height:240px;--gpu-chart-background:#fff;';
  chart.setAttribute('legend', 'off');
  chart.type = 'none';
  const time = Float64Array.from({ length: ROWS }, (_, i) => T0 + i * 60_000);
  // Noisy waves: several rows per pixel column, spans of a few pixels, gaps of none.
  const a = Float64Array.from({ length: ROWS }, (_, i) => 50 + 30 * Math.sin(i / 900) + 6 * Math.sin(i * 1.7));
  const b = Float64Array.from({ length: ROWS }, (_, i) => 20 + 10 * Math.cos(i / 400) + 3 * Math.sin(i * 2.3));
  chart.data = { time, a, b } as unknown as GpuChart['data'];
  chart.series = series;
  document.body.append(chart);
  await chart.updateComplete;
  return chart;
}

/** Labels of the pipelines a frame (and a toBlob's frame) set on its render passes. */
async function pipelinesOf(chart: GpuChart, change: () => void): Promise<string[]> {
  const labels: string[] = [];
  const proto = GPURenderPassEncoder.prototype;
  const setPipeline = proto.setPipeline;
  proto.setPipeline = function (this: GPURenderPassEncoder, pipeline: GPURenderPipeline) {
    labels.push(pipeline.label);
    return setPipeline.call(this, pipeline);
  };
  try {
    change();
    await chart.updateComplete;
  } finally {
    proto.setPipeline = setPipeline;
  }
  return labels;
}

async function picture(chart: GpuChart, name: string): Promise<Picture> {
  const blob = await chart.toBlob();
  await saveImage(name, blob);
  return decodePng(blob);
}

function differingPixels(a: Picture, b: Picture): number {
  let n = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const p = a.at(x, y);
      const q = b.at(x, y);
      if (p[0] !== q[0] || p[1] !== q[1] || p[2] !== q[2] || p[3] !== q[3]) n++;
    }
  }
  return n;
}

const lines = (width: number, extra: Partial<SeriesSpec> = {}): SeriesSpec[] => [
  { type: 'line', value: 'a', color: '#d01010', width, ...extra } as SeriesSpec,
  { type: 'line', value: 'b', color: '#1030c0', width, ...extra } as SeriesSpec,
];

describe('dense lines: the spans pipeline (issue 24)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('draws dense solid lines of 1 to 3 px with the spans pipeline, wider or dashed ones with the general one', async function () {
    this.timeout(60_000);
    const chart = await makeChart(lines(1));
    for (const [specs, spans] of [
      [lines(1), true],
      [lines(2), true],
      [lines(3), true],
      [lines(4), false],
      [lines(2, { lineStyle: 'dashed' }), false],
    ] as const) {
      const used = await pipelinesOf(chart, () => (chart.series = [...specs]));
      const line = used.filter((l) => l.startsWith('line:'));
      const what = `${specs[0].width} px ${specs[0].lineStyle ?? 'solid'}`;
      expect(line.length, `line draws (${what})`).to.be.greaterThan(0);
      if (spans) expect(line.every((l) => l.startsWith('line:spans:')), `spans pipeline (${what}): ${line.join(', ')}`).to.equal(true);
      else expect(line.some((l) => l.startsWith('line:spans:')), `general pipeline (${what}): ${line.join(', ')}`).to.equal(false);
    }
  });

  it('the spans pipeline paints exactly the pixels of the general span path (1, 2, 3 px, step)', async function () {
    this.timeout(60_000);
    for (const [width, step] of [[1, false], [2, false], [3, false], [2, true]] as const) {
      const chart = await makeChart(lines(width, step ? { step: true } : {}));
      const family = lineFamilyOf(chart);
      expect(family.spans, 'the line family has a spans pipeline').to.not.equal(undefined);
      const fast = await picture(chart, `dense-spans-${width}px${step ? '-step' : ''}.png`);
      // This chart's family object without it: its dense lines take the general pipeline.
      delete family.spans;
      const general = await picture(chart, `dense-spans-${width}px${step ? '-step' : ''}-general.png`);
      expect(differingPixels(fast, general), `differing pixels at ${width} px${step ? ', step' : ''}`).to.equal(0);
      chart.remove();
    }
  });
});
