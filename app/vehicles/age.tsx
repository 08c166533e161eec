"use client";

import { useEffect, useState } from "react";
import { exactTime, timeAgo } from "@/lib/vehicles/copy";

// How old a reading is, in a person's words ("2 minutes ago"), kept current while the page is open;
// the exact time on hover (title) and to screen readers (the hidden text).

/** The current time, moved on every `everyMs`; the server's render uses the server's clock. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function Age({ iso, now }: { iso: string; now: number }) {
  const exact = exactTime(iso);
  return (
    <time dateTime={iso} title={exact}>
      {/* The server and the browser may be a few seconds apart: the words may differ. */}
      <span aria-hidden="true" suppressHydrationWarning>
        {timeAgo(now - Date.parse(iso))}
      </span>
      <span className="visually-hidden" suppressHydrationWarning>
        {timeAgo(now - Date.parse(iso))} ({exact})
      </span>
    </time>
  );
}
