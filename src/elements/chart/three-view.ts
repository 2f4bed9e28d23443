/**
 * The element's side of a 3D chart (scene kind `3d`), kept thin: it tells 3D series apart, loads
 * the 3D chunk when the series are 3D, hands its scene to the engine, keeps input from the 2D
 * controller while the chart is 3D, and holds what is set before the chunk is there (camera,
 * projection, titles, sync). Orbit, zoom, pan, keys, kinetic motion, camera animation, sync and
 * picking are in the chunk (chart/three/three-input.ts); this side fires their events.
 */
import type { ChartEngine } from '../../chart/engine.js';
import { createTooltip } from '../../chart/interaction/tooltip.js';
import { is3dSeries, type Series3DSpec } from '../../chart/three/spec.js';
import type { CameraState, Hit3D, Projection, ThreeDScene, ThreeInput } from '../../chart/three/three-d.js';
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
  private input: ThreeInput | null = null;
  private specs: Series3DSpec[] = [];
  private active = false;
  private listening = false;
  /** False between the element's disconnect and its next connect. */
  private attached = true;
  private pendingCamera: Partial<CameraState> | null = null;
  private projectionKind: Projection = 'perspective';
  private titles: [string, string, string] = ['x', 'y', 'z'];
  private syncName: string | null = null;

  constructor(private readonly host: ThreeViewHost) {
    this.tooltip = createTooltip(host.element.ownerDocument);
  }

  /** The scene once the chunk is loaded (and the chart is 3D); null for a 2D chart. */
  get scene(): ThreeDScene | null {
    return this.input?.scene ?? null;
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
        this.input?.detach();
        this.input = null;
        this.host.textChanged(null);
      }
      return;
    }
    this.active = true;
    this.listen();
    if (this.input) return this.apply();
    this.loading ??= loadThree().then(
      (m) => {
        this.loading = null;
        const engine = this.host.engine();
        if (!this.active || !engine) return;
        const scene = new m.ThreeDScene(() => engine.requestRender());
        scene.projection = this.projectionKind;
        scene.options = { titles: this.titles, locale: this.host.locale() };
        this.input = new m.ThreeInput(
          {
            element: this.host.element,
            tooltip: this.tooltip,
            locale: () => this.host.locale(),
            kinetic: () => this.host.kinetic(),
            projection: () => this.projectionKind,
            announce: (text) => this.host.announce(text),
            cameraMoved: (detail) => {
              fire(this.host.element, 'gpu-camera', detail);
              this.host.cameraChanged();
            },
            crosshair: (detail) => fire(this.host.element, 'gpu-crosshair', detail as GpuCrosshairDetail),
          },
          scene,
        );
        this.input.setSync(this.syncName);
        if (!this.attached) this.input.detach();
        this.apply();
        if (this.pendingCamera) scene.camera = this.pendingCamera;
        this.pendingCamera = null;
        engine.setSceneRenderer(scene);
      },
      (err) => {
        this.loading = null;
        this.host.error(`The 3D chart could not load: ${String((err as Error)?.message ?? err)}`, err);
      },
    );
  }

  private apply(): void {
    const scene = this.input!.scene;
    try {
      scene.setSeries(this.specs);
      this.host.error(null);
    } catch (err) {
      this.host.error(`${(err as Error).message}; the last good 3D series stay drawn`, err);
    }
    this.host.textChanged(scene.text);
  }

  /** The scene's accessible name and table while the chart is 3D and its chunk is loaded. */
  get textSource(): A11yTextSource | null {
    return this.active && this.input ? this.input.scene.text : null;
  }

  get isActive(): boolean {
    return this.active;
  }

  // ---- camera ------------------------------------------------------------------------------

  get camera(): CameraState | null {
    return this.input?.scene.camera ?? null;
  }

  /** Sets the camera, animated (at once under prefers-reduced-motion, or before the chunk is there). */
  setCamera(value: Partial<CameraState>, animate = true): void {
    if (this.input) this.input.setCamera(value, animate);
    else this.pendingCamera = { ...this.pendingCamera, ...value };
  }

  setProjection(p: Projection): void {
    this.projectionKind = p;
    const input = this.input;
    if (input) {
      input.scene.projection = p;
      this.host.engine()?.requestRender();
      input.cameraMoved();
    }
  }

  setAxisTitles(titles: [string, string, string]): void {
    this.titles = titles;
    const scene = this.input?.scene;
    if (scene) {
      scene.options = { ...scene.options, titles };
      this.host.engine()?.requestRender();
      this.host.textChanged(scene.text);
    }
  }

  /** Joins the charts of the same `sync` name (null: none). */
  setSync(name: string | null): void {
    this.syncName = name;
    this.input?.setSync(name);
  }

  /** Picks what is under (x, y) CSS px: tooltip and `gpu-crosshair` (null when nothing is near or the chunk is not there). */
  async hover(x: number, y: number): Promise<Hit3D | null> {
    return (await this.input?.hover(x, y)) ?? null;
  }

  // ---- input -------------------------------------------------------------------------------

  attach(): void {
    this.attached = true;
    if (this.active) this.listen();
    this.input?.attach();
  }

  detach(): void {
    this.attached = false;
    this.stopListening();
    this.input?.detach();
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
    this.input?.handle(e);
  };
}
