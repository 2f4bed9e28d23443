/**
 * The 3D scene's orbit camera, in float64 on the CPU: where the eye is (azimuth and elevation
 * around a target, at a distance), the view and projection matrices (WebGPU clip space: z from 0
 * to 1), and points projected to canvas pixels for labels and picking. Everything is in the
 * normalized box (the data box mapped around its centre, see `DataBox`), so what goes to the GPU
 * is small numbers relative to the box centre: no jitter at any data offset. Pure TypeScript.
 */

/** A 4×4 matrix, column-major (m[column * 4 + row]), as WGSL's mat4x4f reads it. */
export type Mat4 = Float64Array;
export type Vec3 = [number, number, number];

/** The camera as the `camera` property reads and sets it. `target` is in data coordinates. */
export interface CameraState {
  /** Degrees around the vertical (z) axis, from the +x axis towards +y. */
  azimuth: number;
  /** Degrees above the x–y plane, −89…89. */
  elevation: number;
  /** From the target, in box units (the box's longest half side is 1). */
  distance: number;
  /** The point looked at, in data coordinates (default: the data box's centre). */
  target: Vec3;
}

export type Projection = 'perspective' | 'orthographic';

/** Vertical field of view of the perspective projection; the orthographic one frames the same height at the target. */
export const FIELD_OF_VIEW_DEG = 30;
export const MIN_DISTANCE = 0.4;
export const MAX_DISTANCE = 60;
export const MAX_ELEVATION = 89;

export const DEFAULT_ORBIT = { azimuth: -55, elevation: 28, distance: 6.2 } as const;

const RAD = Math.PI / 180;

export function identity(): Mat4 {
  const m = new Float64Array(16);
  m[0] = m[5] = m[10] = m[15] = 1;
  return m;
}

/** a × b (apply b first). */
export function multiply(a: Mat4, b: Mat4): Mat4 {
  const out = new Float64Array(16);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
      out[c * 4 + r] = s;
    }
  }
  return out;
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export function normalize(a: Vec3): Vec3 {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
}

/** A right-handed view matrix: the eye looks along −z, `up` is +y on screen. */
export function lookAt(eye: Vec3, target: Vec3, up: Vec3): Mat4 {
  const f = normalize(sub(target, eye));
  const s = normalize(cross(f, up));
  const u = cross(s, f);
  const m = identity();
  m[0] = s[0];
  m[4] = s[1];
  m[8] = s[2];
  m[1] = u[0];
  m[5] = u[1];
  m[9] = u[2];
  m[2] = -f[0];
  m[6] = -f[1];
  m[10] = -f[2];
  m[12] = -dot(s, eye);
  m[13] = -dot(u, eye);
  m[14] = dot(f, eye);
  return m;
}

/** Perspective for WebGPU's clip space (z in 0…1: near → 0, far → 1). */
export function perspective(fovYRad: number, aspect: number, near: number, far: number): Mat4 {
  const f = 1 / Math.tan(fovYRad / 2);
  const m = new Float64Array(16);
  m[0] = f / aspect;
  m[5] = f;
  m[10] = far / (near - far);
  m[11] = -1;
  m[14] = (near * far) / (near - far);
  return m;
}

/** Orthographic for WebGPU's clip space (z in 0…1), symmetric around the view axis. */
export function orthographic(halfWidth: number, halfHeight: number, near: number, far: number): Mat4 {
  const m = new Float64Array(16);
  m[0] = 1 / halfWidth;
  m[5] = 1 / halfHeight;
  m[10] = -1 / (far - near);
  m[14] = -near / (far - near);
  m[15] = 1;
  return m;
}

/** m × (x, y, z, 1). */
export function transform(m: Mat4, x: number, y: number, z: number): [number, number, number, number] {
  return [
    m[0] * x + m[4] * y + m[8] * z + m[12],
    m[1] * x + m[5] * y + m[9] * z + m[13],
    m[2] * x + m[6] * y + m[10] * z + m[14],
    m[3] * x + m[7] * y + m[11] * z + m[15],
  ];
}

