/**
 * The GPU side of a 3D scene: its four pipeline families (points, lines, surfaces and their
 * wireframe; made per device on demand through the engine's FamilyNeed list), each series'
 * buffers, a depth texture the size of the canvas, and the frame: one pass with depth testing
 * for the box grid and the series, then one without for the labels (the 2D families have no
 * depth state, so they cannot draw in a pass that has a depth attachment).
 */
import commonSource from '../../../shaders/three-common.wgsl';
import pointsSource from '../../../shaders/three-points.wgsl';
import lineSource from '../../../shaders/three-line.wgsl';
import surfaceSource from '../../../shaders/three-surface.wgsl';
import { bindGroupLayout, renderPipeline, shaderModule, PREMULTIPLIED_BLEND } from '../../gpu/pipelines.js';
import { createBuffer, destroyBuffer, GrowableBuffer } from '../../gpu/buffers.js';
import { drawQuads } from '../../gpu/quad-index.js';
import type { Family } from '../../gpu/families.js';
import type { FamilyNeed, GpuState } from '../render/gpu-renderer.js';
import type { Rgba } from '../colors.js';
import type { Theme } from '../theme.js';
import { identity, multiply, type CameraView } from './camera.js';
import { CellBands } from '../heatmap/cell-bands.js';
import { encodePool, makePoolPipeline, poolPipelines, POOL_PARAM_BYTES, type SurfacePool } from './surface-pool.js';
import { projectedSides, stepCells, surfaceSteps, type SurfaceValues } from './data.js';

/** 24-bit depth: every WebGPU device has it, and it is enough for a box seen from outside. */
export const DEPTH_FORMAT: GPUTextureFormat = 'depth24plus';

const UNIFORM_BYTES = 128;

export type Mesh3D =
  | {
      kind: 'points';
      data: Float32Array;
      count: number;
      /** The series' row of each drawn point (null: point i is row i; rows with a non-finite coordinate are not drawn). */
      rows: Uint32Array | null;
      /** The data box the points were built in (box units): drawn through a matrix to the frame's box, so a box that changes leaves them as they are. */
      box: BoxMap;
      color: Rgba;
      lut: Float32Array | null;
      sizeCss: number;
      /** 0 circle, 1 square, 2 triangle (POINT_MARKERS) */
      shape: number;
    }
  /**
   * A polyline: `count` points of (x, y, z, 1) in `data` (which may hold more: room for appends),
   * relative to `origin` in data units; the draw's matrix maps them through the data box.
   */
  | { kind: 'line'; data: Float32Array; count: number; origin: readonly [number, number, number]; color: Rgba; widthCss: number }
  /** A surface: its z values and grid (see SurfaceValues), drawn from `vertex_index` (three-surface.wgsl). */
  | { kind: 'surface'; values: SurfaceValues; color: Rgba; lut: Float32Array | null; wire: Rgba | null };

/** A data box's map: box = (data − centre) · scale, per axis. */
export interface BoxMap {
  centre: readonly number[];
  scale: readonly number[];
}

type FamilyName = 'three:points' | 'three:line' | 'three:box' | 'three:surface' | 'three:wire';

function layoutFor(device: GPUDevice, storageArrays: number): GPUBindGroupLayout {
  return bindGroupLayout(device, `three:${storageArrays}`, () => ({
    entries: [
      { binding: 0, visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT, buffer: { type: 'uniform' } },
      ...Array.from({ length: storageArrays }, (_, i) => ({ binding: 1 + i, visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT, buffer: { type: 'read-only-storage' as const } })),
    ],
  }));
}

/** Surfaces: the draw's uniform, the colormap, the grid's x/y, four z bands, the grid uniform, the pooled drawn grid (three-surface.wgsl). */
function surfaceLayout(device: GPUDevice): GPUBindGroupLayout {
  return bindGroupLayout(device, 'three:surface', () => ({
    entries: [
      { binding: 0, visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT, buffer: { type: 'uniform' } },
      ...Array.from({ length: 6 }, (_, i) => ({ binding: 1 + i, visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT, buffer: { type: 'read-only-storage' as const } })),
      { binding: 7, visibility: GPUShaderStage.VERTEX, buffer: { type: 'uniform' } },
      { binding: 8, visibility: GPUShaderStage.VERTEX, buffer: { type: 'read-only-storage' } },
    ],
  }));
}

