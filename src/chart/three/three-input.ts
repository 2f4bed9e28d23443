/**
 * The 3D chart's input and camera motion, in the 3D chunk (the element keeps only a thin side,
 * elements/chart/three-view.ts): drag to orbit, wheel or pinch to zoom, shift- or right-drag to
 * pan, arrows / + / − / Home (read out in the live region), kinetic orbit, the animated camera,
 * sync groups sharing the orbit, and hover picking (tooltip, crosshair report). DOM, no lit; it
 * reports through its host, which fires the events.
 */
import { updateTooltip } from '../interaction/readouts.js';
import { interpolateCamera, sanitizeCamera, type CameraState, type Projection } from './camera.js';
import type { Hit3D, ThreeDScene } from './three-d.js';

export interface ThreeInputHost {
  readonly element: HTMLElement;
  /** The chart's 3D tooltip box (in its shadow root). */
  readonly tooltip: HTMLDivElement;
  locale(): string | undefined;
  /** Whether a fling keeps orbiting (the `kinetic` attribute). */
  kinetic(): boolean;
  projection(): Projection;
  /** Says `text` in the chart's polite live region. */
  announce(text: string): void;
  /** The camera moved: at most once per animation frame (the element fires `gpu-camera`). */
  cameraMoved(detail: CameraState & { projection: Projection }): void;
  /** The picked point changed, or none is picked (null): the element fires `gpu-crosshair`. */
  crosshair(detail: Record<string, unknown> | null): void;
}

/** A fling's speed halves every this many ms; below MIN_FLING (CSS px / ms) it stops. */
const FLING_HALF_LIFE_MS = 180;
const MIN_FLING = 0.05;

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** 3D charts with the same `sync` name share their orbit (azimuth, elevation, distance; each keeps its own target). */
const syncGroups = new Map<string, Set<ThreeInput>>();

const ANIMATION_MS = 400;
const KEY_ROTATE_DEG = 5;
const KEY_ZOOM = 1.15;

export class ThreeInput {
  private pointers = new Map<number, { x: number; y: number }>();
  private drag: { mode: 'orbit' | 'pan'; x: number; y: number } | null = null;
  private pinch: number | null = null;
  private animation: number | null = null;
  /** The orbit drag's speed (CSS px / ms, smoothed) for a fling on release. */
  private velocity = { x: 0, y: 0, at: 0 };
  private cameraEvent: number | null = null;
  private hoverFrame: number | null = null;
  private hoverAt: { x: number; y: number } | null = null;
  private lastHit: Hit3D | null = null;
  /** Counts hovers and what makes a pick in flight stale (camera moved, pointer left): only the latest is shown. */
  private hoverSeq = 0;
  /** A pick is waiting for the GPU; `pickPending`: the pointer moved meanwhile (one more pick when it is back). */
  private picking = false;
  private pickPending = false;
  private syncName: string | null = null;
  private joined = false;
  private detached = false;
  /** Set while a peer's move is applied here (it is not sent on again). */
  private receiving = false;

  constructor(
    private readonly host: ThreeInputHost,
    readonly scene: ThreeDScene,
  ) {}

  // ---- camera ------------------------------------------------------------------------------

