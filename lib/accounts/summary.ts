import "server-only";
import { pendingSignUpNotice } from "@/lib/accounts/sign-up-notices";
import { getConfig } from "@/lib/config";
import { readSession } from "@/lib/session";

// What the header shows of the person, for the browser to fetch (GET /session): the pages that
// are the same for everyone are prerendered whole and served from the build, and a server-rendered
// account menu would make every one of them render per request (bench/README.md has the figures).

export type AccountSummary =
  | { signedIn: false; emulatorMode: boolean }
  | { signedIn: true; emulatorMode: boolean; email: string; notice: string | null };

/**
 * Who is signed in on this request (a live session, fail-closed), and the app's mode; or
 * `unavailable` when the database did not answer, so the header keeps what it showed rather than
 * saying "signed out" to someone who is not.
 */
export async function readAccountSummary(): Promise<AccountSummary | { kind: "unavailable" }> {
  const read = await readSession();
  if (read.kind === "unavailable") return { kind: "unavailable" };
  // Read at request time (after the session, which waits for the request): the same build runs
  // with or without Smartcar credentials.
  const { emulatorMode } = getConfig();
  if (read.kind === "signed-out") return { signedIn: false, emulatorMode };
  return {
    signedIn: true,
    emulatorMode,
    email: read.user.email,
    notice: await pendingSignUpNotice(),
  };
}
