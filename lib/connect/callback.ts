import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isConnectErrorCode, type ConnectErrorCode } from "@/lib/connect/codes";
import { callbackOutcomePage, type CallbackOutcome } from "@/lib/connect/outcomes";
import { connectUnavailableResponse, seeOtherPrivately } from "@/lib/connect/responses";
import { hashState, sameState } from "@/lib/connect/state";
import { db, whenDatabaseIsUp } from "@/lib/db";
import { log, maskId } from "@/lib/log";
import type { Session } from "@/lib/session";
import { activeSessionWhere, hashOf, idleSince } from "@/lib/session-store";

// GET /connect/callback: Connect's redirect back, in the order it is handled. Nothing in the query
// is trusted: it is parsed and bounded (1), checked against this browser's session (2), and only
// then does one SQL statement use the launch's attempt, at most once (3). Every outcome goes to a
// fixed page of our own (4). https://smartcar.com/docs/connect/handle-the-response

// --- 1. Parse -------------------------------------------------------------------------------------

export type IncompatibleVehicle = {
  vin: string | null;
  make: string | null;
  model: string | null;
  year: number | null;
};

export type ParsedCallback =
  /** Connect: the owner's `user_id`. */
  | { kind: "connected"; state: string; smartcarUserId: string }
  /** Re-authentication: the `vehicle_id` it was for, and no `user_id` (contract 1.3). */
  | { kind: "reauthenticated"; state: string; vehicleId: string }
  | {
      kind: "error";
      state: string;
      code: ConnectErrorCode | "unknown";
      /** The code as sent, when it is unknown but well-formed; for the record, never for display. */
      rawCode: string | null;
      description: string | null;
      vehicle: IncompatibleVehicle | null;
      configuration: { statusCode: number | null; message: string | null } | null;
    }
  | { kind: "invalid_state" }
  /**
   * A malformed answer. `state` is the one state it carried, when well-formed: if it is this
   * browser's, the attempt is spent all the same (docs/threat-model.md, "One launch, one try").
   */
  | { kind: "invalid_response"; state: string | null };

const MAX_QUERY_LENGTH = 8 * 1024;
const PARAMS = [
  "user_id",
  "vehicle_id",
  "error",
  "error_description",
  "state",
  "vin",
  "make",
  "model",
  "year",
  "status_code",
  "error_message",
] as const;
type Params = Partial<Record<(typeof PARAMS)[number], string>>;

const StateSchema = z.string().regex(/^[A-Za-z0-9_-]{16,256}$/);
/**
 * Connect's `user_id` is a UUID (https://smartcar.com/docs/connect/handle-the-response), read as
 * any 8-4-4-4-12 hex id, with no version or variant rules: ids are never checked more strictly
 * than the app needs (contract, known difference 21), and the column takes any of them.
 */
const UserIdSchema = z.guid();
/** Vehicle ids are UUIDs in practice, but the docs show others: bounded, URL-safe text only. */
const VehicleIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/);
const CodeSchema = z.string().regex(/^[a-z0-9_]{1,64}$/);

