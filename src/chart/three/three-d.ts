/**
 * The `3d` scene kind: a chart whose series are 3D (points3d, surface, line3d). Loaded with a
 * dynamic import (its own chunk: a 2D page never downloads it). It is the scene (a data box and
 * an orbit camera instead of panes; `layout` gives the frame's view-projection), the renderer
 * the engine hands the frame to (SceneRenderer), and what the element's input handlers move
 * (orbit, zoom, pan) and ask (picking).
 */
import { parseColor, type Rgba } from '../colors.js';
import type { Theme } from '../theme.js';
import type { Scene, SceneGeometry } from '../scene/scene.js';
import type { GpuState } from '../render/gpu-renderer.js';
import type { SceneFrame, SceneRenderer } from '../render/scene-renderer.js';
import { CameraView, DEFAULT_ORBIT, sanitizeCamera, wrapDegrees, MAX_ELEVATION, MIN_DISTANCE, MAX_DISTANCE, type CameraState, type Projection, type Vec3 } from './camera.js';
import { checkSeries3D, unchangedSeries, DataBox, POINT_MARKERS, extendLine, lineAppendFrom, lineOrigin, pointVertices, surfaceValues, surfaceZ, writeLineVertices, type CheckedSeries } from './data.js';
import { layoutAxes, type AxesLayout } from './axes.js';
import { ThreeRenderer, THREE_FAMILY_NEEDS, type Mesh3D } from './renderer.js';
import { colormapLut } from '../colormaps.js';
import type { Line3DSpec, Points3DSpec, Series3DSpec } from './spec.js';

/** Points3d series with more drawn points than this are hover-picked on the GPU (gpu-pick.ts, its own chunk, loaded at the first such pick); below it the CPU pass takes about a ms. */
export const GPU_PICK_MIN_POINTS = 50_000;
import type { A11yTextSource } from '../interaction/a11y.js';
import { summary3D, tableRows3D } from './a11y.js';

export type { CameraState, Projection } from './camera.js';
export { sanitizeCamera, interpolateCamera } from './camera.js';
// The element's side of a 3D chart once the chunk is here (elements/chart/three-view.ts loads this module).
export { ThreeChart, type ThreeSettings } from './three-chart.js';

/** What is under the pointer (see `pick`). */
export interface Hit3D {
  series: string;
  type: Series3DSpec['type'];
  /** Row of the series' columns, or for a surface the value's index in `grid.values`. */
  index: number;
  x: number;
  y: number;
  z: number;
  /** The colour column's value (points3d with colorValues). */
  value?: number;
  /** Surface cell: grid column and row. */
  column?: number;
  row?: number;
  /** Where the picked point is drawn, CSS px from the chart's top left. */
  px: number;
  py: number;
}

function lineWidth(spec: Line3DSpec): number {
  return spec.width !== undefined && spec.width > 0 && Number.isFinite(spec.width) ? spec.width : 2;
}

/** Picked points this close on screen (CSS px) count as equally near: the one nearer the eye wins. */
const TIE_PX = 2;

export interface ThreeDOptions {
  titles: [string, string, string];
  locale?: string;
}

export class ThreeDScene implements Scene, SceneRenderer {
  readonly kind = '3d' as const;
  readonly families = THREE_FAMILY_NEEDS;
  private readonly renderer = new ThreeRenderer();
  private checked: CheckedSeries[] = [];
  private box = new DataBox([]);
  private meshesFor: Theme | null = null;
  /** The meshes the renderer draws (set with them; lines grow in place on appends). */
  private current: Mesh3D[] = [];
  /** What `current` was built from: the checked series and the theme (a series still the same keeps its mesh). */
  private currentFrom: { checked: CheckedSeries[]; theme: Theme | null } = { checked: [], theme: null };
  private orbit: { azimuth: number; elevation: number; distance: number } = { ...DEFAULT_ORBIT };
  /** The target in data units; null: the data box's centre. */
  private target: Vec3 | null = null;
  projection: Projection = 'perspective';
  options: ThreeDOptions = { titles: ['x', 'y', 'z'] };
  /** The last frame's camera and axes (picking and labels read them). */
  view: CameraView | null = null;
  axes: AxesLayout | null = null;
  private dpr = 1;
  /** Rows left out for non-finite coordinates, over every series. */
  skipped = 0;

