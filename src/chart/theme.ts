import type { Rgba } from './colors.js';

/** Resolved colours and font for one chart, read from its CSS custom properties. */
export interface Theme {
  background: Rgba;
  text: Rgba;
  textCss: string;
  grid: Rgba;
  axis: Rgba;
  series: Rgba[];
  seriesCss: string[];
  up: Rgba;
  down: Rgba;
  font: string;
  fontSizePx: number;
}

export const FALLBACK_THEME: Theme = {
  background: [1, 1, 1, 1],
  text: [0.2, 0.22, 0.25, 1],
  textCss: '#333840',
  grid: [0.9, 0.91, 0.93, 1],
  axis: [0.75, 0.77, 0.8, 1],
  series: [[0.13, 0.45, 0.85, 1]],
  seriesCss: ['#2172d9'],
  up: [0.15, 0.65, 0.6, 1],
  down: [0.94, 0.33, 0.31, 1],
  font: 'system-ui, sans-serif',
  fontSizePx: 11,
};
