import "server-only";

// A sealed session cookie is immutable: the same string always unseals to the same contents. This
// instance keeps what each sealed string it saw holds (or what it sealed itself), so the WebCrypto
// work of unsealing (PBKDF2 key derivation, HMAC, AES: docs/references.md [iron-api]) runs once
// per cookie value, not once per request. Only the cookie's contents are kept: whether its session
// is live is still asked of the database on every request (lib/session.ts), so signing out, signing
// out everywhere and expiry take effect at once, on every instance, exactly as before. Bounded
// (least recently used goes first) and per instance: another instance simply unseals again.

/** At most this many cookie values: about 1.4 KiB each, 14 MiB in all (bench/README.md). */
export const SESSION_CACHE_ENTRIES = 10_000;
/** Longer strings are never kept (browsers cap a cookie at 4096 bytes anyway). */
const MAX_SEAL_LENGTH = 4096;

type Entry = { json: string; expiresAt: number };

const entries = new Map<string, Entry>();
const counters = { hits: 0, misses: 0, stored: 0, evicted: 0, expired: 0 };
let bytes = 0;

/**
 * When iron stops accepting `seal`: its expiry field (ms since the epoch, covered by its HMAC),
 * which is where iron-session's `ttl` ends up (docs/references.md [iron-webcrypto], unseal: a seal
 * whose expiry has passed is "Expired seal"; iron allows 60 s of clock skew on top, this cache does
 * not). A seal without an expiry (ttl 0) is not kept.
 */
function expiryOf(seal: string): number | null {
  const expiration = seal.split("~")[0]!.split("*")[5];
  return expiration && /^\d{1,15}$/.test(expiration) ? Number(expiration) : null;
}

function drop(seal: string, entry: Entry): void {
  entries.delete(seal);
  bytes -= 2 * (seal.length + entry.json.length);
}

/** The contents `seal` unsealed to before, if this instance knows it and iron would still take it. */
export function cachedContents<T extends object>(seal: string, now = Date.now()): T | undefined {
  const entry = entries.get(seal);
  if (!entry) {
    counters.misses++;
    return undefined;
  }
  if (entry.expiresAt <= now) {
    drop(seal, entry);
    counters.expired++;
    counters.misses++;
    return undefined;
  }
  // Most recently used last: re-inserting moves it to the end of the Map's order.
  entries.delete(seal);
  entries.set(seal, entry);
  counters.hits++;
  // A fresh object per request: a handler may change its session without touching the cache.
  return JSON.parse(entry.json) as T;
}

/** Keeps what `seal` holds: after unsealing it, or right after sealing `contents` into it. */
export function rememberContents(seal: string, contents: object): void {
  if (seal.length > MAX_SEAL_LENGTH) return;
  const expiresAt = expiryOf(seal);
  if (expiresAt === null) return;
  const json = JSON.stringify(contents);
  const previous = entries.get(seal);
  if (previous) drop(seal, previous);
  entries.set(seal, { json, expiresAt });
  bytes += 2 * (seal.length + json.length);
  counters.stored++;
  while (entries.size > SESSION_CACHE_ENTRIES) {
    const [oldest, entry] = entries.entries().next().value!;
    drop(oldest, entry);
    counters.evicted++;
  }
}

export type SessionCacheStats = {
  entries: number;
  /** The strings' size as JavaScript holds them (UTF-16), keys and values, without Map overhead. */
  approximateBytes: number;
  hits: number;
  misses: number;
  stored: number;
  evicted: number;
  expired: number;
};

/** For the bench (app/bench/limit) and tests: how well the cache did since this instance started. */
export function sessionCacheStats(): SessionCacheStats {
  return { entries: entries.size, approximateBytes: bytes, ...counters };
}

/** For unit tests only. */
export function clearSessionCache(): void {
  entries.clear();
  bytes = 0;
  for (const key of Object.keys(counters) as (keyof typeof counters)[]) counters[key] = 0;
}