  constructor(private readonly requestFrame: () => void) {}

  /**
   * Checks the series; throws an Error naming the field when one cannot be drawn (the last good
   * series stay). Returns the number of rows skipped for non-finite coordinates.
   */
  setSeries(specs: readonly Series3DSpec[]): number {
    if (this.appendLines(specs)) return this.skipped;
    // A points3d or line3d series set again unchanged is not checked again (nor built: see `meshes`).
    const prev = this.checked;
    let checked: CheckedSeries[];
    try {
      checked = specs.map((s, i) => (unchangedSeries(prev[i], s) && prev[i].at === i ? prev[i] : checkSeries3D(s, i, prev[i])));
    } catch (err) {
      // A surface checked before the bad series may have refilled the float32 array of the one
      // at its place, which stays drawn: those surfaces take their values from their spec again.
      for (const c of prev) if (c.spec.type === 'surface' && c.z32) c.zOrigin = surfaceZ(c.spec.grid.values, c.z32, c.zOrigin).origin;
      this.meshesFor = null;
      throw err;
    }
    this.setChecked(checked);
    this.meshesFor = null;
    this.requestFrame();
    return this.skipped;
  }

  private setChecked(checked: CheckedSeries[]): void {
    this.checked = checked;
    this.box = new DataBox(checked.filter((c) => c.spec.visible !== false));
    this.skipped = checked.reduce((n, c) => n + c.skipped, 0);
  }

  /**
   * When every series is a line3d that only grew at the end (see `lineAppendFrom`) and the meshes
   * are built: checks and uploads only the new rows (lines are kept in data units, so a data box
   * that grows moves them through their matrix, not their points). False: build everything.
   */
  private appendLines(specs: readonly Series3DSpec[]): boolean {
    const prev = this.checked;
    const theme = this.meshesFor;
    if (!theme || !specs.length || specs.length !== prev.length || this.current.length !== specs.length) return false;
    const from = specs.map((s, i) => lineAppendFrom(prev[i], s));
    if (from.some((f) => f < 0)) return false;
    this.setChecked(specs.map((s, i) => extendLine(prev[i], s as Line3DSpec, i)));
    specs.forEach((s, i) => {
      const spec = s as Line3DSpec;
      const mesh = this.current[i];
      // A hidden line stays an empty mesh (shown again, it is built whole).
      if (mesh.kind !== 'line' || spec.visible === false) return;
      const n = spec.x.length;
      if (n * 4 > mesh.data.length) {
        // Room for the stream to go on: the CPU copy doubles as the GPU buffer does.
        const data = new Float32Array(Math.max(n * 4, mesh.data.length * 2));
        data.set(mesh.data.subarray(0, mesh.count * 4));
        mesh.data = data;
      }
      writeLineVertices(spec, mesh.origin, mesh.data, from[i], n);
      mesh.count = n;
      mesh.color = this.seriesColor(spec, i, theme);
      mesh.widthCss = lineWidth(spec);
      this.renderer.lineAppended(i, from[i]);
    });
    // The meshes were grown in place: they are those of the series now.
    this.currentFrom = { checked: this.checked, theme };
    this.requestFrame();
    return true;
  }

  private seriesColor(spec: Series3DSpec, i: number, theme: Theme): Rgba {
    const fallback = theme.series[i % theme.series.length];
    return spec.color ? parseColor(spec.color, fallback) : fallback;
  }