  /** Sets the camera, animated over 400 ms (at once under prefers-reduced-motion or before the first frame). */
  setCamera(value: Partial<CameraState>, animate = true): void {
    const scene = this.scene;
    this.stopAnimation();
    if (!animate || reducedMotion() || !scene.view || typeof requestAnimationFrame !== 'function') {
      scene.camera = value;
      this.cameraMoved();
      return;
    }
    const from = scene.camera;
    const to = sanitizeCamera({ ...from, ...value }, from);
    const start = performance.now();
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / ANIMATION_MS);
      const eased = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
      // The last step lands exactly where asked (interpolating in logs may not).
      scene.camera = t < 1 ? interpolateCamera(from, to, eased) : to;
      this.cameraMoved();
      this.animation = t < 1 ? requestAnimationFrame(step) : null;
    };
    this.animation = requestAnimationFrame(step);
  }

  private stopAnimation(): void {
    if (this.animation !== null) cancelAnimationFrame(this.animation);
    this.animation = null;
  }

  /** Joins the charts of the same `sync` name (null: none). */
  setSync(name: string | null): void {
    this.leaveSync();
    this.syncName = name;
    if (!this.detached) this.joinSync();
  }

  private joinSync(): void {
    if (!this.syncName || this.joined) return;
    let group = syncGroups.get(this.syncName);
    if (!group) syncGroups.set(this.syncName, (group = new Set()));
    group.add(this);
    this.joined = true;
  }

  private leaveSync(): void {
    if (!this.syncName || !this.joined) return;
    const group = syncGroups.get(this.syncName);
    group?.delete(this);
    if (group?.size === 0) syncGroups.delete(this.syncName);
    this.joined = false;
  }

  /** A peer's orbit: applied here at once (the peer animates; this follows frame by frame). */
  private receiveOrbit(orbit: Pick<CameraState, 'azimuth' | 'elevation' | 'distance'>): void {
    this.stopAnimation();
    this.receiving = true;
    try {
      this.scene.camera = orbit;
      this.cameraMoved();
    } finally {
      this.receiving = false;
    }
  }

  /** Reports the camera at the next animation frame (once per frame while it moves), and moves the sync group. */
  cameraMoved(): void {
    this.hideHover();
    const group = this.syncName && !this.receiving ? syncGroups.get(this.syncName) : null;
    if (group && group.size > 1) {
      const { azimuth, elevation, distance } = this.scene.camera;
      for (const peer of group) if (peer !== this) peer.receiveOrbit({ azimuth, elevation, distance });
    }
    if (this.cameraEvent !== null || typeof requestAnimationFrame !== 'function') return;
    this.cameraEvent = requestAnimationFrame(() => {
      this.cameraEvent = null;
      if (!this.detached) this.host.cameraMoved({ ...this.scene.camera, projection: this.host.projection() });
    });
  }

  // ---- life cycle --------------------------------------------------------------------------

  attach(): void {
    this.detached = false;
    this.joinSync();
  }

  /** The chart left the page, or is 2D again: no more motion, events or sync. */
  detach(): void {
    this.detached = true;
    this.leaveSync();
    this.stopAnimation();
    this.hideHover();
    this.pointers.clear();
    this.drag = null;
  }

  // ---- input -------------------------------------------------------------------------------

  private local(e: PointerEvent | WheelEvent): { x: number; y: number } {
    const r = this.host.element.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  /** One input event on the chart (the element has kept it from the 2D controller). */
  handle(e: Event): void {
    const scene = this.scene;
    switch (e.type) {
      case 'contextmenu':
        e.preventDefault();
        return;
      case 'pointerdown':
        return this.onPointerDown(e as PointerEvent);
      case 'pointermove':
        return this.onPointerMove(e as PointerEvent);
      case 'pointerup':
      case 'pointercancel': {
        const wasOrbit = this.drag?.mode === 'orbit' && this.pointers.size === 1 && e.type === 'pointerup';
        this.pointers.delete((e as PointerEvent).pointerId);
        if (this.pointers.size < 2) this.pinch = null;
        if (this.pointers.size === 0) this.drag = null;
        if (wasOrbit) this.fling();
        return;
      }
      case 'pointerleave':
        if (!this.drag) {
          this.hoverAt = null;
          this.hideHover();
        }
        return;
      case 'wheel': {
        const w = e as WheelEvent;
        w.preventDefault();
        const lines = w.deltaMode === 1 ? 16 : w.deltaMode === 2 ? 400 : 1;
        this.stopAnimation();
        scene.zoomBy(Math.exp(Math.max(-200, Math.min(200, w.deltaY * lines)) * 0.002));
        this.cameraMoved();
        return;
      }
      case 'dblclick':
        this.setCamera(scene.homeCamera);
        return;
      case 'keydown':
        return this.onKey(e as KeyboardEvent);
    }
  }

  private onPointerDown(e: PointerEvent): void {
    const p = this.local(e);
    this.pointers.set(e.pointerId, p);
    this.stopAnimation();
    try {
      this.host.element.setPointerCapture(e.pointerId);
    } catch {
      /* a synthetic pointer cannot be captured */
    }
    if (this.pointers.size === 2) {
      const [a, b] = [...this.pointers.values()];
      this.pinch = Math.hypot(a.x - b.x, a.y - b.y);
      this.drag = { mode: 'pan', x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      return;
    }
    this.drag = { mode: e.shiftKey || e.button === 2 ? 'pan' : 'orbit', x: p.x, y: p.y };
    this.velocity = { x: 0, y: 0, at: performance.now() };
    this.hideHover();
  }

  private onPointerMove(e: PointerEvent): void {
    const scene = this.scene;
    const p = this.local(e);
    if (this.pointers.has(e.pointerId)) this.pointers.set(e.pointerId, p);
    if (this.drag && this.pointers.size === 2 && this.pinch !== null) {
      const [a, b] = [...this.pointers.values()];
      const dist = Math.hypot(a.x - b.x, a.y - b.y);
      if (dist > 0 && this.pinch > 0) scene.zoomBy(this.pinch / dist);
      this.pinch = dist;
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      scene.panBy(mid.x - this.drag.x, mid.y - this.drag.y);
      this.drag = { mode: 'pan', ...mid };
      this.cameraMoved();
      return;
    }
    if (this.drag && this.pointers.has(e.pointerId)) {
      const dx = p.x - this.drag.x;
      const dy = p.y - this.drag.y;
      if (this.drag.mode === 'orbit') {
        scene.orbitBy(dx, dy);
        const now = performance.now();
        const dt = Math.max(1, now - this.velocity.at);
        // Smoothed over the last moves, so the release keeps the drag's speed, not its last jitter.
        this.velocity = { x: 0.5 * this.velocity.x + (0.5 * dx) / dt, y: 0.5 * this.velocity.y + (0.5 * dy) / dt, at: now };
      } else scene.panBy(dx, dy);
      this.drag = { ...this.drag, x: p.x, y: p.y };
      this.cameraMoved();
      return;
    }
    this.hoverAt = p;
    this.scheduleHover();
  }

  /** Picks at the pointer in the next animation frame; while a pick waits for the GPU, once more after it (the latest position). */
  private scheduleHover(): void {
    if (this.hoverFrame !== null || typeof requestAnimationFrame !== 'function') return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = null;
      const at = this.hoverAt;
      if (!at) return;
      if (this.picking) {
        this.pickPending = true;
        return;
      }
      this.picking = true;
      void this.hover(at.x, at.y).finally(() => {
        this.picking = false;
        if (this.pickPending) {
          this.pickPending = false;
          this.scheduleHover();
        }
      });
    });
  }

  /** After an orbit drag: keeps turning at the release speed, slowing down (not under reduced motion or kinetic="false"). */
  private fling(): void {
    let { x: vx, y: vy } = this.velocity;
    // A pause before the release stops it.
    if (performance.now() - this.velocity.at > 80) return;
    if (Math.hypot(vx, vy) < MIN_FLING || !this.host.kinetic() || reducedMotion() || typeof requestAnimationFrame !== 'function') return;
    this.stopAnimation();
    let last = performance.now();
    const step = (now: number) => {
      const dt = Math.max(0, now - last);
      last = now;
      const decay = 0.5 ** (dt / FLING_HALF_LIFE_MS);
      vx *= decay;
      vy *= decay;
      this.scene.orbitBy(vx * dt, vy * dt);
      this.cameraMoved();
      this.animation = !this.detached && Math.hypot(vx, vy) >= MIN_FLING ? requestAnimationFrame(step) : null;
    };
    this.animation = requestAnimationFrame(step);
  }

  private onKey(e: KeyboardEvent): void {
    const scene = this.scene;
    const moves: Record<string, () => void> = {
      ArrowLeft: () => scene.orbitBy(KEY_ROTATE_DEG / 0.4, 0),
      ArrowRight: () => scene.orbitBy(-KEY_ROTATE_DEG / 0.4, 0),
      ArrowUp: () => scene.orbitBy(0, KEY_ROTATE_DEG / 0.4),
      ArrowDown: () => scene.orbitBy(0, -KEY_ROTATE_DEG / 0.4),
      '+': () => scene.zoomBy(1 / KEY_ZOOM),
      '=': () => scene.zoomBy(1 / KEY_ZOOM),
      '-': () => scene.zoomBy(KEY_ZOOM),
      _: () => scene.zoomBy(KEY_ZOOM),
    };
    if (e.key === 'Home') {
      e.preventDefault();
      this.setCamera(scene.homeCamera);
      this.announceCamera(scene.homeCamera);
      return;
    }
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    this.stopAnimation();
    move();
    this.cameraMoved();
    this.announceCamera(scene.camera);
  }

  /** The keyboard's readout: where the camera is now, in the live region. */
  private announceCamera(c: CameraState): void {
    const f = new Intl.NumberFormat(this.host.locale(), { maximumFractionDigits: 1 });
    this.host.announce(`Camera azimuth ${f.format(c.azimuth)}°, elevation ${f.format(c.elevation)}°, distance ${f.format(c.distance)}`);
  }

  /**
   * Picks what is under (x, y) CSS px: tooltip and `gpu-crosshair`. Large clouds are searched on
   * the GPU (ThreeDScene.pickAsync), so the answer comes later; one overtaken by a newer hover or
   * a camera move is returned but not shown.
   */
  async hover(x: number, y: number): Promise<Hit3D | null> {
    const seq = ++this.hoverSeq;
    let hit: Hit3D | null = null;
    try {
      hit = (await this.scene?.pickAsync(x, y)) ?? null;
    } catch {
      hit = null;
    }
    if (seq !== this.hoverSeq || this.detached) return hit;
    if (!hit) {
      this.hideHover();
      return null;
    }
    const locale = this.host.locale();
    const num = (v: number) => v.toLocaleString(locale, { maximumSignificantDigits: 6 });
    const rows: Array<[string, string]> = [
      ['x', num(hit.x)],
      ['y', num(hit.y)],
      ['z', num(hit.z)],
    ];
    if (hit.value !== undefined) rows.push(['colour', num(hit.value)]);
    const box = this.host.element.getBoundingClientRect();
    updateTooltip(this.host.tooltip, { time: hit.series, rows }, hit.px, hit.py, { width: box.width, height: box.height });
    const changed = !this.lastHit || this.lastHit.series !== hit.series || this.lastHit.index !== hit.index;
    this.lastHit = hit;
    if (changed) {
      const values: Record<string, number> = { x: hit.x, y: hit.y, z: hit.z };
      if (hit.value !== undefined) values.value = hit.value;
      this.host.crosshair({
        time: NaN,
        timeTo: NaN,
        index: hit.index,
        first: hit.index,
        last: hit.index,
        x: hit.px,
        y: hit.py,
        values,
        series: { [hit.series]: values },
        text: Object.fromEntries(rows),
        point3d: hit,
      });
    }
    return hit;
  }

  hideHover(): void {
    // A pick in flight is for what is no longer under the pointer or on screen.
    this.hoverSeq++;
    this.pickPending = false;
    this.host.tooltip.hidden = true;
    if (this.lastHit) {
      this.lastHit = null;
      this.host.crosshair(null);
    }
  }
}
