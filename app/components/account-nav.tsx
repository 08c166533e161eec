"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  Suspense,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type FocusEvent,
  type KeyboardEvent,
} from "react";
import { useFormStatus } from "react-dom";
import {
  dismissSignUpNoticeAction,
  signOutAction,
  signOutEverywhereAction,
} from "@/app/actions/account";
import type { AccountSummary } from "@/lib/accounts/summary";

// The header's per-user part. Pages that are the same for everyone are prerendered whole and
// served from the build (bench/README.md: a page that streams a per-user part in renders on every
// request, at a tenth of the throughput), so who is signed in is asked of GET /session once the page
// runs, and again after each navigation (signing in or out changes it). The server never trusts
// this: every page and action checks the session itself.

// A store outside React, not a context: a context that changes while a part of the page is still
// streaming in makes React drop that part's server HTML and render it again in the browser
// (docs/references.md [react-use-sync-external-store]). Only the components that show the account
// re-render when it changes.
let account: AccountSummary | null = null;
const listeners = new Set<() => void>();
let asking: AbortController | null = null;

/** Asks GET /session who is signed in, and tells the components that show it. */
export function refreshAccount(): void {
  asking?.abort();
  const request = (asking = new AbortController());
  fetch("/session", { signal: request.signal, cache: "no-store" })
    .then((response) => (response.ok ? (response.json() as Promise<AccountSummary>) : null))
    .then((summary) => {
      if (!summary) return;
      account = summary;
      for (const listener of listeners) listener();
    })
    .catch(() => {
      // Superseded by a newer question, or offline: the header keeps what it showed.
    });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Who is signed in, as GET /session last said; null until it answered. */
export function useAccount(): AccountSummary | null {
  return useSyncExternalStore(
    subscribe,
    () => account,
    () => null,
  );
}

/**
 * The account as GET /session answered after this component mounted, null until then: for what
 * acts on it on its own (sending a signed-in visitor on). What the header showed before, perhaps
 * from before a sign-out elsewhere or a database outage, never sends anyone anywhere.
 */
export function useFreshAccount(): AccountSummary | null {
  const current = useAccount();
  const [atMount] = useState(() => account);
  return current !== atMount ? current : null;
}

function AskOnNavigation() {
  const pathname = usePathname();
  useEffect(refreshAccount, [pathname]);
  return null;
}

/** Asks who is signed in when the page starts and after each navigation (signing in or out ends in one). */
export function AccountRefresher() {
  // In its own boundary: a page whose address is known only at request time stays prerendered.
  return (
    <Suspense fallback={null}>
      <AskOnNavigation />
    </Suspense>
  );
}

/** Inside a form of the header: asks again once the form's action is done. */
function RefreshWhenDone() {
  const { pending } = useFormStatus();
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !pending) refreshAccount();
    wasPending.current = pending;
  }, [pending]);
  return null;
}

function SignedOutLinks() {
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

function EmulatorBadge() {
  return (
    <span
      className="mode-badge"
      title="No Smartcar credentials are set: Connect and the vehicle API are the Smartcar emulator running beside this app."
    >
      Emulator<span className="mode-badge-more"> mode</span>
    </span>
  );
}

export function AccountNav() {
  const account = useAccount();
  if (!account) {
    // Until /session answers; a browser without JavaScript keeps the links to the account forms.
    return (
      <noscript>
        <SignedOutLinks />
      </noscript>
    );
  }
  const badge = account.emulatorMode ? <EmulatorBadge /> : null;
  if (!account.signedIn) {
    return (
      <>
        {badge}
        <SignedOutLinks />
      </>
    );
  }
  return (
    <>
      {badge}
      <Link href="/vehicles" className="nav-link">
        Vehicles
      </Link>
      <AccountMenu email={account.email} />
    </>
  );
}

/**
 * Who is signed in and the ways out, behind one button: the header keeps a fixed height at any
 * width, so nothing below it moves when /session answers (docs/references.md [web-dev-cls]). A
 * disclosure, not an ARIA menu: it closes on Escape, when focus or a click goes elsewhere, and
 * after a choice (docs/references.md [aria-apg-disclosure]).
 */
function AccountMenu({ email }: { email: string }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  const close = () => {
    if (menu.current) menu.current.open = false;
  };
  useEffect(close, [pathname]);
  useEffect(() => {
    // A click on what cannot take focus moves no focus in some browsers: listen for it too.
    const onPointer = (event: PointerEvent) => {
      if (!(event.target instanceof Node && menu.current?.contains(event.target))) close();
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !menu.current?.open) return;
    close();
    menu.current.querySelector("summary")?.focus();
  };
  const onBlur = (event: FocusEvent) => {
    if (!(event.relatedTarget instanceof Node && menu.current?.contains(event.relatedTarget)))
      close();
  };
  return (
    <details className="account-menu" ref={menu} onKeyDown={onKeyDown} onBlur={onBlur}>
      <summary className="button button-quiet">Account</summary>
      <div className="account-menu-panel">
        <p className="account-menu-email">
          Signed in as <span className="user-email">{email}</span>
        </p>
        <Link href="/connect/history" className="account-menu-link" onClick={close}>
          Connect history
        </Link>
        <form action={signOutAction}>
          <RefreshWhenDone />
          <button type="submit" className="button button-quiet">
            Sign out
          </button>
        </form>
        <form action={signOutEverywhereAction}>
          <RefreshWhenDone />
          <button
            type="submit"
            className="button button-quiet"
            title="Ends your sessions in every browser, this one included"
          >
            Sign out everywhere
          </button>
        </form>
      </div>
    </details>
  );
}

/** The one-time notice for a user whose email someone tried to sign up with (docs/threat-model.md). */
export function SignUpNotice() {
  const account = useAccount();
  if (!account?.signedIn || !account.notice) return null;
  return (
    <div className="alert alert-warning notice" role="status">
      <p>{account.notice}</p>
      <form action={dismissSignUpNoticeAction}>
        <RefreshWhenDone />
        <button type="submit" className="button button-quiet">
          Dismiss
        </button>
      </form>
    </div>
  );
}
