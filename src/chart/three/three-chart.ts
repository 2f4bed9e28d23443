/**
 * A 3D chart as the element drives it once the 3D chunk is here (the element's thin side,
 * elements/chart/three-view.ts, holds what is set before and loads this with three-d.ts): the
 * scene and its input made together with what was set meanwhile (projection, axis titles, sync,
 * camera), the series set and checked, the settings passed on, the accessible text.
 */
import type { ChartEngine } from '../engine.js';
import type { A11yTextSource } from '../interaction/a11y.js';
import { ThreeDScene, type CameraState, type Hit3D, type Projection } from './three-d.js';
import { ThreeInput, type ThreeInputHost } from './three-input.js';
import type { Series3DSpec } from './spec.js';

/** What the element set before the chunk was here, and keeps up to date. */
export interface ThreeSettings {
  camera: Partial<CameraState> | null;
  projection: Projection;
  titles: [string, string, string];
  sync: string | null;
}

export interface ThreeChartHost extends Omit<ThreeInputHost, 'projection'> {
  /** A 3D series could not be drawn (message names the field); null: the last problem is fixed. */
  error(message: string | null, cause?: unknown): void;
  /** The accessible name and data table come from this scene; also called when its data changed. */
  textChanged(source: A11yTextSource): void;
}

export class ThreeChart {
  private readonly input: ThreeInput;

  constructor(
    private readonly host: ThreeChartHost,
    private readonly engine: ChartEngine,
    settings: ThreeSettings,
    specs: readonly Series3DSpec[],
    attached: boolean,
  ) {
    const scene = new ThreeDScene(() => engine.requestRender());
    scene.projection = settings.projection;
    scene.options = { titles: settings.titles, locale: host.locale() };
    this.input = new ThreeInput({ ...host, projection: () => settings.projection }, scene);
    this.input.setSync(settings.sync);
    if (!attached) this.input.detach();
    this.setSeries(specs);
    if (settings.camera) scene.camera = settings.camera;
    settings.camera = null;
    engine.setSceneRenderer(scene);
  }

  get scene(): ThreeDScene {
    return this.input.scene;
  }

  /** The scene's accessible name and table. */
  get text(): A11yTextSource {
    return this.input.scene.text;
  }

  setSeries(specs: readonly Series3DSpec[]): void {
    const scene = this.input.scene;
    try {
      scene.setSeries(specs);
      this.host.error(null);
    } catch (err) {
      this.host.error(`${(err as Error).message}; the last good 3D series stay drawn`, err);
    }
    this.host.textChanged(scene.text);
  }

  setCamera(value: Partial<CameraState>, animate: boolean): void {
    this.input.setCamera(value, animate);
  }

  setProjection(p: Projection): void {
    this.input.scene.projection = p;
    this.engine.requestRender();
    this.input.cameraMoved();
  }

  setAxisTitles(titles: [string, string, string]): void {
    const scene = this.input.scene;
    scene.options = { ...scene.options, titles };
    this.engine.requestRender();
    this.host.textChanged(scene.text);
  }

  setSync(name: string | null): void {
    this.input.setSync(name);
  }

  hover(x: number, y: number): Promise<Hit3D | null> {
    return this.input.hover(x, y);
  }

  handle(e: Event): void {
    this.input.handle(e);
  }

  attach(): void {
    this.input.attach();
  }

  detach(): void {
    this.input.detach();
  }
}
