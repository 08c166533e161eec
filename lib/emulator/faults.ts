import "server-only";
import { z } from "zod";
import { apiError } from "@/lib/emulator/responses";

// Faults tests switch on in the emulated API: one vehicle failing, rate limiting, slowness, or
// the whole API down. Kept in this process's memory (`next start` is one process).

export const FaultSchema = z.discriminatedUnion("kind", [
  /** Requests about this vehicle fail with a 500 (or `status`). */
  z.object({ kind: z.literal("vehicle-error"), vehicleId: z.string().max(100), status: z.number().int().min(400).max(599).default(500) }),
  /** The next `count` requests answer 429 with Retry-After. */
  z.object({ kind: z.literal("rate-limit"), count: z.number().int().min(1).max(100).default(1), retryAfterSeconds: z.number().int().min(0).max(60).default(1) }),
  /** Every request waits `delayMs` before answering. */
  z.object({ kind: z.literal("slow"), delayMs: z.number().int().min(0).max(60_000) }),
  /** Every request answers 503. */
  z.object({ kind: z.literal("down") }),
]);
export type Fault = z.infer<typeof FaultSchema>;

const store = globalThis as unknown as { emulatorFaults?: Fault[] };
const faults = () => (store.emulatorFaults ??= []);

export function setFaults(list: Fault[]): void {
  store.emulatorFaults = list.map((f) => ({ ...f }));
}

export function listFaults(): Fault[] {
  return faults();
}

/** The response a fault imposes on this request, if any (after its delay). */
export async function applyFault(vehicleId: string | null): Promise<Response | null> {
  for (const fault of faults()) {
    if (fault.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  }
  if (faults().some((f) => f.kind === "down")) return apiError(503, "SERVER", null, "Service unavailable");
  const limit = faults().find((f) => f.kind === "rate-limit");
  if (limit && limit.kind === "rate-limit" && limit.count > 0) {
    limit.count -= 1;
    return apiError(429, "RATE_LIMIT", null, "Rate limit exceeded", null, { "Retry-After": String(limit.retryAfterSeconds) });
  }
  const broken = faults().find((f) => f.kind === "vehicle-error" && f.vehicleId === vehicleId);
  if (broken && broken.kind === "vehicle-error") {
    return apiError(broken.status, "VEHICLE_STATE", null, "The vehicle did not respond");
  }
  return null;
}
