/**
 * Draws one series with the pipeline family its type needs. Every family shares the same view
 * uniform (shaders/common.wgsl); this class fills it, keeps the visible blocks' pixel origins
 * current (computed in float64) and rebuilds its bind groups only when a buffer behind them was
 * replaced. Nothing here allocates per frame except when data grows.
 */
import { FIRST_LEVEL, MinMaxPyramid } from '../../data/lod.js';
import type { Family } from '../../gpu/families.js';
import { GrowableBuffer, createBuffer, destroyBuffer } from '../../gpu/buffers.js';
import { drawQuads } from '../../gpu/quad-index.js';
import { ColumnExtremaCache, columnExtents, type ColumnExtentsSource } from './column-extents.js';
import { BLOCK_SHIFT, type GpuValueColumn, type TableGpu } from '../gpu-columns.js';
import type { Rgba } from '../colors.js';
import type { PlotRect, ValueScale } from '../scales.js';
import type { XMapping } from '../x-mapping.js';

const UNIFORM_BYTES = 128;
/**
 * Column edges of recent dense draws, keyed by time column (buffer and offset), rows and view:
 * the series of one table, and indicators computed from it (their time column is a view of the
 * same memory), find their rows per pixel column once per frame.
 */
const boundsCache: Array<{ key: unknown[]; bounds: Int32Array }> = [];

/** Column spans computed in the current frame (columnSpans), by column, view and value mapping. */
const spansThisFrame: { frame: DrawFrame | null; used: number; entries: Array<{ key: unknown[]; spans: Float32Array }> } = { frame: null, used: 0, entries: [] };

/** Ends the frame's shared spans: their keys no longer hold its columns (or a removed chart's). */
export function forgetFrameSpans(): void {
  spansThisFrame.frame = null;
  spansThisFrame.used = 0;
  for (const e of spansThisFrame.entries) e.key = [];
}

/** Column spans at or beyond this are gaps (column-extents.ts writes GAP). */
const GAP_PX = 1e38;

/** Line family flag: draw column spans (one vertical segment per pixel column), not rows. */
export const COLUMN_SPANS = 8;
/** Columns per quad when the line and fill families draw column spans (SPAN_TILE in their shaders). */
const SPAN_TILE = 8;

/** Dash flags of the line family (bits 5-6, shaders/line.wgsl). */
const DASHES = 96;

/**
 * The pipeline that draws a dense line's spans: the family's straight-line `spans` pipeline for a
 * solid line whose spans reach at most one column to each side (line.wgsl fsSpans), else the
 * general one. The reach is computed as the shader does, from the float32 half width.
 */
export function spanPipeline(family: Family, p: { halfWidth: number; flags: number }): GPURenderPipeline {
  const reach = Math.ceil(Math.fround(Math.fround(p.halfWidth) + 0.5)) - 1;
  return family.spans && reach <= 1 && (p.flags & DASHES) === 0 ? family.spans : family.pipeline;
}

/** The series pipelines; every chart has `line`, the others are made when a series needs them. */
export interface Families {
  line: Family;
  fill?: Family;
  bars?: Family;
  scatter?: Family;
  /** Plugin series families, `custom:<type>`. */
  [key: string]: Family | undefined;
}

/** What every draw needs from the frame. */
export interface DrawFrame {
  pass: GPURenderPassEncoder;
  canvasPx: [number, number];
  plot: PlotRect;
  x: XMapping;
  dpr: number;
  families: Families;
  /** False draws every row at any zoom (for comparison with the level-of-detail picture). */
  levelOfDetail: boolean;
}

export interface DrawRange {
  tableGpu: TableGpu;
  /** Visible rows as backing-array indices, inclusive, one beyond each edge. */
  first: number;
  last: number;
  /** Backing index of the table's first row (rows before it were dropped by `capacity`). */
  offset: number;
}

export interface ViewParams {
  color: Rgba;
  color2: Rgba;
  halfWidth: number;
  barHalfWidth: number;
  baseY: number;
  flags: number;
}

/** Bucketing picked for a draw: level 0 draws rows; level k draws buckets of 2^k rows. */
interface Span {
  level: number;
  firstVertex: number;
  instances: number;
  rowFrom: number;
  rowTo: number;
}

