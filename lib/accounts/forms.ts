import "server-only";
import { headers } from "next/headers";
import { signIn, signUp } from "@/lib/accounts/accounts";
import { accountBusyPath } from "@/lib/accounts/busy";
import type { FieldErrors } from "@/lib/accounts/credentials";
import { accountFormPath } from "@/lib/accounts/form-paths";
import { tooManyGuesses, WRONG_CREDENTIALS } from "@/lib/accounts/messages";
import { takeSignUpNotice } from "@/lib/accounts/sign-up-notices";
import { accountUnavailablePath } from "@/lib/accounts/unavailable";
import { rememberDevice, requestOrigin } from "@/lib/accounts/device";
import { requestClient } from "@/lib/client-address";
import { whenDatabaseIsUp } from "@/lib/db";
import { safeNextPath } from "@/lib/safe-redirect";
import {
  endAllUserSessions,
  endUserSession,
  setSignUpNotice,
  startUserSession,
} from "@/lib/session";

// What each account form's server action answers: the form again with a message, or a redirect.
// The actions in app/ only read the fields and turn this into `redirect()` or the form's state.

export type AuthFormState = {
  email: string;
  message?: string;
  fieldErrors?: FieldErrors;
};

export type FormAnswer =
  { kind: "form"; state: AuthFormState } | { kind: "redirect"; location: string };

export type FormFields = { email?: string; password?: string; next?: string };

const redirectTo = (location: string): FormAnswer => ({ kind: "redirect", location });

/**
 * Where to go after the form: its hidden `next`, or, for a form posted before that field streamed
 * in (the page's shell is prerendered and interactive first), the `next` of the page it was posted
 * from. Either way only a same-origin path survives `safeNextPath`, so a foreign Referer gains
 * nothing (docs/references.md [mdn-referer]).
 */
async function chooseNext(formNext: string | undefined): Promise<string> {
  if (formNext !== undefined) return safeNextPath(formNext);
  const referer = (await headers()).get("referer");
  if (!referer || referer.length > 4096) return "/";
  try {
    return safeNextPath(new URL(referer).searchParams.get("next") ?? undefined);
  } catch {
    return "/";
  }
}

/**
 * Signs in: on success a new session and off to `next`; a wrong password or a locked email
 * answer on the form, keeping the email; refusals that need a status (busy, too many from this
 * client, the database down) go to a page that carries it.
 */
export async function submitSignIn({
  email,
  password,
  next: rawNext,
}: FormFields): Promise<FormAnswer> {
  const next = await chooseNext(rawNext);
  const form = { email: (email ?? "").slice(0, 254) };
  const outcome = await signIn({ email, password }, await requestOrigin());
  switch (outcome.kind) {
    case "invalid":
      return { kind: "form", state: { ...form, fieldErrors: outcome.fieldErrors } };
    case "wrong-credentials":
      return { kind: "form", state: { ...form, message: WRONG_CREDENTIALS } };
    case "rate-limited":
      return outcome.scope === "email"
        ? { kind: "form", state: { ...form, message: tooManyGuesses(outcome.retryAfterSeconds) } }
        : redirectTo(accountBusyPath("sign-in", "too-many", next, outcome.retryAfterSeconds));
    case "busy":
      return redirectTo(accountBusyPath("sign-in", "busy", next));
    case "unavailable":
      return redirectTo(accountUnavailablePath("sign-in", next));
    case "signed-in": {
      const started = await whenDatabaseIsUp(async () => {
        await startUserSession(outcome.user);
        return { kind: "started", notice: await takeSignUpNotice(outcome.user.id) } as const;
      });
      if (started.kind === "unavailable")
        return redirectTo(accountUnavailablePath("sign-in", next));
      if (started.notice) await setSignUpNotice(started.notice);
      await rememberDevice(outcome.user.email);
      return redirectTo(next);
    }
  }
}

/**
 * Signs up without signing in, and answers a new email and a registered one the same way: the
 * sign-in form with a notice that fits both. The owner of a registered email is told at sign-in.
 */
export async function submitSignUp({
  email,
  password,
  next: rawNext,
}: FormFields): Promise<FormAnswer> {
  const next = await chooseNext(rawNext);
  const outcome = await signUp({ email, password }, { client: await requestClient() });
  switch (outcome.kind) {
    case "invalid":
      return {
        kind: "form",
        state: { email: (email ?? "").slice(0, 254), fieldErrors: outcome.fieldErrors },
      };
    case "rate-limited":
      return redirectTo(accountBusyPath("sign-up", "too-many", next, outcome.retryAfterSeconds));
    case "busy":
      return redirectTo(accountBusyPath("sign-up", "busy", next));
    case "unavailable":
      return redirectTo(accountUnavailablePath("sign-up", next));
    case "submitted":
      return redirectTo(accountFormPath("sign-in", next, "signed-up"));
  }
}

/** Sign out (this browser) or sign out everywhere (every browser of the user), then home. */
export async function submitSignOut(everywhere: boolean): Promise<FormAnswer> {
  const outcome = everywhere ? await endAllUserSessions() : await endUserSession();
  return redirectTo(outcome.kind === "unavailable" ? accountUnavailablePath("sign-out") : "/");
}

/** The user has read the sign-up notice. */
export async function dismissSignUpNotice(): Promise<void> {
  await setSignUpNotice(undefined);
}
