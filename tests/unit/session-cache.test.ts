import { sealData, unsealData } from "iron-session";
import { beforeEach, describe, expect, it } from "vitest";
import {
  cachedContents,
  clearSessionCache,
  rememberContents,
  SESSION_CACHE_ENTRIES,
  sessionCacheStats,
} from "@/lib/session-cache";

const password = "p".repeat(32);

beforeEach(() => clearSessionCache());

describe("the per-instance cache of unsealed session cookies", () => {
  it("answers a cookie it saw with what it unsealed to, a fresh copy each time", async () => {
    const contents = { sessionId: "s1", userId: "u1", connectState: "c".repeat(43) };
    const seal = await sealData(contents, { password, ttl: 3600 });
    expect(cachedContents(seal)).toBeUndefined();
    rememberContents(seal, await unsealData(seal, { password, ttl: 3600 }));
    const first = cachedContents<typeof contents>(seal)!;
    expect(first).toEqual(contents);
    delete (first as Partial<typeof contents>).connectState;
    expect(cachedContents(seal)).toEqual(contents);
    expect(sessionCacheStats()).toMatchObject({ hits: 2, misses: 1, entries: 1 });
    expect(sessionCacheStats().approximateBytes).toBeGreaterThan(2 * seal.length);
  });

  it("stops answering when iron's own expiry of the seal has passed", async () => {
    const seal = await sealData({ sessionId: "s1" }, { password, ttl: 60 });
    const expiry = Number(seal.split("*")[5]);
    rememberContents(seal, { sessionId: "s1" });
    expect(cachedContents(seal, expiry - 1)).toEqual({ sessionId: "s1" });
    expect(cachedContents(seal, expiry)).toBeUndefined();
    expect(sessionCacheStats()).toMatchObject({ entries: 0, expired: 1, approximateBytes: 0 });
  });

  it("keeps nothing without an expiry, nor a string longer than a cookie", async () => {
    rememberContents(await sealData({ a: 1 }, { password, ttl: 0 }), { a: 1 });
    rememberContents(`Fe26.2**${"x".repeat(5000)}`, { a: 1 });
    expect(sessionCacheStats().entries).toBe(0);
  });

  it("is bounded: the least recently used value goes first", async () => {
    const seal = await sealData({ sessionId: "kept" }, { password, ttl: 3600 });
    const [, ...rest] = seal.split("*");
    const fake = (i: number) => ["Fe26.2", `fake${i}`, ...rest.slice(1)].join("*");
    rememberContents(seal, { sessionId: "kept" });
    rememberContents(fake(0), { i: 0 });
    for (let i = 1; i < SESSION_CACHE_ENTRIES; i++) {
      rememberContents(fake(i), { i });
      if (i === 1) expect(cachedContents(seal)).toBeDefined(); // used: moves to the end
    }
    expect(sessionCacheStats()).toMatchObject({ entries: SESSION_CACHE_ENTRIES, evicted: 1 });
    expect(cachedContents(fake(0))).toBeUndefined();
    expect(cachedContents(seal)).toEqual({ sessionId: "kept" });
  });
});
