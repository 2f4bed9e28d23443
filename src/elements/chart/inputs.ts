/**
 * What <gpu-chart> reads from outside before the engine sees it: `chart.data` checked column by
 * column, and the theme from the element's CSS custom properties.
 */
import type { Theme } from '../../chart/theme.js';
import { FALLBACK_THEME } from '../../chart/theme.js';
import { parseColor } from '../../chart/colors.js';

export type ChartColumns = { time: ArrayLike<number> } & Record<string, ArrayLike<number>>;

export function readTheme(el: HTMLElement): Theme {
  const cs = getComputedStyle(el);
  const get = (name: string) => cs.getPropertyValue(name).trim();
  const series: Theme['series'] = [];
  const seriesCss: string[] = [];
  for (let i = 1; i <= 8; i++) {
    const c = get(`--gpu-chart-series-${i}`);
    if (!c) continue;
    seriesCss.push(c);
    series.push(parseColor(c));
  }
  const text = get('--gpu-chart-text') || FALLBACK_THEME.textCss;
  const fontSize = parseFloat(get('--gpu-chart-font-size')) || FALLBACK_THEME.fontSizePx;
  return {
    background: parseColor(get('--gpu-chart-background'), FALLBACK_THEME.background),
    text: parseColor(text),
    textCss: text,
    grid: parseColor(get('--gpu-chart-grid'), FALLBACK_THEME.grid),
    axis: parseColor(get('--gpu-chart-axis'), FALLBACK_THEME.axis),
    series: series.length ? series : FALLBACK_THEME.series,
    seriesCss: seriesCss.length ? seriesCss : FALLBACK_THEME.seriesCss,
    up: parseColor(get('--gpu-chart-up'), FALLBACK_THEME.up),
    down: parseColor(get('--gpu-chart-down'), FALLBACK_THEME.down),
    font: get('--gpu-chart-font') || FALLBACK_THEME.font,
    fontSizePx: fontSize,
  };
}

export function checkColumns(data: ChartColumns): Record<string, ArrayLike<number>> {
  if (typeof data !== 'object' || !data) throw new Error('chart.data must be an object of columns');
  const time = data.time;
  if (!time || typeof time.length !== 'number') throw new Error('chart.data needs a "time" column (ms since 1970)');
  for (const [name, col] of Object.entries(data)) {
    if (!col || typeof (col as ArrayLike<number>).length !== 'number') throw new Error(`chart.data.${name} is not an array`);
    if ((col as ArrayLike<number>).length !== time.length) {
      throw new Error(`chart.data.${name} has ${(col as ArrayLike<number>).length} values but time has ${time.length}`);
    }
  }
  const t = time instanceof Float64Array ? time : Float64Array.from(time);
  let prev = t.length ? t[0] : 0;
  for (let i = 1; i < t.length; i++) {
    const v = t[i];
    if (!(v >= prev)) throw new Error(`chart.data.time must increase: row ${i} (${v}) comes before row ${i - 1} (${prev})`);
    prev = v;
  }
  // Dates exist from -8.64e15 to 8.64e15 ms; beyond that every label would throw.
  for (const i of [0, t.length - 1]) {
    if (t.length && !(Math.abs(t[i]) <= 8.64e15)) throw new Error(`chart.data.time[${i}] is ${t[i]}, not a time in ms (the range is ±8.64e15)`);
  }
  return t === time ? data : { ...data, time: t };
}
