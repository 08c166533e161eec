import "server-only";
import { getConfig } from "@/lib/config";
import { db, whenDatabaseIsUp } from "@/lib/db";
import { log, maskId } from "@/lib/log";
import { parseTimestamp, toSignal } from "@/lib/smartcar/signals";
import {
  storeVehicleUpdate,
  toReading,
  type ErrorState,
  type Reading,
  type UpdateResult,
} from "@/lib/vehicles/readings";
import { DeliverySchema, type Delivery } from "@/lib/webhooks/payload";
import { hmacHex, isSignedBy } from "@/lib/webhooks/signature";

// POST /webhooks/smartcar, in the order it is handled: Smartcar's VERIFY challenge is answered (1);
// every other delivery must carry a valid signature (2), must be recent (REPLAY_WINDOW_MS), is
// processed once per eventId, in any order (3), and is answered within Smartcar's 15 s
// (contract 9.2 [W7]).

/** Smartcar sends one event per request, at most 50 KB (contract 9.2); anything larger is refused. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

export type WebhookOutcome =
  | { kind: "challenge"; challenge: string }
  | { kind: "accepted"; result: "stored" | "duplicate" | "ignored" | "test" }
  | { kind: "unauthorized" }
  | { kind: "invalid" }
  /** Older than REPLAY_WINDOW_MS, or with no time: refused, nothing stored. */
  | { kind: "stale" }
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
  const deliveredAt = parseTimestamp(delivery.meta?.deliveredAt);
  if (!isWithinReplayWindow(deliveredAt)) {
    log("webhook.stale", { event: delivery.eventType });
    return { kind: "stale" };
  }
  const stored = await whenDatabaseIsUp(async () => ({
    kind: "accepted" as const,
    result: await storeDelivery(delivery, deliveredAt!),
  }));
  if (stored.kind === "unavailable") return stored;
  log("webhook.delivery", {
    event: delivery.eventType,
    result: stored.result,
    vehicle: maskId(delivery.vehicleId ?? delivery.data?.vehicle?.id),
  });
  return stored;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How old a delivery may be. Smartcar's last retry comes about 3 minutes after the first attempt
 * (contract 9.2: after 25, 50 and 100 s). Each attempt has a new `deliveryId`; whether
 * `meta.deliveredAt` (contract 9.5: ms, an ISO string for VERIFY) is the attempt's time or the
 * first attempt's is not documented (GUESS: the attempt's); either way the last retry falls well
 * inside the window. Anything older, or without a time, is refused rather than stamped "now": a
 * captured delivery replayed later (even after its event id was pruned: lib/retention.ts keeps
 * them 7 days, far longer than the window) cannot set a vehicle's state.
 */
export const REPLAY_WINDOW_MS = 15 * 60 * 1000;
/** Clocks differ a little: a delivery a few minutes ahead is still Smartcar's. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export function isWithinReplayWindow(deliveredAt: Date | null, now = Date.now()): boolean {
  if (!deliveredAt) return false;
  const age = now - deliveredAt.getTime();
  return age <= REPLAY_WINDOW_MS && age >= -CLOCK_SKEW_MS;
}

async function storeDelivery(delivery: Delivery, deliveredAt: Date): Promise<UpdateResult> {
  const vehicleId = delivery.vehicleId ?? delivery.data?.vehicle?.id;
  const userId = delivery.data?.user?.id;
  const event = { eventId: delivery.eventId, eventType: delivery.eventType };
  // Deliveries for users this app never linked are acknowledged and ignored; links are UUIDs.
  if (!vehicleId || !userId || !UUID.test(userId)) return "ignored";

  if (delivery.eventType === "VEHICLE_STATE") {
    // One reading per code (the newest), since one statement can't update a row twice.
    const readings = new Map<string, Reading>();
    for (const entry of delivery.data?.signals ?? []) {
      const signal = toSignal(entry);
      if (!signal) continue;
      const readAt = (signal.oemUpdatedAt ?? signal.retrievedAt ?? deliveredAt).toISOString();
      const seen = readings.get(signal.code);
      if (!seen || seen.read_at < readAt)
        readings.set(signal.code, { ...toReading(signal), read_at: readAt });
    }
    return storeVehicleUpdate({
      vehicleId,
      smartcarUserId: userId,
      readings: [...readings.values()],
      event,
    });
  }
  if (delivery.eventType === "VEHICLE_ERROR") {
    const errors = new Map<string, ErrorState>();
    for (const reported of delivery.data?.errors ?? []) {
      const error = {
        type: reported.type.toUpperCase(),
        code: reported.code?.toUpperCase() ?? "",
        state: reported.state?.toUpperCase() === "RESOLVED" ? "RESOLVED" : "ERROR",
        resolution_type: reported.resolution?.type?.toUpperCase() ?? null,
      };
      errors.set(`${error.type}:${error.code}`, error);
    }
    return storeVehicleUpdate({
      vehicleId,
      smartcarUserId: userId,
      errors: [...errors.values()],
      errorsAt: deliveredAt,
      event,
    });
  }
  return (await recordEvent(delivery.eventId, delivery.eventType)) ? "stored" : "duplicate";
}

async function recordEvent(eventId: string, eventType: string): Promise<boolean> {
  const inserted = await db().$executeRaw`
    INSERT INTO webhook_events (event_id, event_type) VALUES (${eventId}, ${eventType}) ON CONFLICT DO NOTHING`;
  return inserted === 1;
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
  stale: 400,
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