  /** The accessible name and data table of this scene (the chart's controller asks it while the chart is 3D). */
  readonly text: A11yTextSource = {
    summary: (label, fmt) => summary3D(this.checked, this.box, this.options.titles, label, fmt),
    tableRows: (fmt, maxRows) => tableRows3D(this.checked, this.options.titles, fmt, maxRows),
  };

  get seriesTitles(): string[] {
    return this.checked.map((c) => c.title);
  }

  get dataBox(): DataBox {
    return this.box;
  }

  /** Each series' level of detail at the last frame: a surface's [kx, ky] (every kx-th column and ky-th row drawn), null for the others. */
  get surfaceSteps(): Array<[number, number] | null> {
    return this.current.map((m) => (m.kind === 'surface' ? [...m.values.steps] : null));
  }

  // ---- camera ------------------------------------------------------------------------------

  get camera(): CameraState {
    return { ...this.orbit, target: this.target ? [...this.target] : [...this.box.centre] };
  }

  set camera(value: Partial<CameraState>) {
    const next = sanitizeCamera(value, this.camera);
    this.orbit = { azimuth: next.azimuth, elevation: next.elevation, distance: next.distance };
    this.target = value.target ? next.target : this.target;
    this.requestFrame();
  }

  /** The default camera for the current data. */
  get homeCamera(): CameraState {
    return { ...DEFAULT_ORBIT, target: [...this.box.centre] };
  }

  /** Rotates by a drag of (dx, dy) CSS px. */
  orbitBy(dx: number, dy: number): void {
    this.orbit.azimuth = wrapDegrees(this.orbit.azimuth - dx * 0.4);
    this.orbit.elevation = Math.max(-MAX_ELEVATION, Math.min(MAX_ELEVATION, this.orbit.elevation + dy * 0.4));
    this.requestFrame();
  }

  /** Moves closer (factor < 1) or away. */
  zoomBy(factor: number): void {
    this.orbit.distance = Math.max(MIN_DISTANCE, Math.min(MAX_DISTANCE, this.orbit.distance * factor));
    this.requestFrame();
  }

  /** Moves the target with a drag of (dx, dy) CSS px, so the data follows the pointer. */
  panBy(dx: number, dy: number): void {
    const v = this.view;
    if (!v) return;
    const k = v.unitsPerPx * this.dpr;
    const t = this.camera.target;
    const b = this.box;
    const move = [0, 1, 2].map((a) => -v.right[a] * dx * k + v.up[a] * dy * k);
    this.target = [t[0] + move[0] / b.scale[0], t[1] + move[1] / b.scale[1], t[2] + move[2] / b.scale[2]];
    this.requestFrame();
  }

  // ---- the frame ---------------------------------------------------------------------------

  /** The camera for this canvas size (float64), and the axes box seen through it. */
  layout(geometry: SceneGeometry): void {
    this.dpr = geometry.dpr;
    const t = this.target;
    const b = this.box;
    const targetBox: Vec3 = t ? [b.toBox(0, t[0]), b.toBox(1, t[1]), b.toBox(2, t[2])] : [0, 0, 0];
    this.view = new CameraView(this.orbit, targetBox, this.projection, geometry.width, geometry.height);
    const maxTicks = Math.max(2, Math.min(8, Math.floor(Math.min(geometry.width, geometry.height) / (90 * geometry.dpr)) + 2));
    this.axes = layoutAxes(b, this.view, { titles: this.options.titles, locale: this.options.locale, maxTicks, measure: geometry.measure, fontPx: geometry.fontPx });
  }

