import "server-only";
import { linkSmartcarUser, recordConnectError } from "@/lib/connect/attempts";
import type { CallbackOutcome } from "@/lib/connect/outcomes";
import { parseCallback, type ParsedCallback } from "@/lib/connect/parse-callback";
import { hashState, sameState } from "@/lib/connect/state";
import { isDatabaseUnavailable } from "@/lib/db";
import { log, maskId } from "@/lib/log";
import type { Session } from "@/lib/session";

type SessionView = Pick<Session, "userId" | "connectState">;

/**
 * The checks that need no database (https://datatracker.ietf.org/doc/html/rfc6749#section-10.12):
 * a well-formed response whose state is the one this browser's session started, for a signed-in
 * user. Pure.
 */
export function verifyCallback(
  query: URLSearchParams,
  session: SessionView,
): { kind: "invalid_state" } | { kind: "invalid_response" } | { kind: "verified"; userId: string; parsed: Exclude<ParsedCallback, { kind: "invalid_state" | "invalid_response" }> } {
  const parsed = parseCallback(query);
  if (parsed.kind === "invalid_response" || parsed.kind === "invalid_state") return parsed;
  if (!session.userId || !sameState(parsed.state, session.connectState)) return { kind: "invalid_state" };
  return { kind: "verified", userId: session.userId, parsed };
}

/**
 * Handles Connect's redirect back: verifies it, uses the attempt once, and stores the `user_id`
 * or records the error. Any failure before the attempt is used changes nothing.
 */
export async function handleCallback(input: { query: URLSearchParams; session: Session; now: Date }): Promise<CallbackOutcome> {
  const outcome = await settleCallback(input);
  log("connect.callback", {
    outcome: outcome.kind === "error" ? outcome.code : outcome.kind,
    user: maskId(input.session.userId),
    smartcarUser: outcome.kind === "connected" ? maskId(outcome.smartcarUserId) : null,
  });
  return outcome;
}

async function settleCallback({ query, session, now }: { query: URLSearchParams; session: Session; now: Date }): Promise<CallbackOutcome> {
  const verified = verifyCallback(query, session);
  if (verified.kind !== "verified") return verified;
  const { userId, parsed } = verified;
  const key = { stateHash: hashState(parsed.state), userId, now };

  let outcome: CallbackOutcome;
  try {
    if (parsed.kind === "connected") {
      const result = await linkSmartcarUser({ ...key, smartcarUserId: parsed.smartcarUserId });
      outcome = result === "connected" ? { kind: "connected", smartcarUserId: parsed.smartcarUserId } : { kind: result };
    } else {
      const result = await recordConnectError({ ...key, code: parsed.code, rawCode: parsed.rawCode, make: parsed.make, vehicle: parsed.vehicle });
      outcome = result === "recorded" ? { kind: "error", code: parsed.code } : { kind: "invalid_state" };
      if (result === "recorded" && parsed.configuration) {
        // The user sees an apology; the details are for whoever runs the app.
        console.error(
          `[connect] configuration_error from Smartcar: status_code=${parsed.configuration.statusCode ?? "-"} error_message=${JSON.stringify(parsed.configuration.message ?? "")} error_description=${JSON.stringify(parsed.description ?? "")}`,
        );
      }
    }
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { kind: "unavailable" };
    throw error;
  }

  if (outcome.kind === "connected" || outcome.kind === "error") {
    // The state is spent: forget it, so this browser cannot even try it again.
    delete session.connectState;
    await session.save();
  }
  return outcome;
}
