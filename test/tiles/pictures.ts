/** The tiles tests' tiled source and line chart, and its pictures: saved, compared and counted. */
import type { GpuChart, GpuDatasource } from '../../src/index.js';
import { decodePng, saveImage, type Picture } from '../helpers/pixels.js';

/** The chart's picture (`toBlob`), saved under test-results/screens as `name`. */
export async function picture(chart: GpuChart, name: string): Promise<Picture> {
  const png = await chart.toBlob();
  await saveImage(name, png);
  return decodePng(png);
}

/** Pixels whose colour differs between two pictures of the same size. */
export function differingPixels(a: Picture, b: Picture): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) n++;
  return n;
}

/** Pixels of the tests' red line. */
export function redPixels(p: Picture): number {
  let n = 0;
  for (let i = 0; i < p.data.length; i += 4) if (p.data[i] > 150 && p.data[i + 1] < 120 && p.data[i + 2] < 120) n++;
  return n;
}

/** A 420 × 220 chart of one red 1-px line of `value`, no legend or last-value tag (white background). */
export function lineChartElement(): GpuChart {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  chart.style.cssText = 'display:block;width:420px;height:220px;--gpu-chart-series-1:#d02020;--gpu-chart-background:#ffffff';
  chart.series = [{ type: 'line', value: 'value', width: 1, lastValue: false }];
  chart.type = 'none';
  return chart;
}

/** A tiled `<gpu-datasource>` (not yet on the page) of `series` from the M4 endpoint at `path`; `kind`: its `tile-kind`. */
export function tiledSource(id: string, path: string, series: string, kind?: string): GpuDatasource {
  const source = document.createElement('gpu-datasource');
  source.id = id;
  source.setAttribute('tiles', `${path}?series={series}&from={from}&to={to}&width={width}`);
  source.setAttribute('series', series);
  if (kind) source.setAttribute('tile-kind', kind);
  return source;
}