/** Printable text, single line, at most `max` characters. */
function boundedText(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  if (!text) return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function incompatibleVehicle(p: Params): IncompatibleVehicle {
  // Letters and digits: Smartcar's own test VINs break the I/O/Q rule of real ones (contract 10).
  const vin = p.vin && /^[A-Z0-9]{6,17}$/i.test(p.vin) ? p.vin.toUpperCase() : null;
  const year = p.year && /^\d{4}$/.test(p.year) ? Number(p.year) : null;
  return {
    vin,
    make: boundedText(p.make, 40),
    model: boundedText(p.model, 60),
    year: year && year >= 1900 && year <= 2100 ? year : null,
  };
}

/**
 * What a redirect from Connect means. Pure: no clock, no session, no database. Exactly one of
 * `user_id`, `vehicle_id` and `error` must be there, once; anything else is an invalid response.
 * A missing or malformed state is an invalid state. An extra `code` (older pages) is ignored.
 */
export function parseCallback(query: URLSearchParams): ParsedCallback {
  if (query.toString().length > MAX_QUERY_LENGTH) return { kind: "invalid_response", state: null };

  const states = query.getAll("state");
  const state = StateSchema.safeParse(states.length === 1 ? states[0] : undefined);
  const malformed = { kind: "invalid_response", state: state.success ? state.data : null } as const;
  const p: Params = {};
  for (const name of PARAMS) {
    const values = query.getAll(name);
    if (values.length > 1) return malformed;
    if (values.length === 1 && values[0] !== "") p[name] = values[0];
  }
  const answers = [p.user_id, p.vehicle_id, p.error].filter((v) => v !== undefined);
  if (answers.length !== 1) return malformed;
  if (p.user_id !== undefined && !UserIdSchema.safeParse(p.user_id).success) return malformed;
  if (p.vehicle_id !== undefined && !VehicleIdSchema.safeParse(p.vehicle_id).success)
    return malformed;

  if (!state.success) return { kind: "invalid_state" };

  if (p.user_id !== undefined)
    return { kind: "connected", state: state.data, smartcarUserId: p.user_id.toLowerCase() };
  if (p.vehicle_id !== undefined)
    return { kind: "reauthenticated", state: state.data, vehicleId: p.vehicle_id };

  const wellFormed = CodeSchema.safeParse(p.error);
  const code =
    wellFormed.success && isConnectErrorCode(wellFormed.data) ? wellFormed.data : "unknown";
  const statusCode = p.status_code && /^\d{3}$/.test(p.status_code) ? Number(p.status_code) : null;
  return {
    kind: "error",
    state: state.data,
    code,
    rawCode: code === "unknown" && wellFormed.success ? wellFormed.data : null,
    description: boundedText(p.error_description, 300),
    vehicle: code === "vehicle_incompatible" ? incompatibleVehicle(p) : null,
    configuration:
      code === "configuration_error"
        ? { statusCode, message: boundedText(p.error_message, 300) }
        : null,
  };
}

// --- 2. Verify against the session ----------------------------------------------------------------

type SessionView = Pick<Session, "userId" | "connectState" | "sessionId">;
type Answer =
  | Exclude<ParsedCallback, { kind: "invalid_state" | "invalid_response" }>
  /** A malformed answer that carried this browser's state: its attempt is spent all the same. */
  | { kind: "malformed"; state: string };

/**
 * The checks that need no database (https://datatracker.ietf.org/doc/html/rfc6749#section-10.12):
 * the state is the one this browser's session started, for a signed-in user. Pure.
 */
export function verifyCallback(
  parsed: ParsedCallback,
  session: SessionView,
):
  | { kind: "invalid_state" }
  | { kind: "invalid_response" }
  | { kind: "verified"; userId: string; sessionId: string; answer: Answer } {
  if (parsed.kind === "invalid_state") return parsed;
  const ours =
    parsed.state !== null &&
    !!session.userId &&
    !!session.sessionId &&
    sameState(parsed.state, session.connectState);
  if (parsed.kind === "invalid_response") {
    if (!ours) return { kind: "invalid_response" };
    const answer = { kind: "malformed", state: parsed.state! } as const;
    return { kind: "verified", userId: session.userId!, sessionId: session.sessionId!, answer };
  }
  if (!ours) return { kind: "invalid_state" };
  return {
    kind: "verified",
    userId: session.userId!,
    sessionId: session.sessionId!,
    answer: parsed,
  };
}

// --- 3. Use the attempt, once ---------------------------------------------------------------------

/**
 * What each statement below checks before it changes anything: the attempt's state and user, and
 * that the browser's session is still live (not signed out, not expired): the session row is
 * checked here, in the same statement, and not in a round trip of its own before it.
 */
type AttemptKey = {
  stateHash: string;
  userId: string;
  sessionId: string;
  sessionHash: string;
  now: Date;
};

/**
 * A link Smartcar never confirmed (lib/vehicles/connections.ts) holds its `user_id` this long: the
 * state's own lifetime, long enough for its owner's first page to confirm it. After that, whoever
 * connects that `user_id` with a valid state takes it over, so a stranger who brought someone's
 * leaked `user_id` and never opened the page cannot lock its owner out (docs/threat-model.md).
 */
const UNCONFIRMED_HOLD_MS = 10 * 60 * 1000;

function unconfirmedSince(now: Date): Date {
  return new Date(now.getTime() - UNCONFIRMED_HOLD_MS);
}

/**
 * Uses a Connect attempt and stores the `user_id` against the user, in ONE statement: one round
 * trip, and no transaction left open between them. The attempt row is locked first, so a replayed
 * or concurrent callback finds it used; the link is inserted (or, for the same owner, refreshed)
 * only while the attempt is open; and the attempt is spent either way: `connected`, or
 * `already_linked` when the owner is linked to another user of the app by a confirmed link, or an
 * unconfirmed one younger than UNCONFIRMED_HOLD_MS (left as it was, and its `user_id` not
 * recorded against this user's attempt), so one launch can try at most one `user_id`. The session condition is activeSessionWhere() (lib/session-store.ts),
 * written out in SQL. Exported for the bench's limit route (app/bench/limit/route.ts), which runs
 * this same statement with nothing around it.
 * https://www.postgresql.org/docs/15/queries-with.html#QUERIES-WITH-MODIFYING
 */
export async function redeemConnectAttempt(
  key: AttemptKey & { smartcarUserId: string },
): Promise<"connected" | "invalid_state" | "already_linked"> {
  const { stateHash, userId, sessionHash, now, smartcarUserId } = key;
  const [result] = await db().$queryRaw<{ open: number; linked: number }[]>`
    WITH attempt AS (
      SELECT id FROM connect_attempts
      WHERE state_hash = ${stateHash} AND user_id = ${userId}::uuid AND kind = 'connect'
        AND used_at IS NULL AND expires_at > ${now}
        AND EXISTS (SELECT 1 FROM sessions WHERE token_hash = ${sessionHash} AND user_id = ${userId}::uuid
                    AND revoked_at IS NULL AND expires_at > ${now}
                    AND last_seen_at > ${idleSince(now)})
      FOR UPDATE
    ), link AS (
      INSERT INTO smartcar_links (id, user_id, smartcar_user_id, connected_at, last_verified_at)
      SELECT ${randomUUID()}::uuid, ${userId}::uuid, ${smartcarUserId}::uuid, ${now}, ${now} FROM attempt
      ON CONFLICT (smartcar_user_id) DO UPDATE SET
        last_verified_at = EXCLUDED.last_verified_at,
        user_id = EXCLUDED.user_id,
        connected_at = CASE WHEN smartcar_links.user_id = EXCLUDED.user_id
          THEN smartcar_links.connected_at ELSE EXCLUDED.connected_at END,
        confirmed_at = CASE WHEN smartcar_links.user_id = EXCLUDED.user_id
          THEN smartcar_links.confirmed_at END,
        connections = CASE WHEN smartcar_links.user_id = EXCLUDED.user_id
          THEN smartcar_links.connections END,
        connections_at = CASE WHEN smartcar_links.user_id = EXCLUDED.user_id
          THEN smartcar_links.connections_at END,
        vehicle_summary = CASE WHEN smartcar_links.user_id = EXCLUDED.user_id
          THEN smartcar_links.vehicle_summary END
        WHERE smartcar_links.user_id = EXCLUDED.user_id
          OR (smartcar_links.confirmed_at IS NULL
              AND smartcar_links.connected_at < ${unconfirmedSince(now)})
      RETURNING id
    ), used AS (
      UPDATE connect_attempts
      SET used_at = ${now},
        outcome = CASE WHEN EXISTS (SELECT 1 FROM link) THEN 'connected' ELSE 'already_linked' END,
        smartcar_user_id = CASE WHEN EXISTS (SELECT 1 FROM link) THEN ${smartcarUserId}::uuid END
      WHERE id IN (SELECT id FROM attempt)
      RETURNING id
    )
    SELECT (SELECT count(*) FROM attempt)::int AS open, (SELECT count(*) FROM link)::int AS linked`;
  if (!result || result.open === 0) return "invalid_state";
  return result.linked === 1 ? "connected" : "already_linked";
}

/** The attempt's user has this live session: a condition of the same UPDATE, not a query before it. */
function liveSessionOf({ sessionId, userId, now }: AttemptKey) {
  return { sessions: { some: activeSessionWhere(sessionId, userId, now) } };
}

/** Uses a re-authentication attempt, for the vehicle it was launched for and no other. */
async function redeemReauthenticationAttempt(
  key: AttemptKey & { vehicleId: string },
): Promise<"reauthenticated" | "invalid_state"> {
  const used = await db().connectAttempt.updateMany({
    where: {
      stateHash: key.stateHash,
      userId: key.userId,
      kind: "reauthenticate",
      vehicleId: key.vehicleId,
      usedAt: null,
      expiresAt: { gt: key.now },
      user: liveSessionOf(key),
    },
    data: { usedAt: key.now, outcome: "reauthenticated" },
  });
  return used.count === 1 ? "reauthenticated" : "invalid_state";
}

/** Uses the attempt (of either kind) and records the error Connect sent back, or a malformed answer. */
async function recordConnectError(
  key: AttemptKey & {
    code: ConnectErrorCode | "unknown" | "invalid_response";
    rawCode: string | null;
    vehicle: IncompatibleVehicle | null;
  },
): Promise<"recorded" | "invalid_state"> {
  const used = await db().connectAttempt.updateMany({
    where: {
      stateHash: key.stateHash,
      userId: key.userId,
      usedAt: null,
      expiresAt: { gt: key.now },
      user: liveSessionOf(key),
    },
    data: {
      usedAt: key.now,
      outcome: key.code,
      errorCode: key.rawCode,
      vehicleVin: key.vehicle?.vin ?? null,
      vehicleMake: key.vehicle?.make ?? null,
      vehicleModel: key.vehicle?.model ?? null,
      vehicleYear: key.vehicle?.year ?? null,
    },
  });
  return used.count === 1 ? "recorded" : "invalid_state";
}

/**
 * This browser's state, answered with what its attempt was not launched for (a `user_id` for a
 * re-authentication, another vehicle's id): still `invalid_state` to the person, but the attempt is
 * spent, so the launch cannot be tried again with another answer. Only on this failure path: a
 * second round trip that a successful callback never makes.
 */
async function spendMismatched(key: AttemptKey): Promise<"invalid_state"> {
  await recordConnectError({ ...key, code: "invalid_response", rawCode: null, vehicle: null });
  return "invalid_state";
}

async function settle(
  userId: string,
  sessionId: string,
  answer: Answer,
  now: Date,
): Promise<CallbackOutcome> {
  const key = {
    stateHash: hashState(answer.state),
    userId,
    sessionId,
    sessionHash: hashOf(sessionId),
    now,
  };
  switch (answer.kind) {
    case "connected": {
      const result = await redeemConnectAttempt({ ...key, smartcarUserId: answer.smartcarUserId });
      return { kind: result === "invalid_state" ? await spendMismatched(key) : result };
    }
    case "reauthenticated": {
      const result = await redeemReauthenticationAttempt({ ...key, vehicleId: answer.vehicleId });
      return { kind: result === "invalid_state" ? await spendMismatched(key) : result };
    }
    case "error": {
      const result = await recordConnectError({
        ...key,
        code: answer.code,
        rawCode: answer.rawCode,
        vehicle: answer.vehicle,
      });
      if (result === "invalid_state") return { kind: "invalid_state" };
      if (answer.configuration) {
        // The person sees an apology; the details are for whoever runs the app.
        log("connect.configuration_error", {
          statusCode: answer.configuration.statusCode,
          message: answer.configuration.message,
          description: answer.description,
        });
      }
      return { kind: "error", code: answer.code };
    }
    case "malformed": {
      const result = await recordConnectError({
        ...key,
        code: "invalid_response",
        rawCode: null,
        vehicle: null,
      });
      return { kind: result === "recorded" ? "invalid_response" : "invalid_state" };
    }
  }
}

/**
 * Handles Connect's redirect back: parse, verify, use the attempt. Any failure before the attempt
 * is used changes nothing; a database that is down is an outcome of its own (503, state unspent).
 * Every answer that carried this browser's state spends it, whatever it said.
 */
export async function handleCallback({
  query,
  session,
  now,
}: {
  query: URLSearchParams;
  session: Session;
  now: Date;
}): Promise<CallbackOutcome> {
  const parsed = parseCallback(query);
  const verified = verifyCallback(parsed, session);
  const outcome =
    verified.kind === "verified"
      ? await whenDatabaseIsUp(() =>
          settle(verified.userId, verified.sessionId, verified.answer, now),
        )
      : verified;

  if (
    outcome.kind === "error" ||
    outcome.kind === "already_linked" ||
    (verified.kind === "verified" && outcome.kind === "invalid_response")
  ) {
    // The state is spent: forget it, so this browser cannot even try it again. Not on success: the
    // attempt was spent in the statement that linked, so the state left in the cookie can do
    // nothing more (a replay is `invalid_state`), and sealing a new cookie is the most expensive
    // work the callback would do (bench/README.md, issue 21).
    delete session.connectState;
    await session.save();
  }
  log("connect.callback", {
    outcome: outcome.kind === "error" ? outcome.code : outcome.kind,
    user: maskId(session.userId),
    smartcarUser: parsed.kind === "connected" ? maskId(parsed.smartcarUserId) : null,
    vehicle: parsed.kind === "reauthenticated" ? maskId(parsed.vehicleId) : null,
  });
  return outcome;
}

// --- 4. Answer ------------------------------------------------------------------------------------

/** A 303 to our own page for the outcome, or a 503 in place so that reloading retries. */
export function callbackResponse(outcome: CallbackOutcome): Response {
  return outcome.kind === "unavailable"
    ? connectUnavailableResponse()
    : seeOtherPrivately(callbackOutcomePage(outcome));
}
