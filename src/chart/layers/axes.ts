/**
 * The axes as layers: grid lines, guides, pane dividers and axis lines under the series, and the
 * time and value labels on top. Both read what the scene laid out for the frame.
 */
import { withAlpha } from '../colors.js';
import { paneScale } from '../scene/pane.js';
import type { FrameContext, Layer } from './layer.js';

export class GridLayer implements Layer {
  drawUnder(ctx: FrameContext): void {
    const { scene, theme, under } = ctx;
    const lineW = scene.lineWidth;
    const main = scene.main;
    for (const pane of scene.panes) {
      const r = pane.rect;
      // A collapsed pane is a strip with its legend row: no grid or guides in it.
      const strip = scene.collapsed(pane);
      if (!strip) for (const l of scene.timeLabels) under.vline(l.at, r.y, r.y + r.height, lineW, theme.grid);
      const labels = pane.rightLabels.length ? pane.rightLabels : pane.leftLabels;
      for (const l of labels) under.hline(r.x, r.x + r.width, l.at, lineW, theme.grid);
      const scale = paneScale(pane);
      if (!strip) for (const g of pane.guides) under.hline(r.x, r.x + r.width, scale.toPx(g, r), lineW, withAlpha(theme.axis, 0.9));
      if (pane !== main) under.hline(0, ctx.canvasPx[0], r.y, lineW, theme.axis);
      if (scene.usesRight) under.vline(r.x + r.width + lineW / 2, r.y, r.y + r.height, lineW, theme.axis);
      if (scene.usesLeft) under.vline(r.x - lineW / 2, r.y, r.y + r.height, lineW, theme.axis);
    }
    under.hline(scene.plotLeft, scene.plotLeft + scene.plotWidth, scene.timeAxisTop + lineW / 2, lineW, theme.axis);
  }
}

export class AxisLabelsLayer implements Layer {
  drawLabels(ctx: FrameContext): void {
    const { scene, theme, dpr, labels } = ctx;
    labels.timeLabels(scene.timeLabels, { x: scene.plotLeft, y: scene.top, width: scene.plotWidth, height: scene.timeAxisTop - scene.top }, theme, dpr);
    for (const pane of scene.panes) {
      const anyRight = pane.members.some((m) => !m.onLeftScale);
      const anyLeft = pane.members.some((m) => m.onLeftScale);
      if (scene.usesRight) labels.valueLabels(scene.valueAxis === 'both' && !anyRight ? pane.leftLabels : pane.rightLabels, pane.rect, 'right', theme, dpr);
      if (scene.usesLeft) labels.valueLabels(pane.leftLabels.length && anyLeft ? pane.leftLabels : pane.rightLabels, pane.rect, 'left', theme, dpr);
    }
  }
}
