/**
 * The axes box of a 3D scene, laid out for one camera: grid lines on the three back faces (the
 * faces farther from the eye, so they follow the camera and never hide the data), the outline of
 * those faces, and tick numbers along the front-bottom edges, projected to canvas pixels for the
 * label atlas. Pure TypeScript.
 */
import { niceValueTicks, formatValue } from '../ticks/value-ticks.js';
import type { CameraView, Vec3 } from './camera.js';
import { BOX_HALF, type Axis, type DataBox } from './data.js';

export interface BoxLabel {
  text: string;
  /** Centre in device px. */
  x: number;
  y: number;
  title: boolean;
}

export interface AxesLayout {
  /** Grid lines: point pairs (x, y, z, 1), each pair followed by a break (w = 0). */
  grid: Float32Array;
  /** The back faces' outlines, same layout. */
  edges: Float32Array;
  labels: BoxLabel[];
  /** Per axis: the ticks in data units. */
  ticks: [number[], number[], number[]];
}

export interface AxesOptions {
  titles: [string, string, string];
  locale?: string;
  /** At most this many ticks per axis. */
  maxTicks: number;
  /** Width of a label in device px, and the font's size: labels that would overlap are left out. */
  measure(text: string): number;
  fontPx: number;
}

/** An axis whose edge is shorter than this on screen (seen end-on) shows no numbers. */
const MIN_AXIS_PX = 24;

/** Which side of each axis is the back (−1 or +1 times the half side): away from the eye. */
export function backSides(eye: Vec3): [number, number, number] {
  return [eye[0] >= 0 ? -1 : 1, eye[1] >= 0 ? -1 : 1, eye[2] >= 0 ? -1 : 1];
}

export function layoutAxes(box: DataBox, view: CameraView, options: AxesOptions): AxesLayout {
  const h = BOX_HALF;
  const back = backSides(view.eye);
  const ticks = [0, 1, 2].map((a) => niceValueTicks(box.ranges[a][0], box.ranges[a][1], options.maxTicks)) as Array<ReturnType<typeof niceValueTicks>>;
  const grid: number[] = [];
  const edges: number[] = [];
  const seg = (out: number[], a: Vec3, b: Vec3) => out.push(a[0], a[1], a[2], 1, b[0], b[1], b[2], 1, 0, 0, 0, 0);
  const point = (axis: Axis, v: number, other: Axis, ov: number, third: Axis, tv: number): Vec3 => {
    const p: Vec3 = [0, 0, 0];
    p[axis] = v;
    p[other] = ov;
    p[third] = tv;
    return p;
  };
  // On the back face across axis `f`, lines across it for each tick of the other two axes.
  for (const f of [0, 1, 2] as Axis[]) {
    const plane = back[f] * h[f];
    const [a, b] = [0, 1, 2].filter((x) => x !== f) as Axis[];
    for (const [along, across] of [
      [a, b],
      [b, a],
    ] as Array<[Axis, Axis]>) {
      for (const t of ticks[along].ticks) {
        const v = box.toBox(along, t);
        if (Math.abs(v) > h[along] + 1e-9) continue;
        seg(grid, point(along, v, across, -h[across], f, plane), point(along, v, across, h[across], f, plane));
      }
    }
    // Outline of the face.
    const corners: Array<[number, number]> = [
      [-1, -1],
      [1, -1],
      [1, 1],
      [-1, 1],
    ];
    for (let i = 0; i < 4; i++) {
      const [p, q] = [corners[i], corners[(i + 1) % 4]];
      seg(edges, point(a, p[0] * h[a], b, p[1] * h[b], f, plane), point(a, q[0] * h[a], b, q[1] * h[b], f, plane));
    }
  }
  const labels: BoxLabel[] = [];
  const front = back.map((s) => -s) as [number, number, number];
  const bottom = -h[2];
  // The edge each axis' numbers run along: x and y along the floor's front edges, z up a front side corner.
  const edgeOf = (axis: Axis, v: number): Vec3 =>
    axis === 0 ? [v, front[1] * h[1], bottom] : axis === 1 ? [front[0] * h[0], v, bottom] : [front[0] * h[0], back[1] * h[1], v];
  const outward = (axis: Axis): Vec3 => (axis === 0 ? [0, front[1], 0] : axis === 1 ? [front[0], 0, 0] : [front[0], -back[1], 0].map((c) => c * Math.SQRT1_2) as Vec3);
  // Boxes of the labels kept so far (device px): a label that would overlap one is left out.
  const kept: Array<[number, number, number, number]> = [];
  const gap = options.fontPx * 0.4;
  const add = (text: string, x: number, y: number, title: boolean) => {
    const w = options.measure(text) / 2 + gap;
    const hh = options.fontPx / 2 + gap / 2;
    const b: [number, number, number, number] = [x - w, y - hh, x + w, y + hh];
    if (kept.some((k) => b[0] < k[2] && b[2] > k[0] && b[1] < k[3] && b[3] > k[1])) return;
    kept.push(b);
    labels.push({ text, x, y, title });
  };
  for (const axis of [0, 1, 2] as Axis[]) {
    const tk = ticks[axis];
    const out = outward(axis);
    const place = (p: Vec3, by: number) => view.project(p[0] + out[0] * by, p[1] + out[1] * by, p[2] + out[2] * by);
    const a = edgeOf(axis, -h[axis]);
    const b = edgeOf(axis, h[axis]);
    const pa = view.project(a[0], a[1], a[2]);
    const pb = view.project(b[0], b[1], b[2]);
    if (pa.w <= 0 || pb.w <= 0 || Math.hypot(pa.x - pb.x, pa.y - pb.y) < MIN_AXIS_PX) continue;
    for (const t of tk.ticks) {
      const v = box.toBox(axis, t);
      if (Math.abs(v) > h[axis] + 1e-9) continue;
      const s = place(edgeOf(axis, v), 0.14);
      if (s.w > 0) add(formatValue(t, tk.decimals, options.locale), s.x, s.y, false);
    }
    // Titles beside the middle of x and y, above the top of z.
    const s = axis === 2 ? view.project(b[0], b[1], b[2] + 0.18) : place(edgeOf(axis, 0), 0.5);
    if (s.w > 0 && options.titles[axis]) add(options.titles[axis], s.x, s.y, true);
  }
  return { grid: Float32Array.from(grid), edges: Float32Array.from(edges), labels, ticks: [ticks[0].ticks, ticks[1].ticks, ticks[2].ticks] };
}
