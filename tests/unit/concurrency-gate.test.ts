import { describe, expect, it } from "vitest";
import { createGate } from "@/lib/concurrency-gate";

/** A task that finishes when the test says so. */
function deferred() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: () => done.then(() => "ok"), finish };
}

describe("createGate", () => {
  it("runs at most `concurrency` tasks, queues up to `maxQueue`, and refuses the rest at once", async () => {
    const gate = createGate({ concurrency: 2, maxQueue: 2, maxWaitMs: 10_000, maxPerKey: 10 });
    const tasks = Array.from({ length: 6 }, () => deferred());
    const results = tasks.map((t, i) => gate.run(`client-${i}`, t.task));
    expect(gate.load()).toEqual({ running: 2, queued: 2 });
    expect(await results[4]).toEqual({ kind: "busy" });
    expect(await results[5]).toEqual({ kind: "busy" });
    for (const t of tasks) t.finish();
    expect(await Promise.all(results.slice(0, 4))).toEqual(
      Array(4).fill({ kind: "done", value: "ok" }),
    );
    expect(gate.load()).toEqual({ running: 0, queued: 0 });
  });

  it("starts queued tasks in order as places free up", async () => {
    const gate = createGate({ concurrency: 1, maxQueue: 5, maxWaitMs: 10_000, maxPerKey: 10 });
    const order: number[] = [];
    const first = deferred();
    const running = gate.run("a", first.task);
    const queued = [1, 2, 3].map((n) => gate.run(`k${n}`, async () => void order.push(n)));
    first.finish();
    await Promise.all([running, ...queued]);
    expect(order).toEqual([1, 2, 3]);
  });

  it("refuses a task that waited longer than `maxWaitMs`", async () => {
    const gate = createGate({ concurrency: 1, maxQueue: 5, maxWaitMs: 20, maxPerKey: 10 });
    const blocker = deferred();
    const running = gate.run("a", blocker.task);
    expect(await gate.run("b", async () => "late")).toEqual({ kind: "busy" });
    expect(gate.load()).toEqual({ running: 1, queued: 0 });
    blocker.finish();
    await running;
  });

  it("lets one key hold at most `maxPerKey` places, so others still get in", async () => {
    const gate = createGate({ concurrency: 1, maxQueue: 8, maxWaitMs: 10_000, maxPerKey: 2 });
    const tasks = Array.from({ length: 5 }, () => deferred());
    const greedy = tasks.map((t) => gate.run("greedy", t.task));
    expect(await greedy[2]).toEqual({ kind: "busy" });
    const other = gate.run("other", async () => "mine");
    for (const t of tasks) t.finish();
    expect(await other).toEqual({ kind: "done", value: "mine" });
    // Its places are given back once its tasks are done.
    expect(await gate.run("greedy", async () => "again")).toEqual({ kind: "done", value: "again" });
  });

  it("frees the place of a task that fails, and passes the error on", async () => {
    const gate = createGate({ concurrency: 1, maxQueue: 1, maxWaitMs: 10_000, maxPerKey: 1 });
    await expect(gate.run("a", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run("a", async () => 1)).toEqual({ kind: "done", value: 1 });
  });
});
