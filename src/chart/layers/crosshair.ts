/**
 * The crosshair: a vertical line at the row (or time) under the pointer, a horizontal line at
 * the pointer in the pane under it, and their labels on the axes.
 */
import { withAlpha } from '../colors.js';
import { formatForPane, paneAt, paneScale } from '../scene/pane.js';
import type { FrameContext, Layer } from './layer.js';
import { formatTime, formatTimeSpan, stepAt } from '../interaction/format.js';
import { formatEngineering } from '../ticks/numeric-ticks.js';
import type { XMapping } from '../x-mapping.js';

const DAY_MS = 86_400_000;

/** Formats x as the crosshair label does (also for tooltips and announcements): times, or numbers. */
export class CrosshairTimeFormat {
  /** The x mapping whose scale says whether x is a time or a number (absent: times). */
  constructor(private readonly x?: XMapping) {}

  /**
   * The crosshair row's x: a time at the precision of the rows' spacing around it
   * (`formatTime`), or on a numeric axis the number (axis value `t` turned back into data) in
   * engineering notation.
   */
  text(t: number, locale: string | undefined, timeZone: string | undefined, step = DAY_MS): string {
    const x = this.x;
    if (x?.numeric) return formatEngineering(x.dataOf(t), locale);
    return formatTime(t, step, { locale, timeZone });
  }

  /** A merged bar's first and last x. */
  span(from: number, to: number, locale: string | undefined, timeZone: string | undefined, step: number): string {
    if (this.x?.numeric) return `${this.text(from, locale, timeZone)} – ${this.text(to, locale, timeZone)}`;
    return formatTimeSpan(from, to, step, { locale, timeZone });
  }
}

export class CrosshairLayer implements Layer {
  private timeLabel = '';
  private x = 0;
  private value: { y: number; text: string; side: 'left' | 'right' } | null = null;

  constructor(private readonly timeFormat: CrosshairTimeFormat) {}

  drawOver(ctx: FrameContext): void {
    const { scene, dpr, theme } = ctx;
    const x = scene.x;
    const main = scene.main;
    const ch = ctx.crosshair;
    this.timeLabel = '';
    this.value = null;
    if (!ch) return;
    const lineW = scene.lineWidth;
    const first = ch.first ?? ch.index;
    const last = ch.last ?? ch.index;
    let crossX = ch.x * dpr;
    if (ch.index >= 0 && x.times.length) {
      // the centre of the bar drawn (a merged bar's too), on the wick's pixel column
      crossX = (x.indexToPx(first, main.rect) + x.indexToPx(last, main.rect)) / 2;
      crossX = Math.round(crossX - lineW / 2) + lineW / 2;
    } else if (!x.category) crossX = x.unitsToPx(ch.time, main.rect);
    this.x = crossX;
    const left = scene.plotLeft;
    if (crossX < left || crossX > left + scene.plotWidth) return;
    const c = withAlpha(theme.text, 0.55);
    ctx.over.vline(crossX, scene.top, scene.timeAxisTop, lineW, c);
    const step = ch.index >= 0 ? stepAt(x.times, first) : 4 / scene.x.pxPerUnit(main.rect);
    this.timeLabel =
      ch.index >= 0 && last > first
        ? this.timeFormat.span(x.times[first], x.times[last], scene.locale, scene.timeZone, step)
        : this.timeFormat.text(ch.time, scene.locale, scene.timeZone, step);
    if (!ch.horizontal) return;
    const py = ch.y * dpr;
    const pane = paneAt(scene.panes, py);
    if (!pane) return;
    ctx.over.hline(pane.rect.x, pane.rect.x + pane.rect.width, py, lineW, c);
    const text = formatForPane(pane, paneScale(pane).fromPx(py, pane.rect), scene.locale);
    this.value = { y: py, text, side: scene.usesRight ? 'right' : 'left' };
  }

  drawLabels(ctx: FrameContext): void {
    const { scene, theme, dpr, labels } = ctx;
    const fontPx = theme.fontSizePx * dpr;
    // the time label stays whole inside the plot's width, also at its edges
    const within = { min: scene.plotLeft, max: scene.plotLeft + scene.plotWidth };
    if (this.timeLabel) labels.tag(this.timeLabel, this.x, scene.timeAxisTop + Math.round((fontPx + 10 * dpr) / 2), 'center', theme.text, theme.background, theme, dpr, within);
    const v = this.value;
    if (!v) return;
    const right = v.side === 'right';
    const at = right ? scene.plotLeft + scene.plotWidth + scene.lineWidth : scene.plotLeft - scene.lineWidth;
    labels.tag(v.text, at, v.y, right ? 'left' : 'right', theme.text, theme.background, theme, dpr);
  }
}
