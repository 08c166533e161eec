import "server-only";
import { HASH_QUEUE } from "@/lib/accounts/limits";
import { getConfig } from "@/lib/config";
import { createGate, type Gate, type GateResult } from "@/lib/concurrency-gate";

// One gate per process: it guards this instance's CPU and libuv threads, which is what a burst of
// scrypt calls exhausts (docs/references.md [node-worker-pool]).
const globalForGate = globalThis as unknown as { passwordHashGate?: Gate };

function gate(): Gate {
  globalForGate.passwordHashGate ??= createGate({
    concurrency: getConfig().passwordHashConcurrency,
    ...HASH_QUEUE,
  });
  return globalForGate.passwordHashGate;
}

/** Runs a password hash for `client` when a place is free, or answers busy. */
export function withHashSlot<T>(client: string, hash: () => Promise<T>): Promise<GateResult<T>> {
  return gate().run(client, hash);
}
