import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clear, release, reserve, usesOf, type Limit } from "@/lib/rate-limit";

afterAll(async () => {
  await db().$disconnect();
});

const limit = (max: number, windowMs = 60_000): Limit => ({
  name: `test:${randomUUID()}`,
  max,
  windowMs,
});

describe("reserve", () => {
  it("gives a burst of 50 concurrent takers exactly `max` uses, on separate connections", async () => {
    const five = limit(5);
    const results = await Promise.all(Array.from({ length: 50 }, () => reserve(five, "subject")));
    expect(results.filter((r) => r.kind === "reserved")).toHaveLength(5);
    for (const r of results.filter((r) => r.kind === "refused"))
      expect(r).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(await usesOf(five, "subject")).toBe(5);
  });

  it("says when the window ends, and keeps subjects apart", async () => {
    const one = limit(1, 90_000);
    expect(await reserve(one, "a")).toMatchObject({ kind: "reserved" });
    const refused = await reserve(one, "a");
    expect(refused.kind === "refused" && refused.retryAfterSeconds).toBeGreaterThanOrEqual(85);
    expect(refused.kind === "refused" && refused.retryAfterSeconds).toBeLessThanOrEqual(90);
    expect(await reserve(one, "b")).toMatchObject({ kind: "reserved" });
  });

  it("opens a new window once the last one is over", async () => {
    const short = limit(1, 300);
    expect(await reserve(short, "s")).toMatchObject({ kind: "reserved" });
    expect((await reserve(short, "s")).kind).toBe("refused");
    const deadline = Date.now() + 5_000;
    let again = await reserve(short, "s");
    while (again.kind === "refused" && Date.now() < deadline) again = await reserve(short, "s");
    expect(again).toMatchObject({ kind: "reserved" });
    expect(await usesOf(short, "s")).toBe(1);
  });

  it("release gives back one use of the running window; clear forgets them all", async () => {
    const two = limit(2);
    const first = await reserve(two, "x");
    await reserve(two, "x");
    expect((await reserve(two, "x")).kind).toBe("refused");
    if (first.kind !== "reserved") throw new Error("not reserved");
    await release(two, "x", first);
    expect(await reserve(two, "x")).toMatchObject({ kind: "reserved" });
    await clear(two, "x");
    expect(await usesOf(two, "x")).toBe(0);
    // Releasing what was never taken does not go below zero.
    await release(two, "never", first);
    expect(await usesOf(two, "never")).toBe(0);
  });

  it("release gives back only to the window the use was taken in", async () => {
    const two = limit(2);
    const old = await reserve(two, "w");
    if (old.kind !== "reserved") throw new Error("not reserved");
    // The window ended while the request waited; a new one began and filled up.
    await db().rateLimit.update({
      where: { key: `${two.name}:w` },
      data: { windowEndsAt: new Date(Date.now() - 1) },
    });
    const fresh = await reserve(two, "w");
    await reserve(two, "w");
    expect(await usesOf(two, "w")).toBe(2);
    await release(two, "w", old);
    expect(await usesOf(two, "w")).toBe(2);
    // Positive control: a use of the running window is given back.
    if (fresh.kind !== "reserved") throw new Error("not reserved");
    await release(two, "w", fresh);
    expect(await usesOf(two, "w")).toBe(1);
  });
});