  private meshes(theme: Theme): Mesh3D[] {
    const box = this.box;
    const previous = this.current;
    const from = this.currentFrom.theme === theme ? this.currentFrom.checked : [];
    const meshes = this.checked.map((c, i): Mesh3D => {
      const spec = c.spec;
      const was = previous[i];
      // The same points or line as drawn: its vertices and GPU buffers stay (points are drawn
      // through a matrix from the data box they were built in, lines are in data units).
      if (c === from[i] && spec.visible !== false && (was?.kind === 'points' || was?.kind === 'line')) return was;
      const color = this.seriesColor(spec, i, theme);
      // A hidden series is an empty line; the one made before stays (its GPU objects with it).
      if (spec.visible === false) return was?.kind === 'line' && was.count === 0 && was.widthCss === 0 ? was : { kind: 'line', data: new Float32Array(0), count: 0, origin: [0, 0, 0], color, widthCss: 0 };
      if (spec.type === 'points3d') {
        const v = pointVertices(spec, box);
        const lut = spec.colorValues ? colormapLut(spec.colormap ?? 'viridis') : null;
        const shape = Math.max(0, POINT_MARKERS.indexOf(spec.marker ?? 'circle'));
        return { kind: 'points', data: v.data, count: v.count, rows: v.rows, box: { centre: box.centre, scale: box.scale }, color, lut, shape, sizeCss: spec.size !== undefined && spec.size > 0 && Number.isFinite(spec.size) ? spec.size : 4 };
      }
      if (spec.type === 'line3d') {
        const n = spec.x.length;
        const origin = lineOrigin(c);
        const data = new Float32Array(n * 4);
        writeLineVertices(spec, origin, data, 0, n);
        return { kind: 'line', data, count: n, origin, color, widthCss: lineWidth(spec) };
      }
      const lut = spec.color && spec.colormap === undefined ? null : colormapLut(spec.colormap ?? 'viridis');
      const wire = spec.wireframe ? (typeof spec.wireframe === 'string' ? parseColor(spec.wireframe, theme.axis) : theme.axis) : null;
      // z was made float32 by the check (into the array of the surface checked before at this place).
      const values = surfaceValues(c, box);
      if (was?.kind === 'surface') values.steps = was.values.steps;
      return { kind: 'surface', values, color, lut, wire };
    });
    this.currentFrom = { checked: this.checked, theme };
    return meshes;
  }

  encode(s: GpuState, texture: GPUTexture, frame: SceneFrame): void {
    const { width, height, dpr, theme } = frame;
    if (this.meshesFor !== theme) {
      this.current = this.meshes(theme);
      this.renderer.setMeshes(this.current);
      this.meshesFor = theme;
    }
    this.layout({ width, height, dpr, fontPx: theme.fontSizePx * dpr, measure: (text) => s.labels.measure(text, theme, dpr) });
    const axes = this.axes!;
    this.renderer.draw(s, texture, {
      width,
      height,
      dpr,
      theme,
      view: this.view!,
      grid: axes.grid,
      edges: axes.edges,
      box: this.box,
      labels: () => {
        for (const l of axes.labels) s.labels.note(l.text, l.x, l.y, 'center', theme.text, theme, dpr);
        if (this.skipped > 0) {
          const text = `${this.skipped.toLocaleString(this.options.locale)} ${this.skipped === 1 ? 'point' : 'points'} with a non-finite coordinate left out`;
          s.labels.note(text, 8 * dpr, (8 + theme.fontSizePx / 2) * dpr, 'left', theme.text, theme, dpr);
        }
      },
    });
  }

  gpuLost(): void {
    this.renderer.gpuLost();
  }

  destroy(): void {
    this.renderer.destroy();
    this.meshesFor = null;
  }

  // ---- picking -----------------------------------------------------------------------------

  /**
   * The drawn point, line vertex or surface grid point nearest (x, y) CSS px on screen, within a
   * few px (of those about as near, the one nearest the eye), with its data coordinates; null
   * when none is near. A pass over every point on the main thread: `pickAsync` is what hover uses.
   */
  pick(xCss: number, yCss: number): Hit3D | null {
    return this.pickCpu(xCss, yCss, false)?.hit ?? null;
  }