/** A camera state with every field checked and clamped (bad fields keep `fallback`'s). */
export function sanitizeCamera(value: Partial<CameraState> | null | undefined, fallback: CameraState): CameraState {
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  const t = Array.isArray(value?.target) && value!.target.length === 3 && value!.target.every((v) => Number.isFinite(v)) ? ([...value!.target] as Vec3) : fallback.target;
  return {
    azimuth: wrapDegrees(num(value?.azimuth, fallback.azimuth)),
    elevation: Math.max(-MAX_ELEVATION, Math.min(MAX_ELEVATION, num(value?.elevation, fallback.elevation))),
    distance: Math.max(MIN_DISTANCE, Math.min(MAX_DISTANCE, num(value?.distance, fallback.distance))),
    target: t,
  };
}

/** Degrees into (−180, 180]. */
export function wrapDegrees(deg: number): number {
  const w = ((((deg + 180) % 360) + 360) % 360) - 180;
  return w === -180 ? 180 : w;
}

/** Between two states at t (0…1), the short way round in azimuth. */
export function interpolateCamera(a: CameraState, b: CameraState, t: number): CameraState {
  const lerp = (x: number, y: number) => x + (y - x) * t;
  const dAz = wrapDegrees(b.azimuth - a.azimuth);
  return {
    azimuth: wrapDegrees(a.azimuth + dAz * t),
    elevation: lerp(a.elevation, b.elevation),
    // Zoom evenly: interpolate the distance's logarithm.
    distance: Math.exp(lerp(Math.log(a.distance), Math.log(b.distance))),
    target: [lerp(a.target[0], b.target[0]), lerp(a.target[1], b.target[1]), lerp(a.target[2], b.target[2])],
  };
}

/** The matrices of one frame and projection of box points to canvas pixels. */
export class CameraView {
  readonly view: Mat4;
  readonly projection: Mat4;
  /** projection × view: normalized box → clip space. */
  readonly viewProjection: Mat4;
  /** The eye in the normalized box. */
  readonly eye: Vec3;
  /** Unit vectors of the screen's right and up in the normalized box (for panning). */
  readonly right: Vec3;
  readonly up: Vec3;
  /** Box units per canvas pixel at the target's depth (for panning). */
  readonly unitsPerPx: number;

  constructor(
    readonly orbit: { azimuth: number; elevation: number; distance: number },
    /** The target in the normalized box. */
    readonly target: Vec3,
    readonly projectionKind: Projection,
    readonly width: number,
    readonly height: number,
  ) {
    const az = orbit.azimuth * RAD;
    const el = orbit.elevation * RAD;
    const d = orbit.distance;
    const dir: Vec3 = [Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)];
    this.eye = [target[0] + dir[0] * d, target[1] + dir[1] * d, target[2] + dir[2] * d];
    this.view = lookAt(this.eye, target, [0, 0, 1]);
    const aspect = Math.max(1e-6, width / Math.max(1, height));
    // The box fits in a sphere of radius √3 around its centre; keep it between near and far.
    const reach = Math.hypot(target[0], target[1], target[2]) + 2;
    const far = d + reach;
    const near = Math.max(d * 0.01, d - reach, 0.01);
    const halfHeight = d * Math.tan((FIELD_OF_VIEW_DEG * RAD) / 2);
    this.projection =
      projectionKind === 'orthographic' ? orthographic(halfHeight * aspect, halfHeight, Math.max(0.01, d - reach), far + Math.max(0, reach - d)) : perspective(FIELD_OF_VIEW_DEG * RAD, aspect, near, far);
    this.viewProjection = multiply(this.projection, this.view);
    this.right = [this.view[0], this.view[4], this.view[8]];
    this.up = [this.view[1], this.view[5], this.view[9]];
    this.unitsPerPx = (2 * halfHeight) / Math.max(1, height);
  }

  /** A box point in canvas pixels (y down) with its clip depth (0 near … 1 far) and w (≤ 0: behind the eye). */
  project(x: number, y: number, z: number): { x: number; y: number; depth: number; w: number } {
    const c = transform(this.viewProjection, x, y, z);
    const w = c[3];
    return { x: ((c[0] / w) * 0.5 + 0.5) * this.width, y: (0.5 - (c[1] / w) * 0.5) * this.height, depth: c[2] / w, w };
  }

  /** The view-projection as float32 for a uniform. */
  viewProjection32(): Float32Array {
    return Float32Array.from(this.viewProjection);
  }
}
