// Request counts by kind of route since the last reset, so a benchmark can print how many API calls
// one page view of the app costs.

export type RouteKind =
  | "authorize"
  | "reauthenticate"
  | "token"
  | "connections"
  | "connection"
  | "deleteConnection"
  | "deleteUser"
  | "vehicle"
  | "signals"
  | "signal"
  | "commands"
  | "unknown";

export class Stats {
  private counts = new Map<RouteKind, number>();
  private since = new Date();

  count(kind: RouteKind): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  reset(): void {
    this.counts.clear();
    this.since = new Date();
  }

  toJSON() {
    const counts = Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
    const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    return { since: this.since.toISOString(), total, counts };
  }
}