const GRID_BYTES = 64;
/** Wireframe lines at least this many device px apart (denser ones would cover the surface). */
const WIRE_SPACING_PX = 3;

const compileChecks = new WeakMap<GPUShaderModule, Promise<GPUCompilationMessage[]>>();

async function make3dFamily(device: GPUDevice, format: GPUTextureFormat, name: FamilyName): Promise<Family> {
  const source = name === 'three:points' ? pointsSource : name === 'three:line' || name === 'three:box' ? lineSource : surfaceSource;
  const moduleName = name === 'three:wire' ? 'three:surface' : name === 'three:box' ? 'three:line' : name;
  const module = shaderModule(device, moduleName, `${commonSource}\n${source}`);
  // Asked once per module (as gpu/families.ts does): the answer is kept for every later family.
  let check = compileChecks.get(module);
  if (!check) {
    check = module.getCompilationInfo().then((info) => info.messages.filter((m) => m.type === 'error'));
    compileChecks.set(module, check);
  }
  const errors = await check;
  if (errors.length) throw new Error(`WGSL errors in ${moduleName}: ${errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  const surface = name === 'three:surface' || name === 'three:wire';
  if (name === 'three:surface') await makePoolPipeline(device);
  const layout = surface ? surfaceLayout(device) : layoutFor(device, 2);
  const make = (key: string, vertex: string, fragment: string) =>
    renderPipeline(device, `${key}:${format}`, () => ({
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      vertex: { module, entryPoint: vertex, buffers: [] },
      fragment: { module, entryPoint: fragment, targets: [{ format, blend: PREMULTIPLIED_BLEND }] },
      primitive: { topology: name === 'three:wire' ? 'line-list' : 'triangle-list', cullMode: 'none' },
      // The box's lines are drawn first and write no depth: the data always covers them, and their
      // anti-aliased fringes (nearly transparent) never hide data behind them.
      depthStencil: name === 'three:box' ? { format: DEPTH_FORMAT, depthWriteEnabled: false, depthCompare: 'always' } : { format: DEPTH_FORMAT, depthWriteEnabled: true, depthCompare: 'less-equal' },
    }));
  const wireframe = name === 'three:wire';
  // Points coloured through a lookup table have their own pair (three-points.wgsl says why),
  // compiled beside the one-colour pair rather than after it.
  const [pipeline, lut] = await Promise.all([
    make(name, wireframe ? 'vs_wire' : 'vs', wireframe ? 'fs_wire' : 'fs'),
    name === 'three:points' ? make('three:points:lut', 'vs_lut', 'fs_lut') : undefined,
  ]);
  return lut ? { pipeline, layout, lut } : { pipeline, layout };
}

/** The families a 3D scene needs (made on demand per device; the frame waits for them). */
export const THREE_FAMILY_NEEDS: FamilyNeed[] = (['three:points', 'three:line', 'three:box', 'three:surface', 'three:wire'] as FamilyName[]).map((key) => ({
  key,
  make: (device: GPUDevice, format: GPUTextureFormat) => make3dFamily(device, format, key),
  phase: 'gpu' as const,
}));

/** One draw's uniform and bind group, with the buffers it reads. */
interface DrawGpu {
  uniform: GPUBuffer;
  buffers: GPUBuffer[];
  bindGroup: GPUBindGroup;
  /** Surfaces: z values (bands), the grid uniform (its level of detail, written each frame), the wireframe's uniform. */
  z?: CellBands;
  /** Surfaces: the drawn grid points' pooled values (three-surface-pool.wgsl), its pass's parameters and bind group, and what they hold: `k` the steps pooled, '' none yet or z written since. */
  pool?: SurfacePool;
  gridUniform?: GPUBuffer;
  wireUniform?: GPUBuffer;
  wireBindGroup?: GPUBindGroup;
  /** Lines: their points, grown by doubling (appends write only the new rows); `bound` is its generation in the bind group. */
  lineData?: GrowableBuffer;
  bound?: number;
  /** Points: the matrix of the last frame (what GPU picking projects with). */
  matrix?: Float32Array;
}

function storage(device: GPUDevice, label: string, data: Float32Array, usage = GPUBufferUsage.STORAGE): GPUBuffer {
  const bytes = Math.max(16, data.byteLength);
  const buffer = createBuffer(device, { label, size: Math.ceil(bytes / 4) * 4, usage: usage | GPUBufferUsage.COPY_DST });
  if (data.byteLength) device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/** Frame inputs the renderer needs beyond the GPU state. */
export interface Frame3D {
  width: number;
  height: number;
  dpr: number;
  theme: Theme;
  view: CameraView;
  /** Box grid and outline as line points (see axes.ts). */
  grid: Float32Array;
  edges: Float32Array;
  /** Puts the frame's labels into the label layer (begun already). */
  labels(): void;
  /** The data box's map, for lines kept in data units and points built in an earlier box. */
  box: BoxMap;
}

export class ThreeRenderer {
  private meshes: Mesh3D[] = [];
  private gpu: DrawGpu[] | null = null;
  private device: GPUDevice | null = null;
  private depth: GPUTexture | null = null;
  private axes: { grid: DrawGpu | null; edges: DrawGpu | null } = { grid: null, edges: null };
  private readonly uniformData = new Float32Array(UNIFORM_BYTES / 4);
  /** Lines whose points grew since the last frame: draw index → the first new point. */
  private readonly appended = new Map<number, number>();

  /** Surfaces' GPU objects kept from the last series for the same index (same grid size and wireframe): refilled, not made again. */
  private kept = new Map<number, DrawGpu>();
  /** Indexes of `kept` whose mesh is the very one drawn before (points, lines): kept as they are. */
  private readonly unchanged = new Set<number>();

  /**
   * New series: their GPU buffers are made at the next frame, except a surface that replaces one
   * of the same grid size at the same place: its buffers stay and take the new values (one
   * writeBuffer of z, and the small grid and colormap arrays).
   */
  setMeshes(meshes: Mesh3D[]): void {
    const old = this.meshes;
    const gpu = this.gpu;
    this.gpu = null;
    for (const d of this.kept.values()) this.releaseDraw(d);
    this.kept.clear();
    this.unchanged.clear();
    gpu?.forEach((d, i) => {
      const was = old[i];
      const now = meshes[i];
      // The same mesh (a points or line series set again unchanged): its GPU objects stay as they are.
      if (was === now && was.kind !== 'surface') {
        this.kept.set(i, d);
        this.unchanged.add(i);
        return;
      }
      const same =
        was?.kind === 'surface' &&
        now?.kind === 'surface' &&
        was.values.columns === now.values.columns &&
        was.values.rows === now.values.rows &&
        !!was.wire === !!now.wire &&
        (was.lut?.length ?? 4) === (now.lut?.length ?? 4);
      if (same) this.kept.set(i, d);
      else this.releaseDraw(d);
    });
    this.meshes = meshes;
    this.appended.clear();
  }

  /**
   * Line `index` (of the meshes set) holds more points from point `from` on (its `data` and
   * `count` updated by the caller): the next frame uploads only those.
   */
  lineAppended(index: number, from: number): void {
    this.appended.set(index, Math.min(from, this.appended.get(index) ?? from));
  }

  /** Mesh `index`'s points on the GPU (what is drawn, box units), for GPU picking; null before its first frame or for another kind. */
  pointsOnGpu(index: number): { device: GPUDevice; buffer: GPUBuffer; matrix: Float32Array } | null {
    const d = this.gpu?.[index];
    return this.meshes[index]?.kind === 'points' && d?.matrix && this.device ? { device: this.device, buffer: d.buffers[1], matrix: d.matrix } : null;
  }

  /** The device is gone: forget its objects (they went with it). */
  gpuLost(): void {
    this.gpu = null;
    this.kept.clear();
    this.axes = { grid: null, edges: null };
    this.depth = null;
    this.device = null;
  }

  destroy(): void {
    this.releaseSeries();
    this.releaseAxes();
    this.depth?.destroy();
    this.depth = null;
    this.device = null;
  }

  private releaseDraw(d: DrawGpu | null): void {
    if (!d) return;
    for (const b of [d.uniform, ...d.buffers, d.gridUniform, d.wireUniform, d.pool?.buffer, d.pool?.params]) if (b) destroyBuffer(b);
    d.lineData?.destroy();
    d.z?.destroy();
  }

  private releaseSeries(): void {
    for (const d of this.gpu ?? []) this.releaseDraw(d);
    this.gpu = null;
    for (const d of this.kept.values()) this.releaseDraw(d);
    this.kept.clear();
  }

  private releaseAxes(): void {
    this.releaseDraw(this.axes.grid);
    this.releaseDraw(this.axes.edges);
    this.axes = { grid: null, edges: null };
  }

  private depthFor(device: GPUDevice, width: number, height: number): GPUTexture {
    if (!this.depth || this.depth.width !== width || this.depth.height !== height) {
      this.depth?.destroy();
      this.depth = device.createTexture({ label: '3d depth', size: [width, height], format: DEPTH_FORMAT, usage: GPUTextureUsage.RENDER_ATTACHMENT });
    }
    return this.depth;
  }

  private uniform(device: GPUDevice): GPUBuffer {
    return createBuffer(device, { label: '3d draw', size: UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  }

  private build(device: GPUDevice, families: Record<string, Family | undefined>): DrawGpu[] {
    const lutOf = (lut: Float32Array | null) => storage(device, '3d colormap', lut ?? new Float32Array(4));
    const kept = this.kept;
    this.kept = new Map();
    const unchanged = new Set(this.unchanged);
    this.unchanged.clear();
    return this.meshes.map((m, i) => {
      const same = kept.get(i);
      if (same && unchanged.has(i)) {
        kept.delete(i);
        return same;
      }
      if (m.kind === 'surface') {
        const old = kept.get(i);
        kept.delete(i);
        return old ? this.refillSurface(device, old, m) : this.buildSurface(device, families, m);
      }
      const uniform = this.uniform(device);
      const lut = lutOf(m.kind === 'points' ? m.lut : null);
      if (m.kind === 'line') {
        const lineData = new GrowableBuffer(device, '3d line', GPUBufferUsage.STORAGE, Math.max(32, m.data.byteLength));
        lineData.writeRange(m.data, 0, m.count * 4);
        const d: DrawGpu = { uniform, buffers: [lut], lineData, bindGroup: null as unknown as GPUBindGroup };
        this.bindLine(device, families['three:line']!, d);
        return d;
      }
      const data = storage(device, `3d ${m.kind}`, m.data.length ? m.data : new Float32Array(8));
      const layout = families['three:points']!.layout;
      return {
        uniform,
        buffers: [lut, data],
        bindGroup: device.createBindGroup({
          layout,
          entries: [
            { binding: 0, resource: { buffer: uniform } },
            { binding: 1, resource: { buffer: lut } },
            { binding: 2, resource: { buffer: data } },
          ],
        }),
      };
    });
  }

  /** A surface's buffers: colormap, grid x/y, z in bands, its pooled drawn grid, and the bind groups over them. */
  private buildSurface(device: GPUDevice, families: Record<string, Family | undefined>, m: Extract<Mesh3D, { kind: 'surface' }>): DrawGpu {
    const v = m.values;
    const lut = storage(device, '3d colormap', m.lut ?? new Float32Array(4));
    const axes = storage(device, 'surface grid x/y', v.axes);
    // z replaced whole goes up with writeBuffer, not staging buffers (cell-bands.ts says why)
    const z = new CellBands(device, v.z.length, 'surface z values', false);
    z.write(0, v.z);
    const d: DrawGpu = {
      uniform: this.uniform(device),
      buffers: [lut, axes],
      bindGroup: null as unknown as GPUBindGroup,
      z,
      gridUniform: createBuffer(device, { label: 'surface grid', size: GRID_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
      wireUniform: m.wire ? this.uniform(device) : undefined,
      // Grown to the drawn grid when the level of detail first pools (ensurePool).
      pool: {
        buffer: createBuffer(device, { label: 'surface pooled z', size: 16, usage: GPUBufferUsage.STORAGE }),
        params: createBuffer(device, { label: 'surface pool', size: POOL_PARAM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
        bindGroup: null,
        key: '',
      },
    };
    this.bindSurface(device, families, d);
    return d;
  }

  /** A surface's bind groups (again when its pooled buffer grew). */
  private bindSurface(device: GPUDevice, families: Record<string, Family | undefined>, d: DrawGpu): void {
    const [lut, axes] = d.buffers;
    const entries = (u: GPUBuffer) => [
      { binding: 0, resource: { buffer: u } },
      { binding: 1, resource: { buffer: lut } },
      { binding: 2, resource: { buffer: axes } },
      ...[0, 1, 2, 3].map((b) => ({ binding: 3 + b, resource: { buffer: d.z!.band(b) } })),
      { binding: 7, resource: { buffer: d.gridUniform! } },
      { binding: 8, resource: { buffer: d.pool!.buffer } },
    ];
    d.bindGroup = device.createBindGroup({ layout: families['three:surface']!.layout, entries: entries(d.uniform) });
    d.wireBindGroup = d.wireUniform ? device.createBindGroup({ layout: families['three:wire']!.layout, entries: entries(d.wireUniform) }) : undefined;
  }

  /**
   * Room for `points` pooled values (grows the buffer, binds again); false when one binding cannot
   * hold them (a grid of more than a quarter of the binding limit drawn at k = 2 along one side
   * only): then the drawn grid points are sampled.
   */
  private ensurePool(device: GPUDevice, families: Record<string, Family | undefined>, d: DrawGpu, points: number): boolean {
    const pool = d.pool!;
    const bytes = points * 4;
    if (bytes <= pool.buffer.size) return true;
    if (bytes > Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize)) return false;
    destroyBuffer(pool.buffer);
    pool.buffer = createBuffer(device, { label: 'surface pooled z', size: bytes, usage: GPUBufferUsage.STORAGE }, true);
    pool.bindGroup = null;
    this.bindSurface(device, families, d);
    return true;
  }

  /** A surface of the same size as the one drawn: its buffers take the new values (z in one writeBuffer per band). */
  private refillSurface(device: GPUDevice, d: DrawGpu, m: Extract<Mesh3D, { kind: 'surface' }>): DrawGpu {
    const [lut, axes] = d.buffers;
    const table = m.lut ?? new Float32Array(4);
    device.queue.writeBuffer(lut, 0, table.buffer, table.byteOffset, table.byteLength);
    const a = m.values.axes;
    device.queue.writeBuffer(axes, 0, a.buffer, a.byteOffset, a.byteLength);
    d.z!.write(0, m.values.z);
    // The pooled drawn grid is of the old values: pooled again at the next frame.
    d.pool!.key = '';
    return d;
  }

  /**
   * Writes a surface's grid uniform: its level of detail for this frame's camera (and the
   * wireframe's line steps, multiples of it), pooling the drawn grid points' values when it is
   * coarser than the grid (encoded into `encoder`, before the frame's pass); returns the cells
   * drawn along x and y and the wireframe's vertex count.
   */
  private writeGrid(device: GPUDevice, families: Record<string, Family | undefined>, encoder: GPUCommandEncoder, d: DrawGpu, v: SurfaceValues, f: Frame3D): [number, number, number] {
    const [across, along] = projectedSides(v.bounds, f.view.viewProjection, f.width, f.height);
    const [kx, ky] = surfaceSteps(v.columns, v.rows, across, along);
    const [wx, wy] = surfaceSteps(v.columns, v.rows, across / WIRE_SPACING_PX, along / WIRE_SPACING_PX).map((w, i) => Math.max(w, i ? ky : kx));
    const cx = stepCells(v.columns, kx);
    const cy = stepCells(v.rows, ky);
    const lineCols = stepCells(v.columns, wx) + 1;
    const lineRows = stepCells(v.rows, wy) + 1;
    const pooled = kx * ky > 1 && poolPipelines.has(device) && this.ensurePool(device, families, d, (cx + 1) * (cy + 1));
    if (pooled) encodePool(device, encoder, d.pool!, d.z!, v, kx, ky, cx, cy);
    const words = new Uint32Array(GRID_BYTES / 4);
    words.set([v.columns, v.rows, kx, ky, cx, cy, d.z!.bandCells, pooled ? 1 : 0, wx, wy, lineCols, lineRows]);
    new Float32Array(words.buffer).set([v.zScale, v.zOffset, v.tScale, v.tOffset], 12);
    device.queue.writeBuffer(d.gridUniform!, 0, words);
    v.steps = [kx, ky];
    return [cx, cy, (lineRows * cx + lineCols * cy) * 2];
  }

  /** A line's bind group over its points' buffer as it is now. */
  private bindLine(device: GPUDevice, family: Family, d: DrawGpu): void {
    const data = d.lineData!;
    d.bindGroup = device.createBindGroup({
      layout: family.layout,
      entries: [
        { binding: 0, resource: { buffer: d.uniform } },
        { binding: 1, resource: { buffer: d.buffers[0] } },
        { binding: 2, resource: { buffer: data.buffer } },
      ],
    });
    d.bound = data.generation;
  }

  /** Uploads the points appended to lines since the last frame (only those; the buffer doubles when full, copying on the GPU). */
  private uploadAppends(device: GPUDevice, family: Family): void {
    for (const [i, from] of this.appended) {
      const m = this.meshes[i];
      const d = this.gpu![i];
      if (m?.kind !== 'line' || !d?.lineData) continue;
      d.lineData.ensure(m.count * 16, from * 16);
      if (d.bound !== d.lineData.generation) this.bindLine(device, family, d);
      d.lineData.writeRange(m.data, from * 4, m.count * 4);
    }
    this.appended.clear();
  }

  /** A line's matrix: its points (data units from `origin`) through the data box, then the camera; float64, then float32. */
  private lineMatrix(f: Frame3D, origin: readonly [number, number, number]): Float32Array {
    const { centre, scale } = f.box;
    const model = identity();
    model[0] = scale[0];
    model[5] = scale[1];
    model[10] = scale[2];
    model[12] = scale[0] * (origin[0] - centre[0]);
    model[13] = scale[1] * (origin[1] - centre[1]);
    model[14] = scale[2] * (origin[2] - centre[2]);
    return Float32Array.from(multiply(f.view.viewProjection, model));
  }

  /** Points built in data box `built`: the map from it to the frame's box (per axis a scale and a shift), then the camera. */
  private pointsMatrix(f: Frame3D, built: BoxMap): Float32Array {
    const { centre, scale } = f.box;
    if ([0, 1, 2].every((a) => built.centre[a] === centre[a] && built.scale[a] === scale[a])) return f.view.viewProjection32();
    const model = identity();
    for (let a = 0; a < 3; a++) {
      model[a * 5] = scale[a] / built.scale[a];
      model[12 + a] = (built.centre[a] - centre[a]) * scale[a];
    }
    return Float32Array.from(multiply(f.view.viewProjection, model));
  }

  /** Box lines change with the camera (back faces): one buffer each, written every frame. */
  private axisDraw(device: GPUDevice, family: Family, old: DrawGpu | null, points: Float32Array): DrawGpu {
    if (old && old.buffers[1].size >= points.byteLength) {
      device.queue.writeBuffer(old.buffers[1], 0, points.buffer, points.byteOffset, points.byteLength);
      return old;
    }
    this.releaseDraw(old);
    const uniform = this.uniform(device);
    const lut = storage(device, '3d colormap', new Float32Array(4));
    const data = storage(device, '3d box lines', points);
    return {
      uniform,
      buffers: [lut, data],
      bindGroup: device.createBindGroup({
        layout: family.layout,
        entries: [
          { binding: 0, resource: { buffer: uniform } },
          { binding: 1, resource: { buffer: lut } },
          { binding: 2, resource: { buffer: data } },
        ],
      }),
    };
  }

  private writeUniform(device: GPUDevice, buffer: GPUBuffer, f: Frame3D, color: Rgba, sizePx: number, lut: Float32Array | null, pull = 0, shape = 0, matrix?: Float32Array): void {
    const u = this.uniformData;
    u.set(matrix ?? f.view.viewProjection32(), 0);
    u.set(color, 16);
    u[20] = f.width;
    u[21] = f.height;
    u[22] = sizePx;
    u[23] = lut ? lut.length / 4 : 1;
    const v = f.view;
    const perspective = v.projectionKind === 'perspective';
    const e = perspective ? v.eye : [v.eye[0] - v.target[0], v.eye[1] - v.target[1], v.eye[2] - v.target[2]];
    u[24] = e[0];
    u[25] = e[1];
    u[26] = e[2];
    u[27] = perspective ? 1 : 0;
    u[28] = pull;
    u[29] = lut ? 1 : 0;
    u[30] = shape;
    u[31] = 0;
    device.queue.writeBuffer(buffer, 0, u);
  }

  /** Records and submits the frame into `texture`. */
  draw(s: GpuState, texture: GPUTexture, f: Frame3D): void {
    const device = s.gpu.device;
    if (this.device !== device) {
      this.gpu = null;
      this.kept.clear();
      this.axes = { grid: null, edges: null };
      this.depth = null;
      this.device = device;
    }
    const fam = s.families as Record<string, Family | undefined>;
    const points = fam['three:points'];
    const line = fam['three:line'];
    const surface = fam['three:surface'];
    const wire = fam['three:wire'];
    const boxLines = fam['three:box'];
    if (!points || !line || !surface || !wire || !boxLines) return;
    if (this.gpu) this.uploadAppends(device, line);
    else {
      this.gpu = this.build(device, fam);
      this.appended.clear();
    }
    this.axes.grid = this.axisDraw(device, line, this.axes.grid, f.grid);
    this.axes.edges = this.axisDraw(device, line, this.axes.edges, f.edges);

    s.labels.begin();
    f.labels();

    const encoder = device.createCommandEncoder({ label: '3d frame' });
    // Surfaces' level of detail first: its pooling passes go before the frame's render pass.
    const surfaceDraws = this.meshes.map((m, i) => (m.kind === 'surface' ? this.writeGrid(device, fam, encoder, this.gpu![i], m.values, f) : null));
    const bg = f.theme.background;
    const pass = encoder.beginRenderPass({
      colorAttachments: [{ view: texture.createView(), loadOp: 'clear', storeOp: 'store', clearValue: { r: bg[0] * bg[3], g: bg[1] * bg[3], b: bg[2] * bg[3], a: bg[3] } }],
      depthStencilAttachment: { view: this.depthFor(device, f.width, f.height).createView(), depthClearValue: 1, depthLoadOp: 'clear', depthStoreOp: 'discard' },
    });
    const dpr = f.dpr;
    const drawLines = (d: DrawGpu, color: Rgba, widthPx: number, pointCount: number, pipeline = line.pipeline, matrix?: Float32Array) => {
      this.writeUniform(device, d.uniform, f, color, widthPx, null, 0, 0, matrix);
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, d.bindGroup);
      drawQuads(pass, device, pointCount - 1);
    };
    drawLines(this.axes.grid, f.theme.grid, Math.max(1, dpr), f.grid.length / 4, boxLines.pipeline);
    drawLines(this.axes.edges, f.theme.axis, Math.max(1, dpr), f.edges.length / 4, boxLines.pipeline);
    this.meshes.forEach((m, i) => {
      const d = this.gpu![i];
      if (m.kind === 'points') {
        d.matrix = this.pointsMatrix(f, m.box);
        this.writeUniform(device, d.uniform, f, m.color, m.sizeCss * dpr, m.lut, 0, m.shape, d.matrix);
        pass.setPipeline(m.lut && points.lut ? points.lut : points.pipeline);
        pass.setBindGroup(0, d.bindGroup);
        // One triangle per point, no index buffer (three-points.wgsl says why).
        pass.draw(m.count * 3);
      } else if (m.kind === 'line') {
        if (m.count > 1) drawLines(d, m.color, m.widthCss * dpr, m.count, line.pipeline, this.lineMatrix(f, m.origin));
      } else {
        const [cx, cy, wireVertices] = surfaceDraws[i]!;
        this.writeUniform(device, d.uniform, f, m.color, 0, m.lut);
        pass.setPipeline(surface.pipeline);
        pass.setBindGroup(0, d.bindGroup);
        // Six vertices per drawn cell, no vertex or index buffer (three-surface.wgsl).
        pass.draw(cx * cy * 6);
        if (m.wire && d.wireUniform) {
          this.writeUniform(device, d.wireUniform, f, m.wire, 1, null, 2e-4);
          pass.setPipeline(wire.pipeline);
          pass.setBindGroup(0, d.wireBindGroup!);
          // Two vertices per segment: each line in segments over the drawn cells.
          pass.draw(wireVertices);
        }
      }
    });
    pass.end();

    // Labels over everything, without depth.
    const overlay = encoder.beginRenderPass({ colorAttachments: [{ view: texture.createView(), loadOp: 'load', storeOp: 'store' }] });
    s.labels.draw(overlay, s.rects, s.text, [f.width, f.height]);
    overlay.end();
    device.queue.submit([encoder.finish()]);
  }
}
