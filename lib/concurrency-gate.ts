import "server-only";
// A bounded number of tasks at a time, a short queue with a bounded wait, and a plain "busy"
// beyond it, so that work nobody may skip (hashing a password) cannot pile up without limit.
// A key (the client) may hold only a few places, running or waiting, so one client cannot fill
// the queue for everyone else. Pure and in-process: it protects this instance's CPU and threads.

export type GateOptions = {
  /** Tasks running at once. */
  concurrency: number;
  /** Tasks waiting for a place; more are refused at once. */
  maxQueue: number;
  /** How long a task may wait for a place before it is refused. */
  maxWaitMs: number;
  /** Places, running or waiting, that one key may hold. */
  maxPerKey: number;
};

export type GateResult<T> = { kind: "done"; value: T } | { kind: "busy" };

type Waiter = { start: () => void; timer: ReturnType<typeof setTimeout> };

export type Gate = {
  run<T>(key: string, task: () => Promise<T>): Promise<GateResult<T>>;
  load(): { running: number; queued: number };
};

export function createGate({ concurrency, maxQueue, maxWaitMs, maxPerKey }: GateOptions): Gate {
  let running = 0;
  const queue: Waiter[] = [];
  const held = new Map<string, number>();

  const hold = (key: string, delta: number) => {
    const count = (held.get(key) ?? 0) + delta;
    if (count > 0) held.set(key, count);
    else held.delete(key);
  };

  const startNext = () => {
    const waiter = queue.shift();
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.start();
  };

  async function execute<T>(key: string, task: () => Promise<T>): Promise<GateResult<T>> {
    running += 1;
    try {
      return { kind: "done", value: await task() };
    } finally {
      running -= 1;
      hold(key, -1);
      startNext();
    }
  }

  return {
    run<T>(key: string, task: () => Promise<T>): Promise<GateResult<T>> {
      if ((held.get(key) ?? 0) >= maxPerKey) return Promise.resolve({ kind: "busy" });
      if (running < concurrency) {
        hold(key, 1);
        return execute(key, task);
      }
      if (queue.length >= maxQueue) return Promise.resolve({ kind: "busy" });
      hold(key, 1);
      return new Promise<GateResult<T>>((resolve, reject) => {
        const waiter: Waiter = {
          start: () => execute(key, task).then(resolve, reject),
          timer: setTimeout(() => {
            queue.splice(queue.indexOf(waiter), 1);
            hold(key, -1);
            resolve({ kind: "busy" });
          }, maxWaitMs),
        };
        queue.push(waiter);
      });
    },
    load: () => ({ running, queued: queue.length }),
  };
}
