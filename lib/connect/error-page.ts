import "server-only";
import { findLatestAttempt } from "@/lib/connect/attempts";
import type { ErrorPageCode } from "@/lib/connect/codes";
import { ERROR_PAGES } from "@/lib/connect/outcomes";
import { maskVin } from "@/lib/connect/parse-callback";
import { isDatabaseUnavailable } from "@/lib/db";
import { getSignedInUser } from "@/lib/session";

export type ConnectErrorView = {
  heading: string;
  paragraphs: string[];
  retry: { label: string; href: string } | null;
  vehicle: { description: string | null; maskedVin: string | null } | null;
};

async function latestAttempt(outcome: string) {
  const user = await getSignedInUser();
  if (!user) return null;
  try {
    return await findLatestAttempt(user.id, outcome);
  } catch (error) {
    // The page still explains and offers the retry without the details.
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}

/** What the page for `code` shows: the table's copy, plus the vehicle or brand it concerns. */
export async function describeConnectError(code: ErrorPageCode): Promise<ConnectErrorView> {
  const copy = ERROR_PAGES[code];
  let retry: ConnectErrorView["retry"] = copy.retry ? { label: copy.retry.label, href: "/connect" } : null;
  let vehicle: ConnectErrorView["vehicle"] = null;

  if (copy.retry?.kind === "connect-same-brand") {
    const attempt = await latestAttempt(code);
    if (attempt?.make && retry) retry = { ...retry, href: `/connect?make=${encodeURIComponent(attempt.make)}` };
  }
  if (copy.showsVehicle) {
    const attempt = await latestAttempt(code);
    if (attempt) {
      const description = [attempt.vehicleYear, attempt.vehicleMake, attempt.vehicleModel].filter(Boolean).join(" ") || null;
      const maskedVin = maskVin(attempt.vehicleVin);
      vehicle = description || maskedVin ? { description, maskedVin } : null;
    }
  }
  return { heading: copy.heading, paragraphs: copy.paragraphs, retry, vehicle };
}
