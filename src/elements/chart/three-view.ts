/**
 * The element's side of a 3D chart (scene kind `3d`), kept thin: it tells 3D series apart, loads
 * the 3D chunk when the series are 3D, keeps input from the 2D controller while the chart is 3D,
 * holds what is set before the chunk is there (camera, projection, titles, sync), and fires the
 * chunk's events. The chunk's ThreeChart (chart/three/three-chart.ts) makes the scene and its
 * input, hands the scene to the engine and sets the series; orbit, zoom, pan, keys, kinetic
 * motion, camera animation, sync and picking are in its three-input.ts.
 */
import type { ChartEngine } from '../../chart/engine.js';
import { createTooltip } from '../../chart/interaction/tooltip.js';
import { is3dSeries, type Series3DSpec } from '../../chart/three/spec.js';
import type { CameraState, Hit3D, Projection, ThreeChart, ThreeDScene, ThreeSettings } from '../../chart/three/three-d.js';
import type { A11yTextSource } from '../../chart/interaction/a11y.js';
import { fire, type GpuCrosshairDetail } from '../events.js';

type ThreeModule = typeof import('../../chart/three/three-d.js');
let threeModule: Promise<ThreeModule> | null = null;
const loadThree = () => (threeModule ??= import('../../chart/three/three-d.js'));

export interface ThreeViewHost {
  readonly element: HTMLElement;
  engine(): ChartEngine | null;
  /** A 3D series could not be drawn (message names the field); null: the last problem is fixed. */
  error(message: string | null, cause?: unknown): void;
  locale(): string | undefined;
  /** Whether a fling keeps orbiting (the `kinetic` attribute). */
  kinetic(): boolean;
  /** The accessible name and data table now come from this 3D scene (null: from the 2D chart again); also called when its data changed. */
  textChanged(source: A11yTextSource | null): void;
  /** Says `text` in the chart's polite live region (the camera after a key). */
  announce(text: string): void;
  /** The camera moved (at most once per frame): chart state saves it. */
  cameraChanged(): void;
}

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'pointerleave', 'wheel', 'dblclick', 'keydown', 'contextmenu'] as const;

export class ThreeView {
  /** Set while the chunk loads: updateComplete waits for it. */
  loading: Promise<void> | null = null;
  readonly tooltip: HTMLDivElement;
  /** The 3D chart once the chunk is loaded (and the chart is 3D). */
  private chart: ThreeChart | null = null;
  private specs: Series3DSpec[] = [];
  private active = false;
  private listening = false;
  /** False between the element's disconnect and its next connect. */
  private attached = true;
  private readonly settings: ThreeSettings = { camera: null, projection: 'perspective', titles: ['x', 'y', 'z'], sync: null };

  constructor(private readonly host: ThreeViewHost) {
    this.tooltip = createTooltip(host.element.ownerDocument);
  }

  /** The scene once the chunk is loaded (and the chart is 3D); null for a 2D chart. */
  get scene(): ThreeDScene | null {
    return this.chart?.scene ?? null;
  }

  /** True when `series` makes the chart a 3D scene. */
  static is3d(series: readonly unknown[] | null | undefined): boolean {
    return !!series?.some(is3dSeries);
  }

  /** The series changed: a 3D chart loads its chunk and shows them; a 2D one drops the scene. */
  update(series: readonly unknown[] | null | undefined): void {
    const specs = (series ?? []).filter(is3dSeries);
    this.specs = specs;
    if (!specs.length) {
      if (this.active) {
        this.active = false;
        this.stopListening();
        this.host.engine()?.setSceneRenderer(null);
        this.chart?.detach();
        this.chart = null;
        this.host.textChanged(null);
      }
      return;
    }
    this.active = true;
    this.listen();
    if (this.chart) return this.chart.setSeries(specs);
    this.loading ??= loadThree().then(
      (m) => {
        this.loading = null;
        const engine = this.host.engine();
        if (!this.active || !engine) return;
        const host = this.host;
        const element = host.element;
        this.chart = new m.ThreeChart(
          {
            element,
            tooltip: this.tooltip,
            locale: () => host.locale(),
            kinetic: () => host.kinetic(),
            announce: (text) => host.announce(text),
            cameraMoved: (detail) => {
              fire(element, 'gpu-camera', detail);
              host.cameraChanged();
            },
            crosshair: (detail) => fire(element, 'gpu-crosshair', detail as GpuCrosshairDetail),
            error: (message, cause) => host.error(message, cause),
            textChanged: (source) => host.textChanged(source),
          },
          engine,
          this.settings,
          this.specs,
          this.attached,
        );
      },
      (err) => {
        this.loading = null;
        this.host.error(`The 3D chart could not load: ${String((err as Error)?.message ?? err)}`, err);
      },
    );
  }

  /** The scene's accessible name and table while the chart is 3D and its chunk is loaded. */
  get textSource(): A11yTextSource | null {
    return this.active && this.chart ? this.chart.text : null;
  }

  get isActive(): boolean {
    return this.active;
  }

  // ---- settings ----------------------------------------------------------------------------

  get camera(): CameraState | null {
    return this.chart?.scene.camera ?? null;
  }

  /** Sets the camera, animated (at once under prefers-reduced-motion, or before the chunk is there). */
  setCamera(value: Partial<CameraState>, animate = true): void {
    if (this.chart) this.chart.setCamera(value, animate);
    else this.settings.camera = { ...this.settings.camera, ...value };
  }

  setProjection(p: Projection): void {
    this.settings.projection = p;
    this.chart?.setProjection(p);
  }

  setAxisTitles(titles: [string, string, string]): void {
    this.settings.titles = titles;
    this.chart?.setAxisTitles(titles);
  }

  /** Joins the charts of the same `sync` name (null: none). */
  setSync(name: string | null): void {
    this.settings.sync = name;
    this.chart?.setSync(name);
  }

  /** Picks what is under (x, y) CSS px: tooltip and `gpu-crosshair` (null when nothing is near or the chunk is not there). */
  async hover(x: number, y: number): Promise<Hit3D | null> {
    return (await this.chart?.hover(x, y)) ?? null;
  }

  // ---- input -------------------------------------------------------------------------------

  attach(): void {
    this.attached = true;
    if (this.active) this.listen();
    this.chart?.attach();
  }

  detach(): void {
    this.attached = false;
    this.stopListening();
    this.chart?.detach();
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    // Capture on the element itself runs before the 2D controller's listeners there.
    for (const type of INPUT_EVENTS) this.host.element.addEventListener(type, this.onInput, { capture: true, passive: false });
  }

  private stopListening(): void {
    if (!this.listening) return;
    this.listening = false;
    for (const type of INPUT_EVENTS) this.host.element.removeEventListener(type, this.onInput, { capture: true });
  }

  private onInput = (e: Event): void => {
    if (!this.active) return;
    // The 2D controller and drawing editor have nothing to do in a 3D scene.
    e.stopImmediatePropagation();
    this.chart?.handle(e);
  };
}
