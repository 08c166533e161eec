import "server-only";
import { z } from "zod";
import {
  recordAttemptError,
  redeemConnectAttempt,
  redeemReauthenticationAttempt,
  type AttemptKey,
  type IncompatibleVehicle,
} from "@/lib/connect/attempts";
import { isConnectErrorCode, type ConnectErrorCode } from "@/lib/connect/codes";
import { callbackOutcomePage, type CallbackOutcome } from "@/lib/connect/outcomes";
import { connectUnavailableResponse, seeOtherPrivately } from "@/lib/connect/responses";
import { hashState, sameState } from "@/lib/connect/state";
import { whenDatabaseIsUp } from "@/lib/db";
import { log, maskId } from "@/lib/log";
import type { Session } from "@/lib/session";

// GET /connect/callback: Connect's redirect back, in the order it is handled. Nothing in the query
// is trusted: it is parsed and bounded (1), checked against this browser's session (2), and only
// then does one SQL statement use the launch's attempt, at most once (3). Every outcome goes to a
// fixed page of our own (4). Connect's answer: contract 1.2 [C2].

// --- 1. Parse -------------------------------------------------------------------------------------

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
 * Connect's `user_id` is a UUID (contract 1.2 [C2]), read as any 8-4-4-4-12 hex id, with no version
 * or variant rules: ids are never checked more strictly than the app needs (contract, known
 * difference 21), and the column takes any of them.
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

function incompatibleVehicle(params: Params): IncompatibleVehicle {
  // Letters and digits: Smartcar's own test VINs break the I/O/Q rule of real ones (contract 10).
  const vin = params.vin && /^[A-Z0-9]{6,17}$/i.test(params.vin) ? params.vin.toUpperCase() : null;
  const year = params.year && /^\d{4}$/.test(params.year) ? Number(params.year) : null;
  return {
    vin,
    make: boundedText(params.make, 40),
    model: boundedText(params.model, 60),
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
  const params: Params = {};
  for (const name of PARAMS) {
    const values = query.getAll(name);
    if (values.length > 1) return malformed;
    if (values.length === 1 && values[0] !== "") params[name] = values[0];
  }
  const answers = [params.user_id, params.vehicle_id, params.error].filter((v) => v !== undefined);
  if (answers.length !== 1) return malformed;
  if (params.user_id !== undefined && !UserIdSchema.safeParse(params.user_id).success)
    return malformed;
  if (params.vehicle_id !== undefined && !VehicleIdSchema.safeParse(params.vehicle_id).success)
    return malformed;

  if (!state.success) return { kind: "invalid_state" };

  if (params.user_id !== undefined)
    return { kind: "connected", state: state.data, smartcarUserId: params.user_id.toLowerCase() };
  if (params.vehicle_id !== undefined)
    return { kind: "reauthenticated", state: state.data, vehicleId: params.vehicle_id };

  const wellFormed = CodeSchema.safeParse(params.error);
  const code =
    wellFormed.success && isConnectErrorCode(wellFormed.data) ? wellFormed.data : "unknown";
  const statusCode =
    params.status_code && /^\d{3}$/.test(params.status_code) ? Number(params.status_code) : null;
  return {
    kind: "error",
    state: state.data,
    code,
    rawCode: code === "unknown" && wellFormed.success ? wellFormed.data : null,
    description: boundedText(params.error_description, 300),
    vehicle: code === "vehicle_incompatible" ? incompatibleVehicle(params) : null,
    configuration:
      code === "configuration_error"
        ? { statusCode, message: boundedText(params.error_message, 300) }
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
 * The checks that need no database (docs/references.md [rfc6749-10.12]): the state is the one this
 * browser's session started, for a signed-in user. Pure.
 */
export function verifyCallback(
  parsed: ParsedCallback,
  session: SessionView,
):
  | { kind: "invalid_state" }
  | { kind: "invalid_response" }
  | { kind: "verified"; userId: string; sessionId: string; answer: Answer } {
  if (parsed.kind === "invalid_state") return parsed;
  const { userId, sessionId, connectState } = session;
  const { state } = parsed;
  if (state === null || !userId || !sessionId || !sameState(state, connectState))
    return { kind: parsed.kind === "invalid_response" ? "invalid_response" : "invalid_state" };
  const answer =
    parsed.kind === "invalid_response" ? ({ kind: "malformed", state } as const) : parsed;
  return { kind: "verified", userId, sessionId, answer };
}

// --- 3. Use the attempt, once ---------------------------------------------------------------------

// The statements that use it are lib/connect/attempts.ts's, each checking the session row itself.

/**
 * This browser's state, answered with what its attempt was not launched for (a `user_id` for a
 * re-authentication, another vehicle's id): still `invalid_state` to the person, but the attempt is
 * spent, so the launch cannot be tried again with another answer. Only on this failure path: a
 * second round trip that a successful callback never makes.
 */
async function spendMismatched(key: AttemptKey): Promise<"invalid_state"> {
  await spendAsInvalidResponse(key);
  return "invalid_state";
}

/** Spends the attempt as an answer Connect should not have sent. */
function spendAsInvalidResponse(key: AttemptKey) {
  return recordAttemptError({ ...key, code: "invalid_response", rawCode: null, vehicle: null });
}

/** Spends this browser's attempt on what Connect answered, and says what came of it. */
async function useAttempt(
  userId: string,
  sessionId: string,
  answer: Answer,
  now: Date,
): Promise<CallbackOutcome> {
  const key: AttemptKey = { stateHash: hashState(answer.state), userId, sessionId, now };
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
      const result = await recordAttemptError({
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
      const result = await spendAsInvalidResponse(key);
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
          useAttempt(verified.userId, verified.sessionId, verified.answer, now),
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
