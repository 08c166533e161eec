import "server-only";
import { z } from "zod";
import { ACCOUNT_FORMS, accountFormPath, type AccountForm } from "@/lib/accounts/form-paths";
import { checkHealth } from "@/lib/health";
import { safeNextPath } from "@/lib/safe-redirect";
import { unavailableResponse } from "@/lib/unavailable-page";

// Signing in or up while the database is down: the form's action sends the browser to
// /unavailable, which answers 503 with a way back to the same form. Once the database answers
// again (a retry, a reload, a bookmark), /unavailable sends the browser straight to the form.

const HEADINGS: Record<AccountForm, string> = { "sign-in": "Sign-in", "sign-up": "Sign-up" };

const QuerySchema = z.object({
  form: z.enum(ACCOUNT_FORMS).catch("sign-in"),
  next: z.unknown().transform((value) => safeNextPath(value)),
});
type Query = z.infer<typeof QuerySchema>;

/** Where an account form's action sends the browser when the database is down. */
export function accountUnavailablePath(form: AccountForm, next: string): string {
  const query = new URLSearchParams({ form });
  if (next !== "/") query.set("next", next);
  return `/unavailable?${query}`;
}

function parseQuery(searchParams: URLSearchParams): Query {
  return QuerySchema.parse({ form: searchParams.get("form") ?? undefined, next: searchParams.get("next") ?? undefined });
}

function renderPage({ form, next }: Query): Response {
  return unavailableResponse({
    title: "Temporarily unavailable",
    heading: `${HEADINGS[form]} is temporarily unavailable`,
    message: "We can't reach our database right now, and nothing was changed. Please try again in a moment.",
    retryHref: accountFormPath(form, next),
  });
}

/** The 503 page; "Try again" leads back to the form, keeping where it was going next. */
export function accountUnavailablePage(searchParams: URLSearchParams): Response {
  return renderPage(parseQuery(searchParams));
}

/** GET /unavailable: the 503 page while the database is down, otherwise back to the form. */
export async function answerAccountUnavailable(searchParams: URLSearchParams): Promise<Response> {
  const query = parseQuery(searchParams);
  const health = await checkHealth();
  if (health.checks.database !== "ok") return renderPage(query);
  return new Response(null, { status: 303, headers: { Location: accountFormPath(query.form, query.next), "Cache-Control": "no-store" } });
}
