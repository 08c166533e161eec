import "server-only";
import { z } from "zod";
import { checkHealth } from "@/lib/health";
import { safeNextPath } from "@/lib/safe-redirect";
import { unavailableResponse } from "@/lib/unavailable-page";

// Signing in or up while the database is down: the form's action sends the browser to
// /unavailable, which answers 503 with a way back to the same form. Once the database answers
// again (a retry, a reload, a bookmark), /unavailable sends the browser straight to the form.

const FORMS = { "sign-in": "Sign-in", "sign-up": "Sign-up" } as const;
export type AccountForm = keyof typeof FORMS;

const QuerySchema = z.object({
  form: z.enum(["sign-in", "sign-up"]).catch("sign-in"),
  next: z.unknown().transform((value) => safeNextPath(value)),
});

function formPath(form: AccountForm, next: string): string {
  return next === "/" ? `/${form}` : `/${form}?${new URLSearchParams({ next })}`;
}

/** Where an account form's action sends the browser when the database is down. */
export function accountUnavailablePath(form: AccountForm, next: string): string {
  const query = new URLSearchParams({ form });
  if (next !== "/") query.set("next", next);
  return `/unavailable?${query}`;
}

function parseQuery(searchParams: URLSearchParams): { form: AccountForm; next: string } {
  return QuerySchema.parse({ form: searchParams.get("form") ?? undefined, next: searchParams.get("next") ?? undefined });
}

/** The 503 page; "Try again" leads back to the form, keeping where it was going next. */
export function accountUnavailablePage(searchParams: URLSearchParams): Response {
  const { form, next } = parseQuery(searchParams);
  return unavailableResponse({
    title: "Temporarily unavailable",
    heading: `${FORMS[form]} is temporarily unavailable`,
    message: "We can't reach our database right now, and nothing was changed. Please try again in a moment.",
    retryHref: formPath(form, next),
  });
}

/** GET /unavailable: the 503 page while the database is down, otherwise back to the form. */
export async function answerAccountUnavailable(searchParams: URLSearchParams): Promise<Response> {
  const health = await checkHealth();
  if (health.checks.database !== "ok") return accountUnavailablePage(searchParams);
  const { form, next } = parseQuery(searchParams);
  return new Response(null, { status: 303, headers: { Location: formPath(form, next), "Cache-Control": "no-store" } });
}
