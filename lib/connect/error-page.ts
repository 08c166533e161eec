import "server-only";
import { cache } from "react";
import { findLatestAttempt } from "@/lib/connect/attempts";
import { isErrorPageCode, type ErrorPageCode } from "@/lib/connect/codes";
import { ERROR_PAGES } from "@/lib/connect/copy";
import { whenDatabaseIsUp } from "@/lib/db";
import { readSession } from "@/lib/session";

export type ConnectErrorView = {
  heading: string;
  paragraphs: string[];
  retry: { label: string; href: string } | null;
  /** Whether the page shows the user's vehicle, which streams in (connectErrorVehicle). */
  showsVehicle: boolean;
};

export type ConnectErrorVehicle = { description: string | null; maskedVin: string | null };

/** The last six characters of a VIN, the rest masked: what a page may show. */
export function maskVin(vin: string | null): string | null {
  if (!vin) return null;
  const tail = vin.slice(-6);
  return `${"•".repeat(Math.max(0, vin.length - 6))}${tail}`;
}

type LatestAttempt = Awaited<ReturnType<typeof findLatestAttempt>>;

async function latestAttempt(outcome: string): Promise<LatestAttempt> {
  const read = await readSession();
  if (read.kind !== "signed-in") return null;
  // Database down: the page still explains and offers the retry, without the details.
  const found = await whenDatabaseIsUp(async () => ({
    kind: "found" as const,
    attempt: await findLatestAttempt(read.user.id, outcome),
  }));
  return found.kind === "found" ? found.attempt : null;
}

/** Where a retry goes: the same flow again (a re-authentication repeats itself), or Connect. */
function retryHref(
  kind: "connect" | "connect-same-brand" | "connect-another",
  attempt: LatestAttempt,
): string {
  if (attempt?.kind === "reauthenticate" && attempt.vehicleId && kind !== "connect-another") {
    return `/connect/reauthenticate?${new URLSearchParams({ vehicle: attempt.vehicleId })}`;
  }
  // Smartcar does not say which brand was cancelled; the app's own record of the launch does.
  if (kind === "connect-same-brand" && attempt?.make)
    return `/connect?${new URLSearchParams({ make: attempt.make })}`;
  return "/connect";
}

/** The page for `code` as it is for everyone: the table's copy, and a retry through /connect/retry. */
export function connectErrorPage(code: ErrorPageCode): ConnectErrorView {
  const copy = ERROR_PAGES[code];
  const retry = copy.retry
    ? { label: copy.retry.label, href: `/connect/retry?${new URLSearchParams({ after: code })}` }
    : null;
  return {
    heading: copy.heading,
    paragraphs: copy.paragraphs,
    retry,
    showsVehicle: copy.showsVehicle === true,
  };
}

/**
 * Where the retry of the page for `code` leads this user (GET /connect/retry): the same flow again,
 * from the app's own record of their launch (a re-authentication, or Connect for the brand the app
 * launched). The page itself is the same for everyone and served from the build; only this is theirs.
 */
export async function chooseRetryPath(code: string | null): Promise<string> {
  const retry = code && isErrorPageCode(code) ? ERROR_PAGES[code].retry : null;
  if (!retry) return "/connect";
  return retryHref(retry.kind, await latestAttempt(code!));
}

/** The vehicle the page for `code` concerns, for the pages that show one (vehicle_incompatible). */
export const connectErrorVehicle = cache(
  async (code: ErrorPageCode): Promise<ConnectErrorVehicle | null> => {
    if (!ERROR_PAGES[code].showsVehicle) return null;
    const attempt = await latestAttempt(code);
    if (!attempt) return null;
    const description =
      [attempt.vehicleYear, attempt.vehicleMake, attempt.vehicleModel].filter(Boolean).join(" ") ||
      null;
    const maskedVin = maskVin(attempt.vehicleVin);
    return description || maskedVin ? { description, maskedVin } : null;
  },
);
