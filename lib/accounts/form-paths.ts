// Shared with the browser (the sign-in and sign-up pages read `next` there): pure, no secrets.
import { startsSomething } from "@/lib/connect/starting-routes";
import { safeNextPath } from "@/lib/safe-redirect";

/** The account forms, each at its own path. */
export const ACCOUNT_FORMS = ["sign-in", "sign-up"] as const;
export type AccountForm = (typeof ACCOUNT_FORMS)[number];

/** Notices the sign-in form shows on arrival, named in its query (`?notice=`). */
export const SIGN_IN_NOTICES = ["signed-up"] as const;
export type SignInNotice = (typeof SIGN_IN_NOTICES)[number];

/** Adds `next` to `query` once made safe, unless it leads home (the default). */
export function setNext(query: URLSearchParams, next: unknown): URLSearchParams {
  const safe = safeNextPath(next);
  if (safe !== "/") query.set("next", safe);
  return query;
}

/** The path to an account form that keeps where the browser goes after it (a safe `next`). */
export function accountFormPath(form: AccountForm, next: unknown, notice?: SignInNotice): string {
  const query = setNext(new URLSearchParams(), next);
  if (notice) query.set("notice", notice);
  return query.size ? `/${form}?${query}` : `/${form}`;
}

/**
 * Where an already signed-in visitor of an account form is sent on its own, with no click: `next`
 * when it is a page, home when it would start something. Sent on by this page's script, a request
 * is same-origin whoever linked to the form, so a link from another site must not reach a launch
 * this way.
 */
export function goOnPath(next: unknown): string {
  const path = safeNextPath(next);
  return startsSomething(path) ? "/" : path;
}
