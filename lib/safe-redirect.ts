// Shared with the browser (the account forms read `next` there): pure, no server-only.
// Where to send the browser after a form: every `next` of the app goes through safeNextPath.
//
// The candidate is resolved once, as a browser would (docs/references.md [whatwg-url-parser]),
// and the checks apply to that result, not to the input: removing dot segments, decoding `%2e`,
// turning `\` into `/` and dropping tabs and newlines all happen inside the parser, so
// `/.//evil.com` only shows itself as `//evil.com` after resolution (docs/references.md
// [owasp-unvalidated-redirects]).

const BASE = new URL("http://same-origin.invalid/");
const MAX_LENGTH = 2048;
// C0 and C1 controls, and DEL: none belongs in a path a person follows.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The same-origin path (with its query and fragment) to go to, serialized, or `fallback` for
 * anything else: other origins, `//host`, `/\host`, other schemes, control characters raw or
 * percent-encoded, malformed encodings, non-strings, and inputs over 2,048 characters.
 */
export function safeNextPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  // The parser silently drops tabs and newlines; an input that has them is not a link we made.
  if (!value.startsWith("/") || CONTROL.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE.origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Checked decoded too, for whatever decodes it again on the way (a proxy, a later redirect).
  const plain = decoded(path);
  if (plain === null || CONTROL.test(plain)) return fallback;
  return isOneSlashPath(path) && isOneSlashPath(plain) ? path : fallback;
}

/** Starts with exactly one `/`: not `//host`, not `/\host`. */
function isOneSlashPath(path: string): boolean {
  return path.startsWith("/") && path[1] !== "/" && path[1] !== "\\";
}

/** The path with its percent-encodings decoded, or null when they are malformed. */
function decoded(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}
