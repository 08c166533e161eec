"use client";

import Link from "next/link";

// Any unexpected failure lands here: a plain apology and a retry, never a stack trace.
export default function ErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="card narrow">
      <h1>Something went wrong</h1>
      <p>This page could not be shown. Please try again in a moment.</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => reset()}>
          Try again
        </button>
        <Link className="button button-secondary" href="/">
          Home
        </Link>
      </div>
    </div>
  );
}
