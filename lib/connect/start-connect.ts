import "server-only";
import { getConfig } from "@/lib/config";
import { createAttempt } from "@/lib/connect/attempts";
import { buildConnectUrl } from "@/lib/connect/connect-url";
import { hashState, newState, STATE_TTL_MS } from "@/lib/connect/state";
import { isDatabaseUnavailable } from "@/lib/db";
import type { Session } from "@/lib/session";

export type StartConnectOutcome =
  | { kind: "redirect"; url: string }
  | { kind: "sign-in"; url: string }
  | { kind: "unavailable" };

/**
 * Starts a Connect launch for the signed-in user: a fresh state, recorded (hashed) with an expiry
 * and kept in this browser's session, and the Connect URL to send the browser to.
 */
export async function startConnect({ session, make, now = new Date() }: { session: Session; make?: string; now?: Date }): Promise<StartConnectOutcome> {
  if (!session.userId) return { kind: "sign-in", url: "/sign-in?next=/connect" };
  const state = newState();
  try {
    await createAttempt({ userId: session.userId, stateHash: hashState(state), expiresAt: new Date(now.getTime() + STATE_TTL_MS), make });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { kind: "unavailable" };
    throw error;
  }
  session.connectState = state;
  await session.save();
  return { kind: "redirect", url: buildConnectUrl(getConfig().smartcar, { state, make }) };
}
