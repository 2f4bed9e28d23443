/**
 * Parts of a chart that live in lazy chunks (dynamic imports: drawings, markers, annotations,
 * primitives, telemetry), loaded the first time a chart uses them, so a plain line or candle
 * chart never downloads them (test/node/entries.test.mjs). While one loads the chart counts as
 * busy: no frame is drawn (the first picture has the part, not a frame without it) and
 * `whenIdle` (`chart.updateComplete`) waits for it.
 */
export interface LazyPartsHost {
  /** A part was installed (or failed): draw again. */
  loaded(): void;
  /** Nothing is loading any more: settle the `whenIdle` promises. */
  settled(): void;
  error(message: string, cause: unknown): void;
}

export class LazyParts {
  private loading = 0;
  private readonly requested = new Set<string>();

  constructor(private readonly host: LazyPartsHost) {}

  /** True while a part is being loaded. */
  get busy(): boolean {
    return this.loading > 0;
  }

  /**
   * Loads a part once (by key) and installs it; later calls while it loads or after are no-ops.
   * Resolves once it is installed or has failed (reported).
   */
  load<M>(key: string, importer: () => Promise<M>, install: (module: M) => void): Promise<void> {
    if (this.requested.has(key)) return Promise.resolve();
    this.requested.add(key);
    this.loading++;
    return importer()
      .then(install, (err: unknown) => {
        // A chunk that failed to load (offline, a CDN outage) may be asked for again later.
        this.requested.delete(key);
        this.host.error(`The chart could not load its ${key} module: ${String((err as Error)?.message ?? err)}`, err);
      })
      .finally(() => {
        this.loading--;
        this.host.loaded();
        if (!this.loading) this.host.settled();
      });
  }
}

/**
 * A module loaded once per page by a dynamic import, for parts the element answers synchronously
 * once they are here (`chart.config = …`, `addDrawing`): `module` is set when it has arrived, so
 * every later call on any chart is synchronous again; calls before that wait for `load()`.
 */
export class LazyModule<M> {
  module: M | null = null;
  private loading: Promise<M> | null = null;

  constructor(private readonly importer: () => Promise<M>) {}

  load(): Promise<M> {
    this.loading ??= this.importer().then(
      (m) => (this.module = m),
      (err: unknown) => {
        // Failed (offline, a CDN outage): the next call asks again.
        this.loading = null;
        throw err;
      },
    );
    return this.loading;
  }
}
