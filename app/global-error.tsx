"use client";

import "./globals.css";

// Replaces the root layout when it fails: styled by the app's stylesheet (Next.js inlines it with
// the request's nonce), since the Content-Security-Policy allows no inline style attributes.
export default function GlobalError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body>
        <main className="container main">
          <h1>Something went wrong</h1>
          <p>This page could not be shown. Please try again in a moment.</p>
          <button type="button" className="button button-primary" onClick={() => reset()}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
