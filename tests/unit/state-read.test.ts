import { describe, expect, it } from "vitest";
import { readWithRetries } from "@/lib/vehicles/state-read";

// A live update's state read: a failure or a hang is retried a bounded number of times and then
// reported, never dropped silently (lib/vehicles/live.ts).

function reader(outcomes: ("ok" | "fail" | "hang")[]) {
  let calls = 0;
  const read = () => {
    const outcome = outcomes[Math.min(calls, outcomes.length - 1)];
    calls += 1;
    if (outcome === "ok") return Promise.resolve(`state ${calls}`);
    if (outcome === "fail") return Promise.reject(new Error(`down ${calls}`));
    return new Promise<string>(() => undefined);
  };
  return { read, calls: () => calls };
}

describe("readWithRetries", () => {
  it("answers the first read that succeeds, waiting longer after each failure", async () => {
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);
    const once = reader(["ok"]);
    expect(await readWithRetries(once.read, { wait })).toEqual({ value: "state 1" });
    expect(once.calls()).toBe(1);
    expect(waits).toEqual([]);

    const third = reader(["fail", "fail", "ok"]);
    expect(await readWithRetries(third.read, { wait })).toEqual({ value: "state 3" });
    expect(third.calls()).toBe(3);
    expect(waits).toEqual([250, 500]);
  });

  it("reports the last error after the last attempt, and tries no more", async () => {
    const down = reader(["fail"]);
    const got = await readWithRetries(down.read, { wait: async () => undefined });
    expect(got).toEqual({ failed: new Error("down 3"), attempts: 3 });
    expect(down.calls()).toBe(3);
  });

  it("gives a read that never answers a bounded time, then tries again", async () => {
    const hung = reader(["hang", "ok"]);
    const got = await readWithRetries(hung.read, { timeoutMs: 20, wait: async () => undefined });
    expect(got).toEqual({ value: "state 2" });
    const stuck = reader(["hang"]);
    const failed = await readWithRetries(stuck.read, {
      attempts: 2,
      timeoutMs: 20,
      wait: async () => undefined,
    });
    expect(failed).toEqual({ failed: new Error("no answer within 20 ms"), attempts: 2 });
  });
});
