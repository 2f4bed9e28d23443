/**
 * Time markers of linked charts: a vertical line at a time means the same on every chart of a
 * `sync` group, so each chart draws its own time markers and those of the other charts of its
 * group. Page-wide, under a registered symbol (as the sync hub), so that two copies of the
 * library on one page still share them.
 */
import type { TimeMarkerOptions } from './types.js';

export interface TimeMarkerMember {
  /** This member's own time markers. */
  readonly ownTimeMarkers: readonly TimeMarkerOptions[];
  /** The group's markers changed: draw `all` (own first, then the others' in joining order). */
  groupTimeMarkersChanged(all: readonly TimeMarkerOptions[]): void;
}

export class TimeMarkerGroups {
  private readonly groups = new Map<string, Set<TimeMarkerMember>>();

  /** Adds a member to a group and tells the group; returns the function that removes it. */
  join(group: string, member: TimeMarkerMember): () => void {
    let set = this.groups.get(group);
    if (!set) this.groups.set(group, (set = new Set()));
    set.add(member);
    this.changed(group);
    return () => {
      const s = this.groups.get(group);
      if (!s?.delete(member)) return;
      if (s.size === 0) this.groups.delete(group);
      else this.changed(group);
    };
  }

  /** A member's own markers changed: every member of the group draws the new set. */
  changed(group: string): void {
    const set = this.groups.get(group);
    if (!set) return;
    for (const m of set) {
      const others = [...set].filter((o) => o !== m).flatMap((o) => o.ownTimeMarkers);
      m.groupTimeMarkersChanged([...m.ownTimeMarkers, ...others]);
    }
  }
}

export function pageTimeMarkerGroups(): TimeMarkerGroups {
  const key = Symbol.for('gpu-chart.time-marker-groups');
  const g = globalThis as unknown as Record<symbol, TimeMarkerGroups | undefined>;
  return (g[key] ??= new TimeMarkerGroups());
}
