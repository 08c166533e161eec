import { z } from "zod";

// What the test controls accept. Strict objects: an unknown key is a mistake worth a 400.

const ms = (max: number) => z.number().int().min(0).max(max);

export const SettingsPatch = z.strictObject({
  latencyMs: ms(60_000).optional(),
  commandDelayMs: ms(600_000).optional(),
  asyncAfterMs: ms(600_000).nullable().optional(),
  signalsPageSize: z.number().int().min(1).max(100).optional(),
  timestampFormat: z.enum(["iso", "seconds", "millis"]).optional(),
  webhookRetryDelaysMs: z.array(ms(600_000)).max(10).optional(),
  webhookTimeoutMs: z.number().int().min(1).max(60_000).optional(),
});

export const VehiclePatch = z
  .strictObject({
    batteryPercent: z.number().int().min(0).max(100).optional(),
    odometerKm: z.number().min(0).max(10_000_000).optional(),
    location: z
      .strictObject({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        heading: z.number().min(0).max(359.9).optional(),
      })
      .optional(),
    locked: z.boolean().optional(),
    doorOpen: z.boolean().optional(),
    pluggedIn: z.boolean().optional(),
    charging: z.boolean().optional(),
    chargeLimit: z.number().int().min(50).max(100).optional(),
    needsReauthentication: z.boolean().optional(),
    emptySignals: z.boolean().optional(),
    /**
     * Signals that fail with a per-signal ERROR (contract 6.3), by code; `null` for a code makes
     * it succeed again. A string `resolution` is read as `{ type }`, as Smartcar's SDK does.
     */
    signalErrors: z
      .record(
        z.string().regex(/^[a-z]+-[a-z]+$/, "must be a signal code"),
        z
          .strictObject({
            type: z.string().regex(/^[A-Z_]{2,60}$/),
            code: z.string().regex(/^[A-Z_]{2,60}$/),
            resolution: z
              .union([
                z
                  .string()
                  .regex(/^[A-Z_]{2,60}$/)
                  .transform((type) => ({ type })),
                z.strictObject({ type: z.string().regex(/^[A-Z_]{2,60}$/) }),
              ])
              .nullable()
              .default(null),
            suggestedUserMessage: z.string().min(1).max(500).optional(),
          })
          .nullable(),
      )
      .optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: "nothing to change" });

export type VehiclePatch = z.infer<typeof VehiclePatch>;

export const WebhookTest = z.strictObject({ vehicleId: z.string().min(1).max(100) });

/** "path: message" of the first issue, for a 400 answer. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}
