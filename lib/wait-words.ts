// Shared with the browser (a vehicle card says when Refresh may read again there): words only, no
// server-only. Every "try again in N minutes" of the app, on a server page or in the browser, is
// worded here, so they all round the same way.

/** "3 minutes": a wait in whole minutes, rounded up, never less than one. */
export function formatMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
