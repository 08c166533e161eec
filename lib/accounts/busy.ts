import "server-only";
import { z } from "zod";
import {
  ACCOUNT_FORMS,
  accountFormPath,
  setNext,
  type AccountForm,
} from "@/lib/accounts/form-paths";
import { BUSY_RETRY_AFTER_SECONDS } from "@/lib/accounts/limits";
import { busyPage, tooManyAttemptsPage } from "@/lib/accounts/messages";
import { safeNextPath } from "@/lib/safe-redirect";
import { statusPageResponse } from "@/lib/unavailable-page";

// A sign-in or sign-up refused before any hashing: this instance is busy hashing (503), or this
// client made too many attempts (429). Server actions cannot set a status, so the action sends
// the browser to /busy, which can, with Retry-After and a way back to the same form.

export type BusyReason = "busy" | "too-many";

const QuerySchema = z.object({
  form: z.enum(ACCOUNT_FORMS).catch("sign-in"),
  reason: z.enum(["busy", "too-many"]).catch("busy"),
  // Only ever shown to the client that asked, and bounded: a wrong value misleads no one else.
  retry: z.coerce.number().int().min(1).max(3600).catch(60),
  next: z.unknown().transform((value) => safeNextPath(value)),
});

/** Where an account form's action sends the browser when it refuses before hashing. */
export function accountBusyPath(
  form: AccountForm,
  reason: BusyReason,
  next: unknown,
  retryAfterSeconds = BUSY_RETRY_AFTER_SECONDS,
): string {
  const query = new URLSearchParams({ form, reason });
  if (reason === "too-many") query.set("retry", String(Math.max(1, Math.ceil(retryAfterSeconds))));
  return `/busy?${setNext(query, next)}`;
}

/** GET /busy: 429 or 503 with Retry-After; "Try again" leads back to the form. */
export function answerAccountBusy(searchParams: URLSearchParams): Response {
  const query = QuerySchema.parse({
    form: searchParams.get("form") ?? undefined,
    reason: searchParams.get("reason") ?? undefined,
    retry: searchParams.get("retry") ?? undefined,
    next: searchParams.get("next") ?? undefined,
  });
  const retryHref = accountFormPath(query.form, query.next);
  if (query.reason === "too-many") {
    return statusPageResponse(
      { ...tooManyAttemptsPage(query.form, query.retry), retryHref },
      { status: 429, retryAfterSeconds: query.retry },
    );
  }
  return statusPageResponse(
    { ...busyPage(query.form), retryHref },
    { status: 503, retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS },
  );
}
