import "server-only";
import { cache } from "react";
import { findLatestAttempt } from "@/lib/connect/attempts";
import type { ErrorPageCode } from "@/lib/connect/codes";
import { ERROR_PAGES } from "@/lib/connect/copy";
import { whenDatabaseIsUp } from "@/lib/db";
import { getSignedInUser } from "@/lib/session";

export type ConnectErrorView = {
  heading: string;
  paragraphs: string[];
  retry: { label: string; href: string } | null;
  vehicle: { description: string | null; maskedVin: string | null } | null;
};

/** The last six characters of a VIN, the rest masked: what a page may show. */
export function maskVin(vin: string | null): string | null {
  if (!vin) return null;
  const tail = vin.slice(-6);
  return `${"•".repeat(Math.max(0, vin.length - 6))}${tail}`;
}

type LatestAttempt = Awaited<ReturnType<typeof findLatestAttempt>>;

async function latestAttempt(outcome: string): Promise<LatestAttempt> {
  const user = await getSignedInUser();
  if (!user) return null;
  // Database down: the page still explains and offers the retry, without the details.
  const found = await whenDatabaseIsUp(async () => ({ kind: "found" as const, attempt: await findLatestAttempt(user.id, outcome) }));
  return found.kind === "found" ? found.attempt : null;
}

/** Where a retry goes: the same flow again (a re-authentication repeats itself), or Connect. */
function retryHref(kind: "connect" | "connect-same-brand" | "connect-another", attempt: LatestAttempt): string {
  if (attempt?.kind === "reauthenticate" && attempt.vehicleId && kind !== "connect-another") {
    return `/connect/reauthenticate?${new URLSearchParams({ vehicle: attempt.vehicleId })}`;
  }
  // Smartcar does not say which brand was cancelled; the app's own record of the launch does.
  if (kind === "connect-same-brand" && attempt?.make) return `/connect?${new URLSearchParams({ make: attempt.make })}`;
  return "/connect";
}

export type ConnectErrorDetails = Pick<ConnectErrorView, "retry" | "vehicle">;

/** The page for `code` as it is for everyone: the table's copy, a retry that starts Connect again. */
export function connectErrorPage(code: ErrorPageCode): ConnectErrorView {
  const copy = ERROR_PAGES[code];
  const retry = copy.retry ? { label: copy.retry.label, href: "/connect" } : null;
  return { heading: copy.heading, paragraphs: copy.paragraphs, retry, vehicle: null };
}

/**
 * What only this user's page shows, from the app's own record of their launch: the vehicle it
 * concerns, and a retry that repeats the same flow (a re-authentication, or Connect for the brand
 * the app launched).
 */
export const connectErrorDetails = cache(async (code: ErrorPageCode): Promise<ConnectErrorDetails> => {
  const copy = ERROR_PAGES[code];
  const attempt = copy.retry || copy.showsVehicle ? await latestAttempt(code) : null;
  const retry = copy.retry ? { label: copy.retry.label, href: retryHref(copy.retry.kind, attempt) } : null;
  let vehicle: ConnectErrorView["vehicle"] = null;
  if (copy.showsVehicle && attempt) {
    const description = [attempt.vehicleYear, attempt.vehicleMake, attempt.vehicleModel].filter(Boolean).join(" ") || null;
    const maskedVin = maskVin(attempt.vehicleVin);
    vehicle = description || maskedVin ? { description, maskedVin } : null;
  }
  return { retry, vehicle };
});
