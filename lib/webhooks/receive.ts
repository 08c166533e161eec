import "server-only";
import { getConfig } from "@/lib/config";
import { db, whenDatabaseIsUp } from "@/lib/db";
import { log, maskId } from "@/lib/log";
import { parseTimestamp, storedValue, toSignal } from "@/lib/smartcar/signals";
import { LIVE_CHANNEL } from "@/lib/vehicles/live";
import { DeliverySchema, type Delivery } from "@/lib/webhooks/payload";
import { hmacHex, isSignedBy } from "@/lib/webhooks/signature";

// POST /webhooks/smartcar, in the order it is handled: Smartcar's VERIFY challenge is answered (1);
// every other delivery must carry a valid signature (2), is processed once per eventId, in any order
// (3), and is answered within Smartcar's 15 s (https://smartcar.com/docs/api-reference/webhooks/delivery-behavior.md).

/** Smartcar sends one event per request, at most 50 KB (contract 9.2); anything larger is refused. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

export type WebhookOutcome =
  | { kind: "challenge"; challenge: string }
  | { kind: "accepted"; result: "stored" | "duplicate" | "ignored" | "test" }
  | { kind: "unauthorized" }
  | { kind: "invalid" }
  | { kind: "too-large" }
  | { kind: "not-configured" }
  | { kind: "unavailable" };

/**
 * Smartcar documents the challenge only as a random string. Refusing a challenge with a `{` keeps
 * the VERIFY answer from being a signing oracle: a delivery is a JSON object, so a challenge that
 * could be one is never signed (docs/threat-model.md).
 */
const isSafeChallenge = (challenge: string) => challenge.length > 0 && !challenge.includes("{");

export async function receiveWebhook({
  body,
  signature,
}: {
  body: Buffer | "too-large";
  signature: string | null;
}): Promise<WebhookOutcome> {
  const key = getConfig().smartcar.managementToken;
  if (!key) return { kind: "not-configured" };
  if (body === "too-large") return { kind: "too-large" };

  // --- 1. VERIFY: answered with the HMAC of the challenge; unsigned, as Smartcar sends it. -------
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return isSignedBy(key, body, signature) ? { kind: "invalid" } : { kind: "unauthorized" };
  }
  const parsed = DeliverySchema.safeParse(json);
  if (parsed.success && parsed.data.eventType === "VERIFY") {
    const challenge = parsed.data.data?.challenge;
    if (!challenge || !isSafeChallenge(challenge)) return { kind: "invalid" };
    // A VERIFY that does carry a signature must carry the right one.
    if (signature && !isSignedBy(key, body, signature)) return { kind: "unauthorized" };
    return { kind: "challenge", challenge: hmacHex(key, challenge) };
  }

  // --- 2. Everything else: signed with the management token, or nothing happens. ----------------
  if (!isSignedBy(key, body, signature)) return { kind: "unauthorized" };
  if (!parsed.success) return { kind: "invalid" };
  const delivery = parsed.data;

  // --- 3. Once per eventId; test deliveries acknowledged only. -----------------------------------
  // The Dashboard's "send test event" deliveries carry mode TEST (contract 9.5).
  if (delivery.meta?.mode?.toUpperCase() === "TEST") return { kind: "accepted", result: "test" };
  const stored = await whenDatabaseIsUp(() => storeDelivery(delivery));
  if (stored.kind === "unavailable") return stored;
  log("webhook.delivery", {
    event: delivery.eventType,
    result: stored.result,
    vehicle: maskId(delivery.vehicleId ?? delivery.data?.vehicle?.id),
  });
  return { kind: "accepted", result: stored.result };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Stored = { kind: "done"; result: "stored" | "duplicate" | "ignored" };