  /** The points3d series searched on the GPU by `pickAsync` (more drawn points than GPU_PICK_MIN_POINTS, on the GPU already). */
  private gpuPicked(c: CheckedSeries): boolean {
    const mesh = this.current[c.at];
    return c.spec.type === 'points3d' && c.spec.visible !== false && mesh?.kind === 'points' && mesh.count > GPU_PICK_MIN_POINTS && !!this.renderer.pointsOnGpu(c.at);
  }

  /**
   * As `pick`, without holding the main thread for large clouds: points3d series of more than
   * GPU_PICK_MIN_POINTS points are searched by a compute shader over their drawn buffer
   * (gpu-pick.ts), the rest on the CPU. Resolves to null too when the camera, the canvas or the
   * series changed before the GPU answered (the answer is for a picture no longer shown).
   */
  async pickAsync(xCss: number, yCss: number): Promise<Hit3D | null> {
    const view = this.view;
    if (!view) return null;
    const gpuSeries = this.checked.filter((c) => this.gpuPicked(c));
    const cpu = this.pickCpu(xCss, yCss, true);
    if (!gpuSeries.length) return cpu?.hit ?? null;
    const d = this.dpr;
    const tie = TIE_PX * d;
    const meshes = this.current;
    const { pickPointsOnGpu } = await import('./gpu-pick.js');
    const answers = await Promise.all(
      gpuSeries.map((c) => {
        const gpu = this.renderer.pointsOnGpu(c.at)!;
        const mesh = meshes[c.at] as Extract<Mesh3D, { kind: 'points' }>;
        const size = (c.spec as Points3DSpec).size ?? 4;
        return pickPointsOnGpu({ device: gpu.device, points: gpu.buffer, count: mesh.count, viewProjection: gpu.matrix, x: xCss * d, y: yCss * d, width: view.width, height: view.height, radius: (size / 2 + 4) * d, tie });
      }),
    );
    const now = this.view;
    if (this.current !== meshes || !now || now.width !== view.width || now.height !== view.height || now.viewProjection.some((v, i) => v !== view.viewProjection[i])) return null;
    // The nearest of all: by distance in steps of the tie distance, then depth (the GPU's key).
    let best: { hit: Hit3D; step: number; depth: number } | null = cpu ? { hit: cpu.hit, step: Math.floor(cpu.distance / tie), depth: cpu.depth } : null;
    for (let k = 0; k < answers.length; k++) {
      const a = answers[k];
      if (!a || (best && (a.step > best.step || (a.step === best.step && a.depth >= best.depth)))) continue;
      const c = gpuSeries[k];
      const spec = c.spec as Points3DSpec;
      const mesh = meshes[c.at] as Extract<Mesh3D, { kind: 'points' }>;
      const row = mesh.rows ? mesh.rows[a.index] : a.index;
      const box = this.box;
      const at = view.project(box.toBox(0, spec.x[row]), box.toBox(1, spec.y[row]), box.toBox(2, spec.z[row]));
      const hit: Hit3D = { series: c.title, type: 'points3d', index: row, x: spec.x[row], y: spec.y[row], z: spec.z[row], px: at.x / d, py: at.y / d };
      if (spec.colorValues) hit.value = spec.colorValues[row];
      best = { hit, step: a.step, depth: a.depth };
    }
    return best?.hit ?? null;
  }

