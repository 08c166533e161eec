import "server-only";
// One JSON line per event on stdout: what operators need, never secrets, cookies, query strings
// or full Smartcar user ids.

type LogFields = Record<string, string | number | boolean | null | undefined>;

export function log(event: string, fields: LogFields = {}): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
}

/** The first 8 characters of an identifier, enough to correlate, too little to use. */
export function maskId(id: string | null | undefined): string | null {
  return id ? `${id.slice(0, 8)}…` : null;
}
