import { z } from "zod";
import { FAULT_ERRORS } from "./api/errors";

// Faults tests switch on in the emulated vehicle API: one vehicle failing, rate limiting, slowness,
// or the whole API down. Kept in memory only: a restart clears them.

const faultStatus = z
  .number()
  .int()
  .refine((status) => status in FAULT_ERRORS, {
    message: `status must be one of ${Object.keys(FAULT_ERRORS).join(", ")}`,
  });

const FaultSchema = z.discriminatedUnion("kind", [
  /** That vehicle's API calls fail with the documented error for `status`. */
  z.strictObject({
    kind: z.literal("vehicle-error"),
    vehicleId: z.string().min(1).max(100),
    status: faultStatus.default(500),
  }),
  /**
   * The next `count` vehicle API requests answer 429 RATE_LIMIT with Retry-After: `VEHICLE` (one
   * vehicle throttled) or `SMARTCAR_API` (the application's request bucket), contract 8.3.
   */
  z.strictObject({
    kind: z.literal("rate-limit"),
    code: z.enum(["VEHICLE", "SMARTCAR_API"]).default("VEHICLE"),
    count: z.number().int().min(1).max(10_000).default(1),
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  }),
  /** Every vehicle API request waits `delayMs` first. */
  z.strictObject({ kind: z.literal("slow"), delayMs: z.number().int().min(0).max(120_000) }),
  /** Every vehicle API request fails with `status` (default 500 SERVER/INTERNAL). */
  z.strictObject({ kind: z.literal("down"), status: faultStatus.default(500) }),
]);

export const FaultListSchema = z.array(FaultSchema).max(50);

export type Fault = z.infer<typeof FaultSchema>;

/** The vehicles a `vehicle-error` fault names. */
export function faultyVehicles(faults: readonly Fault[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const fault of faults) {
    if (fault.kind === "vehicle-error" && !result.has(fault.vehicleId)) {
      result.set(fault.vehicleId, fault.status);
    }
  }
  return result;
}
