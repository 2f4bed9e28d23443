/**
 * Last-value lines and tags: for each series that shows its last value, a faint line across
 * its pane at that value (under the series) and a tag in its colour on the value axis.
 */
import { withAlpha, type Rgba } from '../colors.js';
import { formatForPane, type Pane } from '../scene/pane.js';
import type { FrameContext, Layer, SeriesLayer } from './layer.js';

const WHITE: Rgba = [1, 1, 1, 1];

interface Tag {
  y: number;
  text: string;
  fill: Rgba;
  side: 'left' | 'right';
  pane: Pane;
}

/**
 * Moves tags on one side of a pane apart so none overlaps another (each keeps its order and
 * stays as near its value as it can), inside [top, bottom] while there is room.
 */
export function stackTags(tags: Array<{ y: number }>, height: number, top: number, bottom: number): void {
  if (tags.length < 2) return;
  tags.sort((a, b) => a.y - b.y);
  for (let i = 1; i < tags.length; i++) tags[i].y = Math.max(tags[i].y, tags[i - 1].y + height);
  const last = tags.length - 1;
  tags[last].y = Math.min(tags[last].y, bottom - height / 2);
  for (let i = last - 1; i >= 0; i--) tags[i].y = Math.min(tags[i].y, tags[i + 1].y - height);
  if (tags[0].y < top + height / 2) {
    // not enough room to push up: start at the top and go down again
    tags[0].y = top + height / 2;
    for (let i = 1; i < tags.length; i++) tags[i].y = Math.max(tags[i].y, tags[i - 1].y + height);
  }
}

export class LastValueLayer implements Layer {
  private tags: Tag[] = [];

  private *shown(ctx: FrameContext): Iterable<{ series: SeriesLayer; pane: Pane<SeriesLayer>; value: number; color: Rgba; text: string }> {
    for (const pane of ctx.scene.panes) {
      if (ctx.scene.collapsed(pane)) continue; // a strip shows its legend row only
      for (const series of pane.members) {
        if (!series.showsLastValue) continue;
        const last = series.lastValue();
        if (!last) continue;
        yield { series, pane, value: last.value, color: last.color, text: series.scale.mode === 'percent' ? formatForPane(pane, series.view.display(last.value), ctx.scene.locale) : series.valueFormat.format(last.value, ctx.scene.locale) };
      }
    }
  }

  axisRoom(ctx: FrameContext): number {
    let width = 0;
    for (const s of this.shown(ctx)) width = Math.max(width, ctx.labels.measure(s.text, ctx.theme, ctx.dpr) + 8 * ctx.dpr);
    return width;
  }

  drawUnder(ctx: FrameContext): void {
    this.tags = [];
    const lineW = ctx.scene.lineWidth;
    for (const { series, pane, value, color, text } of this.shown(ctx)) {
      const r = pane.rect;
      const py = series.view.toPx(value, r);
      if (py < r.y || py > r.y + r.height) continue;
      ctx.under.hline(r.x, r.x + r.width, py, lineW, withAlpha(color, 0.55));
      this.tags.push({ y: py, text, fill: color, side: series.onLeftScale || !ctx.scene.usesRight ? 'left' : 'right', pane });
    }
    const h = ctx.labels.tagHeight(ctx.theme, ctx.dpr);
    for (const pane of ctx.scene.panes) {
      for (const side of ['left', 'right'] as const) stackTags(this.tags.filter((t) => t.pane === pane && t.side === side), h, pane.rect.y, pane.rect.y + pane.rect.height);
    }
  }

  drawLabels(ctx: FrameContext): void {
    const { scene, theme, dpr } = ctx;
    const right = scene.plotLeft + scene.plotWidth + scene.lineWidth;
    const left = scene.plotLeft - scene.lineWidth;
    for (const t of this.tags) ctx.labels.tag(t.text, t.side === 'right' ? right : left, t.y, t.side === 'right' ? 'left' : 'right', t.fill, WHITE, theme, dpr);
  }
}