  /** `pick` on the CPU, with the hit's screen distance (device px) and depth; `skipGpu`: leaves out the series `pickAsync` searches on the GPU. */
  private pickCpu(xCss: number, yCss: number, skipGpu: boolean): { hit: Hit3D; distance: number; depth: number } | null {
    const view = this.view;
    if (!view) return null;
    const d = this.dpr;
    const px = xCss * d;
    const py = yCss * d;
    const m = view.viewProjection;
    const w = view.width;
    const h = view.height;
    let bestDepth = Infinity;
    const box = this.box;
    // Projects box point (x, y, z) and keeps it when within `radius` device px and nearer.
    // The nearest so far: which series and index, and where it is drawn (no allocation per point).
    let bestSeries: CheckedSeries | null = null;
    let bestIndex = -1;
    let bestX = 0;
    let bestY = 0;
    let bestDistance = Infinity;
    /**
     * True when box point (x, y, z) is drawn within `radius` device px of the pointer and beats the
     * best so far: nearer the pointer on screen, or about as near (within TIE_PX) and nearer the eye.
     */
    const nearer = (x: number, y: number, z: number, radius: number): boolean => {
      const cw = m[3] * x + m[7] * y + m[11] * z + m[15];
      if (cw <= 0) return false;
      const sx = (((m[0] * x + m[4] * y + m[8] * z + m[12]) / cw) * 0.5 + 0.5) * w;
      const sy = (0.5 - ((m[1] * x + m[5] * y + m[9] * z + m[13]) / cw) * 0.5) * h;
      const dx = sx - px;
      const dy = sy - py;
      if (dx * dx + dy * dy > radius * radius) return false;
      const depth = (m[2] * x + m[6] * y + m[10] * z + m[14]) / cw;
      if (depth < 0 || depth > 1) return false;
      const distance = Math.sqrt(dx * dx + dy * dy);
      const tie = TIE_PX * d;
      if (distance > bestDistance + tie || (distance >= bestDistance - tie && depth >= bestDepth)) return false;
      bestDepth = depth;
      bestDistance = distance;
      bestX = sx;
      bestY = sy;
      return true;
    };
    for (const c of this.checked) {
      const spec = c.spec;
      if (spec.visible === false || (skipGpu && this.gpuPicked(c))) continue;
      if (spec.type === 'surface') {
        const { xs, ys } = c.grid!;
        const values = spec.grid.values;
        const nc = xs.length;
        // The grid points drawn (every kx-th column and ky-th row at the last frame's level of detail, and the last ones).
        const mesh = this.current[c.at];
        const [kx, ky] = mesh?.kind === 'surface' ? mesh.values.steps : [1, 1];
        for (let lr = 0; lr < ys.length - 1 + ky; lr += ky) {
          const r = Math.min(lr, ys.length - 1);
          const by = box.toBox(1, ys[r]);
          for (let lc = 0; lc < nc - 1 + kx; lc += kx) {
            const col = Math.min(lc, nc - 1);
            const i = r * nc + col;
            const z = values[i];
            if (!Number.isFinite(z)) continue;
            if (nearer(box.toBox(0, xs[col]), by, box.toBox(2, z), 10 * d)) {
              bestSeries = c;
              bestIndex = i;
            }
          }
        }
        continue;
      }
      const radius = ((spec.type === 'points3d' ? (spec.size ?? 4) : (spec.width ?? 2)) / 2 + 4) * d;
      const { x, y, z } = spec;
      for (let i = 0; i < x.length; i++) {
        const a = x[i],
          b = y[i],
          e = z[i];
        if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(e)) continue;
        if (nearer(box.toBox(0, a), box.toBox(1, b), box.toBox(2, e), radius)) {
          bestSeries = c;
          bestIndex = i;
        }
      }
    }
    if (!bestSeries) return null;
    const spec = bestSeries.spec;
    const at = { series: bestSeries.title, type: spec.type, index: bestIndex, px: bestX / d, py: bestY / d };
    const found = { distance: bestDistance, depth: bestDepth };
    if (spec.type === 'surface') {
      const { xs, ys } = bestSeries.grid!;
      const column = bestIndex % xs.length;
      const row = Math.floor(bestIndex / xs.length);
      return { ...found, hit: { ...at, x: xs[column], y: ys[row], z: spec.grid.values[bestIndex], column, row } };
    }
    const hit: Hit3D = { ...at, x: spec.x[bestIndex], y: spec.y[bestIndex], z: spec.z[bestIndex] };
    if (spec.type === 'points3d' && spec.colorValues) hit.value = spec.colorValues[bestIndex];
    return { ...found, hit };
  }
}

export { ThreeInput, type ThreeInputHost } from './three-input.js';
