/**
 * Waiting for a chart's datasource: a `<gpu-datasource>` added, renamed or defined later, in the
 * chart's root or as its child, binds when it appears; a `source` id that still names nothing
 * after a grace period is reported (a late-inserted or late-defined one binds quietly meanwhile).
 */
export class SourceWatch {
  private observer: MutationObserver | null = null;
  private missing: { id: string; timer: ReturnType<typeof setTimeout> } | null = null;

  constructor(
    private readonly host: HTMLElement,
    /** Looks for the datasource again. */
    private readonly rebind: () => void,
    /** `source` still names nothing after the grace period. */
    private readonly reportMissing: (id: string) => void,
    private readonly graceMs = 1000,
  ) {}

  /** `waiting`: watch for a datasource to appear; `missingId`: the id to report if it does not in time. */
  update(waiting: boolean, missingId: string | null): void {
    this.watch(waiting);
    if (this.missing && this.missing.id !== missingId) {
      clearTimeout(this.missing.timer);
      this.missing = null;
    }
    if (missingId === null || this.missing) return;
    const timer = setTimeout(() => this.reportMissing(missingId), this.graceMs);
    this.missing = { id: missingId, timer };
  }

  stop(): void {
    this.update(false, null);
  }

  private watch(waiting: boolean): void {
    if (!waiting) {
      this.observer?.disconnect();
      this.observer = null;
      return;
    }
    if (this.observer) return;
    const root = this.host.getRootNode() as Node;
    this.observer = new MutationObserver(() => this.rebind());
    this.observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
    this.observer.observe(this.host, { childList: true });
    void customElements.whenDefined('gpu-datasource').then(() => this.rebind());
  }
}
