import "server-only";
import { z } from "zod";

// The wire shapes of Smartcar's v3 API, as documented (docs/smartcar-contract.md, and the examples
// in tests/fixtures/smartcar). They are deliberately tolerant where Smartcar's own pages disagree:
// ids are any non-empty string, units and make casing are free text, timestamps may be epoch
// seconds, epoch milliseconds or ISO-8601 strings. They are strict only about what the app cannot
// do without.

/** Ids are UUIDs in practice, but documented examples use `vehicle123` (contract, known difference 21). */
const Id = z.string().min(1).max(200);
/** A Smartcar id (a vehicle's, a user's) as the app accepts one from anywhere: a form, a webhook. */
export const SmartcarIdSchema = Id;
const Text = (max: number) => z.string().max(max);

/** Epoch seconds, epoch milliseconds or an ISO-8601 string (contract 6.1, "Timestamp units"). */
export const Timestamp = z.union([z.number(), z.string().max(64)]).nullish();

export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
});

// --- Errors (contract 8.1: two documented bodies) -----------------------------------------------

/**
 * `resolution` is `{ type, url }` in the examples, a bare string in Smartcar's own SDK's reading
 * of it; a string means `{ type: <string> }` (contract 8.1, 6.3).
 */
export const Resolution = z
  .union([
    z.object({ type: Text(60).nullish(), url: Text(2000).nullish() }),
    Text(60).transform((type) => ({ type, url: null })),
  ])
  .nullish()
  .catch(null);

/** Format A, the v3 OpenAPI's `{ errors: [...] }`. `status` is a string there. */
export const ErrorsBodySchema = z.object({
  errors: z
    .array(
      z.object({
        status: z.union([z.string(), z.number()]).nullish(),
        type: Text(100).nullish(),
        code: Text(100).nullish(),
        title: Text(300).nullish(),
        detail: z.union([Text(2000), z.array(z.unknown())]).nullish(),
        resolution: Resolution,
        suggestedUserMessage: Text(1000).nullish(),
        requestId: Text(200).nullish().catch(null),
      }),
    )
    .min(1),
});

/** Format B, the errors overview's flat body. */
export const FlatErrorBodySchema = z.object({
  type: Text(100),
  code: Text(100).nullish(),
  description: Text(2000).nullish(),
  statusCode: z.union([z.string(), z.number()]).nullish(),
  requestId: Text(200).nullish().catch(null),
  resolution: Resolution,
  suggestedUserMessage: Text(1000).nullish(),
});

// --- Paging (contract 4.1 and known difference 4) -----------------------------------------------

/** `pageNumber` on connections, `page` on the older signals example; page by `totalCount`. */
const PageMeta = z
  .object({
    pageNumber: z.number().int().nullish(),
    page: z.number().int().nullish(),
    pageSize: z.number().int().nullish(),
    totalCount: z.number().int().nonnegative().nullish(),
  })
  .partial()
  .nullish();

/** Link names differ too (`prev` / `previous`): only whether `next` is there matters. */
const PageLinks = z.object({ next: z.string().nullish() }).nullish();

// --- Connections (contract 4) --------------------------------------------------------------------

const VehicleAttributes = z.object({
  make: Text(60),
  model: Text(100),
  year: z.number().int(),
  mode: Text(20).nullish(),
  powertrainType: Text(20).nullish(),
});

export const ConnectionResourceSchema = z.object({
  id: Id,
  attributes: z.object({
    permissions: z.array(Text(100)).catch([]),
    vehicle: VehicleAttributes,
    // Not in Smartcar's examples, but some clients read it there; a fallback only (contract 4.1).
    // `externalId`: the launch's `external_id`, where connections surface it (UNVERIFIED,
    // contract 1.3, 4.1): read when present, never required.
    user: z.object({ id: Id.nullish(), externalId: Id.nullish() }).nullish().catch(null),
  }),
  relationships: z.object({
    vehicle: z.object({ data: z.object({ id: Id }) }),
    user: z.object({ data: z.object({ id: Id }).nullish() }).nullish(),
  }),
  meta: z.object({ createdAt: Timestamp }).partial().nullish(),
});

/** The app's model of one connection. */
export type Connection = {
  /** The connection's own id: what `DELETE /v3/connections/{id}` takes. */
  id: string;
  vehicleId: string;
  userId: string;
  make: string;
  model: string;
  year: number;
  mode: string | null;
  powertrainType: string | null;
  permissions: string[];
  /** The `external_id` the app sent on Connect, if the connection carries it (contract 1.3, 4.1). */
  externalId: string | null;
};

/** A connection resource as the app models it, or null when it names no owner. */
export function toConnection(
  resource: z.infer<typeof ConnectionResourceSchema>,
): Connection | null {
  const owner = resource.relationships.user?.data?.id ?? resource.attributes.user?.id ?? null;
  if (owner === null) return null;
  const vehicle = resource.attributes.vehicle;
  return {
    id: resource.id,
    vehicleId: resource.relationships.vehicle.data.id,
    userId: owner,
    make: vehicle.make,
    model: vehicle.model,
    year: vehicle.year,
    mode: vehicle.mode ?? null,
    powertrainType: vehicle.powertrainType ?? null,
    permissions: resource.attributes.permissions,
    externalId: resource.attributes.user?.externalId ?? null,
  };
}

/** Items are read one by one (client.ts): one malformed connection must not hide the others. */
export const ConnectionsPageSchema = z.object({
  data: z.array(z.unknown()),
  meta: PageMeta,
  links: PageLinks,
});

// --- Vehicles (contract 5) -----------------------------------------------------------------------

export const VehicleResponseSchema = z.object({
  data: z.object({ id: Id, attributes: VehicleAttributes }),
});

// --- Signals (contract 6) ------------------------------------------------------------------------

/**
 * A failed signal's `status.error` (contract 6.3): `type` and `code`, and where Smartcar gives
 * them a `resolution` (REAUTHENTICATE acts as on the whole request) and words for the person.
 * Shared by REST answers and webhook deliveries; a malformed one reads as no details.
 */
export const SignalErrorSchema = z
  .object({
    type: Text(100).nullish(),
    code: Text(100).nullish(),
    resolution: Resolution,
    suggestedUserMessage: Text(1000).nullish().catch(null),
  })
  .nullish()
  .catch(null);

const SignalMeta = z
  .object({ retrievedAt: Timestamp, fetchedAt: Timestamp, oemUpdatedAt: Timestamp })
  .partial()
  .nullish();

export const SignalResourceSchema = z.object({
  attributes: z.object({
    code: Text(100),
    status: z.object({ value: Text(30), error: SignalErrorSchema }).nullish(),
    // The shape depends on the signal: read per code in signals.ts.
    body: z.unknown().optional(),
    // One client merges meta into attributes; accept it there too (contract 6.1).
    meta: SignalMeta.catch(null),
  }),
  meta: SignalMeta.catch(null),
});

export const SignalsPageSchema = z.object({
  data: z.array(z.unknown()),
  meta: PageMeta,
  links: PageLinks,
});

/** The single-signal endpoint is documented unwrapped but observed wrapped in `data` (contract 6.2). */
export const SignalResponseSchema = z.union([
  z.object({ data: SignalResourceSchema }).transform((document) => document.data),
  SignalResourceSchema,
]);

// --- Commands (contract 7) -----------------------------------------------------------------------

export const CommandResponseSchema = z.object({
  data: z.object({
    id: Id.nullish(),
    attributes: z.object({
      commandType: Text(100).nullish(),
      status: z.object({ value: Text(30) }),
    }),
  }),
});