async function storeDelivery(delivery: Delivery): Promise<Stored> {
  const vehicleId = delivery.vehicleId ?? delivery.data?.vehicle?.id;
  const userId = delivery.data?.user?.id;
  // Deliveries for users this app never linked are acknowledged and ignored; links are UUIDs.
  if (!vehicleId || !userId || !UUID.test(userId)) return { kind: "done", result: "ignored" };
  const deliveredAt = parseTimestamp(delivery.meta?.deliveredAt) ?? new Date();

  if (delivery.eventType === "VEHICLE_STATE") {
    // One reading per code (the newest), since one statement can't update a row twice.
    const readings = new Map<
      string,
      { code: string; status: string; value: unknown; read_at: string }
    >();
    for (const entry of delivery.data?.signals ?? []) {
      const signal = toSignal(entry);
      if (!signal) continue;
      const readAt = (signal.oemUpdatedAt ?? signal.retrievedAt ?? deliveredAt).toISOString();
      const seen = readings.get(signal.code);
      if (!seen || seen.read_at < readAt)
        readings.set(signal.code, {
          code: signal.code,
          status: signal.status,
          value: storedValue(signal),
          read_at: readAt,
        });
    }
    return storeReadings({
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      vehicleId,
      userId,
      readings: [...readings.values()],
    });
  }
  if (delivery.eventType === "VEHICLE_ERROR") {
    const errors = new Map<
      string,
      { type: string; code: string; state: string; resolution_type: string | null }
    >();
    for (const e of delivery.data?.errors ?? []) {
      const error = {
        type: e.type.toUpperCase(),
        code: e.code?.toUpperCase() ?? "",
        state: e.state?.toUpperCase() === "RESOLVED" ? "RESOLVED" : "ERROR",
        resolution_type: e.resolution?.type?.toUpperCase() ?? null,
      };
      errors.set(`${error.type}:${error.code}`, error);
    }
    return storeErrors({
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      vehicleId,
      userId,
      errors: [...errors.values()],
      eventAt: deliveredAt,
    });
  }
  return {
    kind: "done",
    result: (await recordEvent(delivery.eventId, delivery.eventType)) ? "stored" : "duplicate",
  };
}

async function recordEvent(eventId: string, eventType: string): Promise<boolean> {
  const inserted = await db().$executeRaw`
    INSERT INTO webhook_events (event_id, event_type) VALUES (${eventId}, ${eventType}) ON CONFLICT DO NOTHING`;
  return inserted === 1;
}

type Key = { eventId: string; eventType: string; vehicleId: string; userId: string };

/**
 * One statement: the event is recorded once (a retry or replay finds it and changes nothing), the
 * readings are stored only for a linked owner and only over older ones, and any change is
 * announced on LIVE_CHANNEL when the statement commits. One round trip, so 50 concurrent
 * deliveries are 50 short statements, not 50 open transactions.
 */
async function storeReadings(
  key: Key & { readings: { code: string; status: string; value: unknown; read_at: string }[] },
): Promise<Stored> {
  const [row] = await db().$queryRaw<{ fresh: number; known: number }[]>`
    WITH event AS (
      INSERT INTO webhook_events (event_id, event_type) VALUES (${key.eventId}, ${key.eventType})
      ON CONFLICT DO NOTHING RETURNING event_id
    ), owner AS (
      SELECT 1 FROM smartcar_links WHERE smartcar_user_id = ${key.userId}::uuid
    ), readings AS (
      INSERT INTO vehicle_signals (vehicle_id, code, smartcar_user_id, status, value, read_at, updated_at)
      SELECT ${key.vehicleId}, r.code, ${key.userId}, r.status, r.value, r.read_at, now()
      FROM jsonb_to_recordset(${JSON.stringify(key.readings)}::jsonb) AS r(code text, status text, value jsonb, read_at timestamptz)
      WHERE EXISTS (SELECT 1 FROM event) AND EXISTS (SELECT 1 FROM owner)
      ON CONFLICT (vehicle_id, code) DO UPDATE
        SET status = EXCLUDED.status, value = EXCLUDED.value, read_at = EXCLUDED.read_at,
            smartcar_user_id = EXCLUDED.smartcar_user_id, updated_at = EXCLUDED.updated_at
        WHERE vehicle_signals.read_at < EXCLUDED.read_at
      RETURNING code
    ), announced AS (
      SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ vehicleId: key.vehicleId, smartcarUserId: key.userId })})
      WHERE EXISTS (SELECT 1 FROM readings)
    )
    SELECT (SELECT count(*) FROM event)::int AS fresh, (SELECT count(*) FROM owner)::int AS known,
           (SELECT count(*) FROM announced)::int AS announced`;
  if (!row?.fresh) return { kind: "done", result: "duplicate" };
  return { kind: "done", result: row.known ? "stored" : "ignored" };
}

