/**
 * A scene kind that draws the whole frame itself (`3d`: a camera instead of panes). The engine
 * keeps what every chart shares — the device and its loss, the frame scheduler, the canvas
 * size, toBlob — and hands such a scene the frame instead of walking the time scene's layers.
 */
import type { Theme } from '../theme.js';
import type { FamilyNeed, GpuState } from './gpu-renderer.js';

export interface SceneFrame {
  /** Canvas size in device px. */
  width: number;
  height: number;
  dpr: number;
  theme: Theme;
}

export interface SceneRenderer {
  /** The pipeline families it draws with (made on demand; the frame waits for them). */
  readonly families: readonly FamilyNeed[];
  /** Records and submits one frame into `texture` (the canvas's, or an export's). */
  encode(s: GpuState, texture: GPUTexture, frame: SceneFrame): void;
  /** The device is gone: forget GPU objects without destroying them. */
  gpuLost(): void;
  /** Frees its GPU objects (the chart stops, or the scene is replaced). */
  destroy(): void;
}
