/**
 * Page-wide hub for linked charts: charts in the same `sync` group share the visible time range
 * and the crosshair TIME (each chart then finds its own nearest row). Only the chart where the
 * change started publishes; receivers apply without re-publishing, and the hub ignores publishes
 * made while it is delivering, so a change can never loop.
 */
import type { TimeRange } from './view-math.js';

export interface SyncMember {
  /** Another chart of the group changed its visible range. */
  receiveRange(range: TimeRange): void;
  /** Another chart's crosshair moved to `time` (null: it left its chart). */
  receiveCrosshairTime(time: number | null): void;
}

export class SyncHub {
  private readonly groups = new Map<string, Set<SyncMember>>();
  private delivering = false;

  /** Adds a member to a group; returns the function that removes it. */
  join(group: string, member: SyncMember): () => void {
    let set = this.groups.get(group);
    if (!set) this.groups.set(group, (set = new Set()));
    set.add(member);
    return () => {
      const s = this.groups.get(group);
      if (!s) return;
      s.delete(member);
      if (s.size === 0) this.groups.delete(group);
    };
  }

  members(group: string): number {
    return this.groups.get(group)?.size ?? 0;
  }

  publishRange(group: string, from: SyncMember, range: TimeRange): void {
    this.deliver(group, from, (m) => m.receiveRange({ from: range.from, to: range.to }));
  }

  publishCrosshairTime(group: string, from: SyncMember, time: number | null): void {
    this.deliver(group, from, (m) => m.receiveCrosshairTime(time));
  }

  private deliver(group: string, from: SyncMember, send: (m: SyncMember) => void): void {
    if (this.delivering) return;
    const set = this.groups.get(group);
    if (!set) return;
    this.delivering = true;
    try {
      for (const m of set) if (m !== from) send(m);
    } finally {
      this.delivering = false;
    }
  }
}

/**
 * The page's hub. Kept on globalThis under a registered symbol so that two copies of the library
 * on one page (an app bundle and a CDN build) still link their charts.
 */
export function pageSyncHub(): SyncHub {
  const key = Symbol.for('gpu-chart.sync-hub');
  const g = globalThis as unknown as Record<symbol, SyncHub | undefined>;
  return (g[key] ??= new SyncHub());
}