export class SeriesRenderer {
  private uniform: GPUBuffer;
  private bytes = new ArrayBuffer(UNIFORM_BYTES);
  private f32 = new Float32Array(this.bytes);
  private u32 = new Uint32Array(this.bytes);
  private blockPx: GrowableBuffer;
  private blockScratch = new Float32Array(64);
  private extents: GrowableBuffer | null = null;
  private crossingScratch = new Float64Array(0);
  private readonly extremaCaches = new Map<ArrayBufferLike, ColumnExtremaCache>();
  private fillScratch = new Float32Array(0);
  private groups = new Map<string, { group: GPUBindGroup; buffers: GPUBuffer[] }>();
  private buffers: GPUBuffer[] = [];

  constructor(private readonly device: GPUDevice) {
    this.uniform = createBuffer(device, { label: 'series view', size: UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.blockPx = new GrowableBuffer(device, 'series block px', GPUBufferUsage.STORAGE, 256);
  }

  /** Polyline vertices (rows, or two extremes per bucket) for lines, areas, bands, markers. */
  /** Set from the frame before each draw. */
  lodEnabled = true;

  polylineSpan(range: DrawRange, col: GpuValueColumn, widthPx: number): Span {
    const rows = range.tableGpu.time.rows;
    const first = range.first;
    const last = Math.min(range.last, rows - 1);
    const level = this.lodEnabled ? MinMaxPyramid.levelFor((last - first + 1) / Math.max(1, widthPx), col.pyramid.levels) : 0;
    if (level === 0) return { level, firstVertex: first, instances: Math.max(1, last - first), rowFrom: first, rowTo: last };
    const b0 = first >> level;
    const b1 = last >> level;
    return { level, firstVertex: 2 * b0, instances: 2 * (b1 - b0) + 1, rowFrom: b0 << level, rowTo: Math.min(rows - 1, ((b1 + 1) << level) - 1) };
  }

  /** Bars: one per row, or one per bucket once bars would be narrower than `minBarPx`. */
  barSpan(range: DrawRange, col: GpuValueColumn, pxPerRow: number, minBarPx: number): Span & { barPx: number } {
    const rows = range.tableGpu.time.rows;
    const first = range.first;
    const last = Math.min(range.last, rows - 1);
    let level = 0;
    while (this.lodEnabled && level < col.pyramid.levels && pxPerRow * (1 << level) < minBarPx) level++;
    if (level > 0 && level < FIRST_LEVEL) level = FIRST_LEVEL; // the pyramid starts at buckets of 4
    const b0 = first >> level;
    const b1 = last >> level;
    return { level, firstVertex: b0, instances: b1 - b0 + 1, rowFrom: b0 << level, rowTo: Math.min(rows - 1, ((b1 + 1) << level) - 1), barPx: pxPerRow * (1 << level) };
  }

  /** Writes the view uniform and the block origins for rows [span.rowFrom, span.rowTo]. */
  writeView(frame: DrawFrame, range: DrawRange, scale: ValueScale, columns: GpuValueColumn[], span: Span, p: ViewParams, readsRows = true): void {
    const { plot, x } = frame;
    const tg = range.tableGpu;
    const rows = tg.time.rows;
    // The rows this draw reads go up to the GPU now if they are not there yet.
    if (readsRows) {
      tg.time.ensureRows(span.rowFrom, span.rowTo);
      for (const c of columns) c.ensureRows(span.rowFrom, span.rowTo);
    }
    const firstBlock = span.rowFrom >> BLOCK_SHIFT;
    const lastBlock = span.rowTo >> BLOCK_SHIFT;
    const nBlocks = lastBlock - firstBlock + 1;
    const totalBlocks = (rows >> BLOCK_SHIFT) + 1;
    if (this.blockScratch.length < totalBlocks) this.blockScratch = new Float32Array(totalBlocks * 2);
    // Sized for every block of the column, so panning and zooming never grow it.
    this.blockPx.ensure(this.blockScratch.byteLength);
    const origins = tg.time.blockOrigins;
    for (let b = 0; b < nBlocks; b++) {
      const block = firstBlock + b;
      this.blockScratch[b] = x.category ? x.indexToPx((block << BLOCK_SHIFT) - range.offset, plot) : x.timeToPx(origins[block], plot);
    }
    this.blockPx.writeRange(this.blockScratch, 0, nBlocks);

    const ref = columns[0]?.origin ?? 0;
    const g = scale.gpuParams(ref, plot);
    const f = this.f32;
    const u = this.u32;
    f[0] = frame.canvasPx[0];
    f[1] = frame.canvasPx[1];
    f[2] = plot.y;
    f[3] = plot.y + plot.height;
    f[4] = x.pxPerUnit(plot);
    f[5] = g.pxPerUnit;
    f[6] = g.valueOffsetPx;
    f[7] = ref;
    f.set(p.color, 8);
    f.set(p.color2, 12);
    for (let i = 0; i < 4; i++) f[16 + i] = columns[i]?.origin ?? ref;
    f[20] = p.halfWidth;
    f[21] = p.barHalfWidth;
    f[22] = p.baseY;
    u[23] = span.firstVertex;
    u[24] = span.level;
    u[25] = span.level > 0 ? columns[0].pyramid.levelStart[span.level] : 0;
    u[26] = p.flags & COLUMN_SPANS ? span.instances : rows; // column spans: how many columns
    u[27] = g.logScale ? 1 : 0;
    u[28] = p.flags;
    u[29] = firstBlock;
    u[30] = BLOCK_SHIFT;
    u[31] = x.category ? 1 : 0;
    this.device.queue.writeBuffer(this.uniform, 0, this.bytes);
  }

  /**
   * A dense line as one vertical span per device pixel column of the plot (column-extents.ts):
   * the spans are computed on the CPU from the pyramid and uploaded (8 bytes per column), and the
   * line family draws them in tiles of SPAN_TILE columns, each span a vertical segment (flag COLUMN_SPANS).
   */
  drawColumns(frame: DrawFrame, family: Family, range: DrawRange, scale: ValueScale, col: GpuValueColumn, src: ColumnExtentsSource, p: ViewParams): void {
    const plot = frame.plot;
    const colFrom = Math.max(0, Math.floor(plot.x));
    const cols = Math.max(1, Math.ceil(plot.x + plot.width) - colFrom);
    this.uploadSpans(this.columnSpans(frame, src, colFrom, cols), cols);
    const span: Span = { level: 0, firstVertex: colFrom, instances: cols, rowFrom: range.first, rowTo: range.first };
    this.writeView(frame, range, scale, [col], span, { ...p, flags: p.flags | COLUMN_SPANS }, false);
    this.draw(frame, family, 'line columns', range.tableGpu, [col.ys.buffer, this.extents!.buffer], 4, Math.ceil(cols / SPAN_TILE), spanPipeline(family, p));
  }

  /**
   * The (top, bottom) device-y span of `src` in each pixel column; read only (shared within the
   * frame: a band's fill and its edge lines ask for the same spans).
   */
  private columnSpans(frame: DrawFrame, src: ColumnExtentsSource, colFrom: number, cols: number): Float32Array {
    if (spansThisFrame.frame !== frame) {
      spansThisFrame.frame = frame;
      spansThisFrame.used = 0;
    }
    const entries = spansThisFrame.entries;
    const mapping = [src.values, src.first, src.last, colFrom, cols, src.step, src.valueScale, frame.plot];
    for (let i = 0; i < spansThisFrame.used; i++) if (entries[i].key.every((v, j) => v === mapping[j])) return entries[i].spans;
    if (this.crossingScratch.length < cols + 1) this.crossingScratch = new Float64Array(cols + 1);
    let entry = entries[spansThisFrame.used];
    if (!entry) entries.push((entry = { key: mapping, spans: new Float32Array(cols * 2) }));
    spansThisFrame.used++;
    entry.key = mapping;
    if (entry.spans.length < cols * 2) entry.spans = new Float32Array(cols * 2);
    const x = frame.x;
    const key = [src.times.buffer, src.times.byteOffset, src.first, src.last, colFrom, cols, x.from, x.to, frame.plot.x, frame.plot.width, x.category ? 1 : 0];
    let shared = boundsCache.find((e) => e.key.every((v, i) => v === key[i]));
    const known = shared !== undefined;
    if (!shared) {
      shared = boundsCache.length < 4 ? { key, bounds: new Int32Array(cols + 1) } : boundsCache.shift()!;
      shared.key = key;
      if (shared.bounds.length < cols + 1) shared.bounds = new Int32Array(cols + 1);
      boundsCache.push(shared);
    }
    columnExtents(src, colFrom, cols, entry.spans, shared.bounds, this.crossingScratch, known, this.extremaCache(src.values));
    return entry.spans;
  }

  /** This series' column extrema kept from its last frame, per value column it spans (a band has two). */
  private extremaCache(values: Float64Array): ColumnExtremaCache {
    // Keyed by memory: each frame sees the column through a new view of it.
    let cache = this.extremaCaches.get(values.buffer);
    if (!cache) {
      // A column that grew has a new backing array: the old one's extrema go.
      if (this.extremaCaches.size >= 4) this.extremaCaches.delete(this.extremaCaches.keys().next().value!);
      this.extremaCaches.set(values.buffer, (cache = new ColumnExtremaCache()));
    }
    return cache;
  }

  private uploadSpans(spans: Float32Array, cols: number): void {
    this.extents ??= new GrowableBuffer(this.device, 'series column spans', GPUBufferUsage.STORAGE, cols * 8);
    this.extents.ensure(cols * 8);
    this.extents.writeRange(spans, 0, cols * 2);
  }

  /**
   * A dense area, baseline or band as one rectangle per device pixel column: from the top of
   * what the line(s) cover in the column to the base (area, baseline) or over both lines
   * (band), so the fill reaches exactly the pixels the full-detail fill would.
   */
  drawFillColumns(frame: DrawFrame, family: Family, range: DrawRange, scale: ValueScale, col: GpuValueColumn, a: ColumnExtentsSource, b: ColumnExtentsSource | null, p: ViewParams): void {
    const plot = frame.plot;
    const colFrom = Math.max(0, Math.floor(plot.x));
    const cols = Math.max(1, Math.ceil(plot.x + plot.width) - colFrom);
    if (this.fillScratch.length < cols * 2) this.fillScratch = new Float32Array(cols * 2);
    const out = this.fillScratch;
    const spansA = this.columnSpans(frame, a, colFrom, cols);
    const spansB = b ? this.columnSpans(frame, b, colFrom, cols) : null;
    for (let i = 0; i < cols; i++) {
      let top = spansA[2 * i];
      let bottom = spansA[2 * i + 1];
      if (spansB) {
        const tb = spansB[2 * i];
        if (tb < GAP_PX && top < GAP_PX) {
          top = Math.min(top, tb);
          bottom = Math.max(bottom, spansB[2 * i + 1]);
        } else top = bottom = GAP_PX * 2;
      } else if (top < GAP_PX) {
        top = Math.min(top, p.baseY);
        bottom = Math.max(bottom, p.baseY);
      }
      out[2 * i] = top;
      out[2 * i + 1] = bottom;
    }
    this.uploadSpans(out, cols);
    const span: Span = { level: 0, firstVertex: colFrom, instances: cols, rowFrom: range.first, rowTo: range.first };
    this.writeView(frame, range, scale, [col, col], span, { ...p, flags: p.flags | COLUMN_SPANS }, false);
    this.draw(frame, family, 'fill columns', range.tableGpu, [col.ys.buffer, this.extents!.buffer, col.ys.buffer, col.ys.buffer], 4, Math.ceil(cols / SPAN_TILE));
  }

  /** Binds uniform, time, block origins and the family's own buffers, then draws `instances` primitives of `vertices` each. */
  draw(frame: DrawFrame, family: Family, key: string, tg: TableGpu, own: GPUBuffer[], vertices: number, instances: number, pipeline = family.pipeline): void {
    const buffers = this.buffers;
    buffers.length = 0;
    buffers.push(tg.time.xs.buffer, this.blockPx.buffer, ...own);
    let entry = this.groups.get(key);
    if (!entry || entry.buffers.length !== buffers.length || entry.buffers.some((b, i) => b !== buffers[i])) {
      const group = this.device.createBindGroup({
        layout: family.layout,
        entries: [{ binding: 0, resource: { buffer: this.uniform } }, ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } }))],
      });
      entry = { group, buffers: [...buffers] };
      this.groups.set(key, entry);
    }
    frame.pass.setPipeline(pipeline);
    frame.pass.setBindGroup(0, entry.group);
    // Not instanced: the shaders derive the primitive from vertex_index / vertices (4 per quad).
    drawQuads(frame.pass, this.device, (vertices / 4) * instances);
  }

  destroy(): void {
    destroyBuffer(this.uniform);
    this.blockPx.destroy();
    this.extents?.destroy();
    this.groups.clear();
  }
}
