import Link from "next/link";
import { dismissSignUpNoticeAction, signOutAction, signOutEverywhereAction } from "@/app/(site)/(auth)/actions";
import { pendingSignUpNotice } from "@/lib/accounts/sign-up-notices";
import { getConfig } from "@/lib/config";
import { getSignedInUser } from "@/lib/session";

// The header's per-user part: the one thing on a public page that is not the same for everyone,
// so it streams in after the prerendered shell.

/** While the session is read: the signed-out links, the most common answer on public pages. */
export function SignedOutNav() {
  return (
    <>
      <Link href="/sign-in" className="button button-quiet">
        Sign in
      </Link>
      <Link href="/sign-up" className="button button-primary">
        Sign up
      </Link>
    </>
  );
}

export async function AccountNav() {
  const user = await getSignedInUser();
  // Read at request time, not at build time: the same build runs with or without credentials.
  const { emulatorMode } = getConfig();
  const badge = emulatorMode ? (
    <span className="mode-badge" title="No Smartcar credentials are set: Connect and the vehicle API are the Smartcar emulator running beside this app.">
      Emulator mode
    </span>
  ) : null;
  if (!user) {
    return (
      <>
        {badge}
        <SignedOutNav />
      </>
    );
  }
  return (
    <>
      {badge}
      <Link href="/vehicles" className="nav-link">
        Vehicles
      </Link>
      <Link href="/connect/history" className="nav-link">
        History
      </Link>
      <span className="user-email" title={user.email}>
        {user.email}
      </span>
      <form action={signOutAction}>
        <button type="submit" className="button button-quiet">
          Sign out
        </button>
      </form>
      <form action={signOutEverywhereAction}>
        <button type="submit" className="button button-quiet" title="Ends your sessions in every browser, this one included">
          Sign out everywhere
        </button>
      </form>
    </>
  );
}

/** The one-time notice for a user whose email someone tried to sign up with (docs/threat-model.md). */
export async function SignUpNotice() {
  const user = await getSignedInUser();
  const notice = user ? await pendingSignUpNotice() : null;
  if (!notice) return null;
  return (
    <div className="alert alert-warning notice" role="status">
      <p>{notice}</p>
      <form action={dismissSignUpNoticeAction}>
        <button type="submit" className="button button-quiet">
          Dismiss
        </button>
      </form>
    </div>
  );
}
