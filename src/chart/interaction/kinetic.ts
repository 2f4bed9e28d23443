/**
 * Kinetic scrolling: the release velocity of a pan (from its last samples) and the decaying
 * motion after it, one step per animation frame.
 */
import { requestFrame } from './frame-throttle.js';

/** Fling: samples kept for the release velocity, minimum speed, speed cap, decay time. */
export const FLING_WINDOW_MS = 100;
export const FLING_MIN_PX_PER_MS = 0.25;
export const FLING_MAX_PX_PER_MS = 8;
export const FLING_STOP_PX_PER_MS = 0.02;
export const FLING_DECAY_MS = 325;

/** The velocity (CSS px per ms) to fling with after a pan released at `upTime`, or 0 for none. */
export function flingVelocity(samples: Array<{ x: number; t: number }>, upTime: number): number {
  if (samples.length < 2) return 0;
  const last = samples[samples.length - 1];
  // a pause before release means no fling
  if (upTime - last.t > FLING_WINDOW_MS) return 0;
  const first = samples[0];
  const dt = last.t - first.t;
  if (dt <= 0) return 0;
  const v = Math.max(-FLING_MAX_PX_PER_MS, Math.min(FLING_MAX_PX_PER_MS, (last.x - first.x) / dt));
  return Math.abs(v) < FLING_MIN_PX_PER_MS ? 0 : v;
}

/** A running fling: `move(px)` is called each frame with the distance to move; false stops it (a limit was hit). */
export class Fling {
  private cancel: (() => void) | null = null;

  get active(): boolean {
    return this.cancel !== null;
  }

  start(velocity: number, move: (px: number, dtMs: number) => boolean): void {
    this.stop();
    let v = velocity;
    let prev = performance.now();
    const step = (now: number) => {
      const dt = Math.max(0, now - prev);
      prev = now;
      const moved = move(v * dt, dt);
      v *= Math.exp(-dt / FLING_DECAY_MS);
      // stop when slow, or when the limits stopped the view
      if (Math.abs(v) < FLING_STOP_PX_PER_MS || (!moved && dt > 0)) {
        this.cancel = null;
        return;
      }
      this.cancel = requestFrame(step);
    };
    this.cancel = requestFrame(step);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
