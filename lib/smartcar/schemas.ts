import { z } from "zod";

// The shapes this app relies on, validated on every response: anything else is an error, not a crash.

export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
});

export const ErrorBodySchema = z.object({
  errors: z
    .array(
      z.object({
        status: z.coerce.number().int(),
        type: z.string().max(100),
        code: z.string().max(100).nullish(),
        title: z.string().max(300),
        detail: z.string().max(1000).nullish(),
      }),
    )
    .min(1),
});

export const ConnectionSchema = z.object({
  vehicleId: z.string().min(1).max(100),
  make: z.string().max(60),
  model: z.string().max(100),
  year: z.number().int(),
  permissions: z.array(z.string().max(100)),
  connectedAt: z.string().optional(),
});
export const ConnectionsResponseSchema = z.object({ data: z.array(ConnectionSchema) });
export type Connection = z.infer<typeof ConnectionSchema>;

export const VehicleSchema = z.object({
  id: z.string(),
  make: z.string().max(60),
  model: z.string().max(100),
  year: z.number().int(),
  powertrainType: z.string().max(20).nullish(),
});
export const VehicleResponseSchema = z.object({ data: VehicleSchema });
export type Vehicle = z.infer<typeof VehicleSchema>;

const LocationValue = z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) });

export const SignalSchema = z.object({
  code: z.string().max(100),
  status: z.enum(["SUCCESS", "ERROR"]),
  value: z.union([z.number(), z.string().max(200), z.boolean(), LocationValue]).nullish(),
  unit: z.string().max(30).nullish(),
  retrievedAt: z.string().nullish(),
  error: z.object({ type: z.string().max(100), title: z.string().max(300) }).nullish(),
});
export const SignalsResponseSchema = z.object({ data: z.array(SignalSchema) });
export type Signal = z.infer<typeof SignalSchema>;
