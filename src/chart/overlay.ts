/**
 * Text over the GPU canvas: axis tick labels, drawn with Canvas2D at the device pixel ratio so
 * they stay crisp. Text never goes through WGSL.
 */
import type { PlotRect } from './scales.js';
import type { Theme } from './theme.js';

export interface AxisLabel {
  /** Position along the axis in device px. */
  at: number;
  text: string;
  bold?: boolean;
}

export class Overlay {
  private ctx: CanvasRenderingContext2D;

  constructor(readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('Canvas2D is not available for the chart labels');
    this.ctx = ctx;
  }

  resize(width: number, height: number): void {
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
  }

  clear(): void {
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  font(theme: Theme, dpr: number, bold = false): string {
    return `${bold ? '600 ' : ''}${Math.round(theme.fontSizePx * dpr)}px ${theme.font}`;
  }

  measure(text: string, theme: Theme, dpr: number): number {
    this.ctx.font = this.font(theme, dpr);
    return this.ctx.measureText(text).width;
  }

  /** Labels under the plot, centred on their tick, skipping any that would overlap. */
  drawTimeLabels(labels: AxisLabel[], plot: PlotRect, theme: Theme, dpr: number): void {
    const ctx = this.ctx;
    ctx.fillStyle = theme.textCss;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const y = plot.y + plot.height + Math.round(5 * dpr);
    let lastRight = -Infinity;
    const gap = 6 * dpr;
    for (const l of labels) {
      ctx.font = this.font(theme, dpr, l.bold);
      const w = ctx.measureText(l.text).width;
      let x = l.at;
      // Keep edge labels inside the canvas.
      x = Math.max(w / 2 + 2, Math.min(this.canvas.width - w / 2 - 2, x));
      if (x - w / 2 < lastRight + gap) continue;
      ctx.fillText(l.text, Math.round(x), y);
      lastRight = x + w / 2;
    }
  }

  /** Labels beside the plot (right or left side), vertically centred on their tick. */
  drawValueLabels(labels: AxisLabel[], plot: PlotRect, side: 'left' | 'right', theme: Theme, dpr: number): void {
    const ctx = this.ctx;
    ctx.fillStyle = theme.textCss;
    ctx.font = this.font(theme, dpr);
    ctx.textBaseline = 'middle';
    const pad = Math.round(6 * dpr);
    ctx.textAlign = side === 'right' ? 'left' : 'right';
    const x = side === 'right' ? plot.x + plot.width + pad : plot.x - pad;
    const half = (theme.fontSizePx * dpr) / 2;
    for (const l of labels) {
      if (l.at < plot.y + half - 1 || l.at > plot.y + plot.height - half + 1) continue;
      ctx.fillText(l.text, x, Math.round(l.at));
    }
  }

  /** A filled tag with text (last-value and crosshair labels). */
  drawTag(text: string, x: number, y: number, align: 'left' | 'right' | 'center', fill: string, color: string, theme: Theme, dpr: number): void {
    const ctx = this.ctx;
    ctx.font = this.font(theme, dpr);
    const w = ctx.measureText(text).width + 8 * dpr;
    const h = Math.round((theme.fontSizePx + 6) * dpr);
    const left = align === 'left' ? x : align === 'right' ? x - w : x - w / 2;
    ctx.fillStyle = fill;
    ctx.fillRect(Math.round(left), Math.round(y - h / 2), Math.round(w), h);
    ctx.fillStyle = color;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, Math.round(left + w / 2), Math.round(y));
  }
}