/** The same for VEHICLE_ERROR: each error's state, unless a later delivery already set it. */
async function storeErrors(
  key: Key & {
    eventAt: Date;
    errors: { type: string; code: string; state: string; resolution_type: string | null }[];
  },
): Promise<Stored> {
  const [row] = await db().$queryRaw<{ fresh: number; known: number }[]>`
    WITH event AS (
      INSERT INTO webhook_events (event_id, event_type) VALUES (${key.eventId}, ${key.eventType})
      ON CONFLICT DO NOTHING RETURNING event_id
    ), owner AS (
      SELECT 1 FROM smartcar_links WHERE smartcar_user_id = ${key.userId}::uuid
    ), errors AS (
      INSERT INTO vehicle_errors (vehicle_id, type, code, smartcar_user_id, state, resolution_type, event_at, updated_at)
      SELECT ${key.vehicleId}, e.type, e.code, ${key.userId}, e.state, e.resolution_type, ${key.eventAt}, now()
      FROM jsonb_to_recordset(${JSON.stringify(key.errors)}::jsonb) AS e(type text, code text, state text, resolution_type text)
      WHERE EXISTS (SELECT 1 FROM event) AND EXISTS (SELECT 1 FROM owner)
      ON CONFLICT (vehicle_id, type, code) DO UPDATE
        SET state = EXCLUDED.state, resolution_type = EXCLUDED.resolution_type, event_at = EXCLUDED.event_at,
            smartcar_user_id = EXCLUDED.smartcar_user_id, updated_at = EXCLUDED.updated_at
        WHERE vehicle_errors.event_at < EXCLUDED.event_at
      RETURNING code
    ), announced AS (
      SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ vehicleId: key.vehicleId, smartcarUserId: key.userId })})
      WHERE EXISTS (SELECT 1 FROM errors)
    )
    SELECT (SELECT count(*) FROM event)::int AS fresh, (SELECT count(*) FROM owner)::int AS known,
           (SELECT count(*) FROM announced)::int AS announced`;
  if (!row?.fresh) return { kind: "done", result: "duplicate" };
  return { kind: "done", result: row.known ? "stored" : "ignored" };
}

/** The raw body, read up to `max` bytes: the signature is over these exact bytes. */
export async function readRawBody(
  request: Request,
  max = MAX_WEBHOOK_BYTES,
): Promise<Buffer | "too-large"> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > max) return "too-large";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return "too-large";
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const STATUS: Record<Exclude<WebhookOutcome["kind"], "challenge">, number> = {
  accepted: 200,
  unauthorized: 401,
  invalid: 400,
  "too-large": 413,
  "not-configured": 404,
  unavailable: 503,
};

/** 2xx is all Smartcar reads; anything else makes it retry (contract 9.2). */
export function webhookResponse(outcome: WebhookOutcome): Response {
  const headers = { "Cache-Control": "no-store" };
  if (outcome.kind === "challenge")
    return Response.json({ challenge: outcome.challenge }, { headers });
  const body = outcome.kind === "accepted" ? { status: outcome.result } : { error: outcome.kind };
  return Response.json(body, {
    status: STATUS[outcome.kind],
    headers: outcome.kind === "unavailable" ? { ...headers, "Retry-After": "25" } : headers,
  });
}
