import "server-only";

/** The account forms, each at its own path. */
export const ACCOUNT_FORMS = ["sign-in", "sign-up"] as const;
export type AccountForm = (typeof ACCOUNT_FORMS)[number];

/** The path to an account form that keeps where the browser goes after it (a safe `next`). */
export function accountFormPath(form: AccountForm, next: string): string {
  return next === "/" ? `/${form}` : `/${form}?${new URLSearchParams({ next })}`;
}
