/**
 * The frame scheduler: a dirty flag, at most one frame per display frame, and the promise that
 * every change made so far is drawn and finished on the GPU (`whenIdle`, behind
 * `chart.updateComplete`). It knows nothing of what a frame draws.
 *
 * The rule for many charts on a page: a chart has at most one frame on the GPU. A change made
 * while its frame is there waits until that frame is done, and is then drawn in the same way as
 * any change (at the end of the task, or in the next display frame if one was drawn in this
 * one). So the GPU queues at most one frame per chart, whatever the page asks for, and a chart's
 * change (its first frame too) is behind at most one frame of each other chart: on a page of N
 * charts it is on screen after at most N charts' frames of GPU work, not behind a queue that
 * grows while every chart is updated each display frame.
 */

export interface FrameSource {
  /**
   * Draws one frame. Returns the GPU's "work done" promise of that frame, or null when there
   * was nothing to draw on yet (no device, no size, pipelines still being made).
   */
  drawFrame(): Promise<void> | null;
  /** True while something outside the scheduler will ask for a frame later (start-up, pipelines). */
  busy(): boolean;
}

export class FrameScheduler {
  /** False while the chart is not connected: nothing is scheduled. */
  running = false;
  private scheduled = false;
  /**
   * The scheduled frame only redraws what an earlier frame's read-back brought (colour bar
   * labels): `whenIdle` does not wait for it, the change that caused it is already on screen.
   */
  private followUpOnly = false;
  private frameHandle = 0;
  /** True from a drawn frame until the next animation frame: later changes wait for that frame. */
  private drewThisDisplayFrame = false;
  private displayFrameWatch = 0;
  /**
   * The animation frame (document.timeline's time) the last frame was drawn in. A change made in
   * a later animation frame's callbacks, before the watch above has run, may draw at once: the
   * page's step made in a rAF callback is on screen in that display frame, not the next.
   */
  private drawnInFrame: number | null = null;
  private fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | null = null;
  private idleWaiters: Array<() => void> = [];
  /** Note when the first change since the last frame was made (telemetry's late frames). */
  timeRequests = false;
  /** performance.now() of the first change since the last frame (0 when not timed). */
  requestedAt = 0;

  constructor(private readonly source: FrameSource) {}

  /**
   * Marks the chart dirty; one frame draws every change made until then. When nothing was drawn
   * since the last animation frame, it draws at the end of the current task (after the other
   * changes of that task), so the change is on screen in the coming display frame instead of
   * the one after; otherwise it waits for the next animation frame. So a chart draws at most
   * once per display frame, and never without a change. Pages that get no animation frames
   * (hidden or background tabs) still draw through a slow timer, so that `updateComplete` and
   * `toBlob()` always settle.
   */
  request(): void {
    const joinsFollowUp = this.followUpOnly;
    this.followUpOnly = false;
    if (!this.running) return;
    if (this.scheduled) {
      // a change joins a pending follow-up: drawn as soon as the change alone would be
      if (joinsFollowUp && !this.inFlight) {
        this.cancel();
        this.scheduled = true;
        this.schedule();
      }
      return;
    }
    this.scheduled = true;
    if (this.timeRequests) this.requestedAt = performance.now();
    // One frame on the GPU at a time: this change is drawn once that frame is done.
    if (this.inFlight) return;
    this.schedule();
  }

  /**
   * Asks for a frame that only shows what a read-back of an earlier frame brought (a colour
   * bar's labels): drawn as any frame, but `whenIdle` (`updateComplete`) does not wait for it.
   */
  requestFollowUp(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = true;
    this.followUpOnly = true;
    if (!this.inFlight) this.schedule();
    this.flushIfQuiet();
  }

  /** Draws at the end of this task, or in the next animation frame when one was drawn in this display frame. */
  private schedule(): void {
    if (!this.drewThisDisplayFrame || animationFrameTime() !== this.drawnInFrame) {
      queueMicrotask(this.runScheduled);
      return;
    }
    // a follow-up waits until the animation frame's callbacks ran: a change made in one of them
    // (the page's next step) is drawn with it instead of a display frame later
    this.frameHandle = requestAnimationFrame(this.followUpOnly ? this.afterAnimationFrame : this.runScheduled);
    this.fallbackTimer = setTimeout(this.runScheduled, 200);
  }

  private readonly afterAnimationFrame = (): void => {
    clearTimeout(this.fallbackTimer);
    this.fallbackTimer = setTimeout(this.runScheduled, 0);
  };

  private readonly runScheduled = (): void => {
    if (!this.scheduled) return;
    this.cancel();
    const done = this.source.drawFrame();
    if (!done) {
      this.flushIfQuiet();
      return;
    }
    const inFlight: Promise<void> = done.then(() => {
      if (this.inFlight === inFlight) this.inFlight = null;
      // Changes made while the frame was on the GPU.
      if (this.scheduled && !this.frameHandle && this.running) this.schedule();
      this.flushIfQuiet();
    });
    this.inFlight = inFlight;
    this.drewThisDisplayFrame = true;
    this.drawnInFrame = animationFrameTime();
    // Where the animation frame's time is known it tells display frames apart by itself; the
    // watch (one more animation frame request per frame) is needed only where it is not.
    if (this.drawnInFrame === null) {
      this.displayFrameWatch ||= requestAnimationFrame(() => {
        this.displayFrameWatch = 0;
        this.drewThisDisplayFrame = false;
      });
    }
  };

  /** The device went away: its frame in flight is not waited for, and nothing stays scheduled. */
  deviceLost(): void {
    this.cancel();
    this.inFlight = null;
  }

  /** Forgets a scheduled frame (the chart stopped, or its device went away). */
  cancel(): void {
    if (this.frameHandle) cancelAnimationFrame(this.frameHandle);
    clearTimeout(this.fallbackTimer);
    this.frameHandle = 0;
    this.scheduled = false;
    this.followUpOnly = false;
  }

  /** Resolves when every change made so far is drawn and the GPU has finished that work. */
  whenIdle(): Promise<void> {
    if (this.isQuiet()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isQuiet(): boolean {
    return (!this.scheduled || this.followUpOnly) && !this.inFlight && !this.source.busy();
  }

  /** Settles the `whenIdle` promises once nothing is scheduled, in flight or pending. */
  flushIfQuiet(): void {
    if (!this.isQuiet()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** The current animation frame's time (document.timeline), or null where there is none (Node, some hidden pages). */
function animationFrameTime(): number | null {
  const t = (globalThis as { document?: { timeline?: { currentTime?: unknown } } }).document?.timeline?.currentTime;
  return typeof t === 'number' ? t : null;
}
