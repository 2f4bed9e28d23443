/** The chart's theme read from its CSS custom properties (parsed: no user string reaches the GPU or CSS as it is). */
import { parseColor } from '../../chart/colors.js';
import { FALLBACK_THEME, type Theme } from '../../chart/theme.js';

export function readCssTheme(el: Element): Theme {
  const cs = getComputedStyle(el);
  // The element's styles resolve each public --gpu-chart-… property (set on the element or an
  // ancestor) over the theme's default into a private --_gc-… one (gpu-chart.styles.ts); reading
  // the private one gets that result. The public name is the fallback for hosts without those styles.
  const get = (name: string) => cs.getPropertyValue(name.replace('--gpu-chart-', '--_gc-')).trim() || cs.getPropertyValue(name).trim();
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
