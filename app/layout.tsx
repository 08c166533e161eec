import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { AccountNav, AccountRefresher, SignUpNotice } from "@/app/components/account-nav";
import "./globals.css";

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

export default function RootLayout({ children }: LayoutProps<"/">) {
  return (
    <html lang="en">
      <body>
        <AccountRefresher />
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="container header-row">
            <Link href="/" className="brand">
              <svg
                aria-hidden="true"
                width="28"
                height="28"
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinecap="round"
                strokeLinejoin="round"
              >
                <path d="M5 17h14M6 17l1.5-5h9L18 17M7 12l1.2-4h7.6L17 12" />
                <circle cx="7.5" cy="17.5" r="1.5" />
                <circle cx="16.5" cy="17.5" r="1.5" />
              </svg>
              <span>Smartcar Connect for Next.js</span>
            </Link>
            <nav aria-label="Account" className="account-nav">
              <AccountNav />
            </nav>
          </div>
        </header>
        <main id="main" className="container main">
          <SignUpNotice />
          {children}
        </main>
        <footer className="site-footer container">
          <p className="muted">
            A reference integration of Smartcar Connect with the Next.js App Router.
          </p>
        </footer>
      </body>
    </html>
  );
}
