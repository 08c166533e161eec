import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { dismissSignUpNoticeAction, signOutAction, signOutEverywhereAction } from "@/app/(site)/(auth)/actions";
import { pendingSignUpNotice } from "@/lib/accounts/sign-up-notices";
import { getConfig } from "@/lib/config";
import { getSignedInUser } from "@/lib/session";
import "../globals.css";

export const metadata: Metadata = {
  title: { default: "Smartcar Connect for Next.js", template: "%s · Smartcar Connect for Next.js" },
  description: "A reference integration of Smartcar Connect with the Next.js App Router.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1115" },
  ],
};

export default async function RootLayout({ children }: LayoutProps<"/">) {
  const user = await getSignedInUser();
  const notice = user ? await pendingSignUpNotice() : null;
  const { emulatorMode } = getConfig();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {emulatorMode ? (
          <p className="banner" role="note">
            <strong>Emulator mode.</strong> No Smartcar credentials are set, so Connect and the vehicle API are the Smartcar
            emulator running beside this app.
          </p>
        ) : null}
        <header className="site-header">
          <div className="container header-row">
            <Link href="/" className="brand">
              <svg aria-hidden="true" width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
                <path d="M5 17h14M6 17l1.5-5h9L18 17M7 12l1.2-4h7.6L17 12" />
                <circle cx="7.5" cy="17.5" r="1.5" />
                <circle cx="16.5" cy="17.5" r="1.5" />
              </svg>
              <span>Smartcar Connect for Next.js</span>
            </Link>
            <nav aria-label="Account" className="account-nav">
              {user ? (
                <>
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
              ) : (
                <>
                  <Link href="/sign-in" className="button button-quiet">
                    Sign in
                  </Link>
                  <Link href="/sign-up" className="button button-primary">
                    Sign up
                  </Link>
                </>
              )}
            </nav>
          </div>
        </header>
        <main id="main" className="container main">
          {notice ? (
            <div className="alert alert-warning notice" role="status">
              <p>{notice}</p>
              <form action={dismissSignUpNoticeAction}>
                <button type="submit" className="button button-quiet">
                  Dismiss
                </button>
              </form>
            </div>
          ) : null}
          {children}
        </main>
        <footer className="site-footer container">
          <p className="muted">A reference integration of Smartcar Connect with the Next.js App Router.</p>
        </footer>
      </body>
    </html>
  );
}
