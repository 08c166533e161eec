import "server-only";
import { z } from "zod";
import { accountFormPath, setNext } from "@/lib/accounts/form-paths";
import { UNAVAILABLE_PAGES } from "@/lib/accounts/messages";
import { checkHealth } from "@/lib/health";
import { safeNextPath } from "@/lib/safe-redirect";
import { unavailableResponse } from "@/lib/unavailable-page";

// Signing in, up or out while the database is down: the form's action sends the browser to
// /unavailable, which answers 503 with a way back to the same form. Once the database answers
// again (a retry, a reload, a bookmark), /unavailable sends the browser straight to the form.

const UNAVAILABLE_FORMS = ["sign-in", "sign-up", "sign-out"] as const;
export type UnavailableForm = (typeof UNAVAILABLE_FORMS)[number];

const QuerySchema = z.object({
  form: z.enum(UNAVAILABLE_FORMS).catch("sign-in"),
  next: z.unknown().transform((value) => safeNextPath(value)),
});
type Query = z.infer<typeof QuerySchema>;

/** Where an account form's action sends the browser when the database is down. */
export function accountUnavailablePath(form: UnavailableForm, next: unknown = "/"): string {
  return `/unavailable?${setNext(new URLSearchParams({ form }), next)}`;
}

function parseQuery(searchParams: URLSearchParams): Query {
  return QuerySchema.parse({
    form: searchParams.get("form") ?? undefined,
    next: searchParams.get("next") ?? undefined,
  });
}

/** Sign-out is a button in the header of every page: "Try again" leads home, where it is. */
function retryPath({ form, next }: Query): string {
  return form === "sign-out" ? "/" : accountFormPath(form, next);
}

function renderPage(query: Query): Response {
  return unavailableResponse({ ...UNAVAILABLE_PAGES[query.form], retryHref: retryPath(query) });
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
  return new Response(null, {
    status: 303,
    headers: { Location: retryPath(query), "Cache-Control": "no-store" },
  });
}
