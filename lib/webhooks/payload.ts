import "server-only";
import { z } from "zod";
import { Resolution, SignalErrorSchema, SmartcarIdSchema, Timestamp } from "@/lib/smartcar/schemas";

// A webhook delivery, payload version 4.0 (docs/smartcar-contract.md, section 9). Smartcar's pages
// show it two ways (top-level `vehicleId` or not, `fetchedAt` or `retrievedAt`, triggers in `data`
// or beside it): both are read; nothing but what the app uses is required.

const Id = SmartcarIdSchema;

const SignalEntry = z.object({
  code: z.string().min(1).max(100),
  body: z.unknown().optional(),
  status: z
    // The same reading of a signal's error as the REST answers' (lib/smartcar/schemas.ts).
    .object({ value: z.string().max(30), error: SignalErrorSchema })
    .nullish(),
  meta: z
    .object({ oemUpdatedAt: Timestamp, fetchedAt: Timestamp, retrievedAt: Timestamp })
    .partial()
    .nullish(),
});

const ErrorEntry = z.object({
  type: z.string().min(1).max(100),
  code: z.string().max(100).nullish(),
  state: z.string().max(20).nullish(),
  resolution: Resolution,
});

export const DeliverySchema = z.object({
  eventId: Id,
  eventType: z.string().min(1).max(60),
  vehicleId: Id.nullish(),
  data: z
    .object({
      challenge: z.string().max(1000).nullish(),
      user: z.object({ id: Id }).nullish(),
      vehicle: z.object({ id: Id }).nullish(),
      signals: z.array(SignalEntry).max(500).nullish(),
      errors: z.array(ErrorEntry).max(200).nullish(),
    })
    .nullish(),
  meta: z.object({ mode: z.string().max(20).nullish(), deliveredAt: Timestamp }).nullish(),
});

export type Delivery = z.infer<typeof DeliverySchema>;
