"use server";

import { redirect } from "next/navigation";
import { signIn, signUp, type SignInOutcome, type SignUpOutcome } from "@/lib/accounts/accounts";
import type { FieldErrors } from "@/lib/accounts/credentials";
import type { AccountForm } from "@/lib/accounts/form-paths";
import { accountUnavailablePath } from "@/lib/accounts/unavailable";
import { safeNextPath } from "@/lib/safe-redirect";
import { endUserSession, startUserSession } from "@/lib/session";

export type AuthFormState = {
  email: string;
  message?: string;
  fieldErrors?: FieldErrors;
};

function fields(formData: FormData) {
  const value = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v : undefined;
  };
  return { email: value("email"), password: value("password"), next: safeNextPath(value("next")) };
}

type AccountOutcome = SignUpOutcome | SignInOutcome;

/**
 * Runs a sign-up or sign-in and answers the form: signed in, the browser goes to `next`; with the
 * database down, to a 503 page that leads back here; otherwise the form shows why, keeping the email.
 */
async function answerForm(
  formData: FormData,
  formName: AccountForm,
  run: (input: { email: unknown; password: unknown }) => Promise<AccountOutcome>,
): Promise<AuthFormState> {
  const { email, password, next } = fields(formData);
  const form = { email: (email ?? "").slice(0, 254) };
  const outcome = await run({ email, password });
  switch (outcome.kind) {
    case "invalid":
      return { ...form, fieldErrors: outcome.fieldErrors };
    case "email-taken":
      return { ...form, fieldErrors: { email: "An account with this email already exists. Sign in instead." } };
    case "wrong-credentials":
      return { ...form, message: "Wrong email or password." };
    case "rate-limited": {
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
      return { ...form, message: `Too many failed sign-in attempts. Try again later (in about ${minutes} minute${minutes === 1 ? "" : "s"}).` };
    }
    case "unavailable":
      redirect(accountUnavailablePath(formName, next));
    case "signed-up":
    case "signed-in":
      await startUserSession(outcome.user);
      redirect(next);
  }
}

export async function signUpAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  return answerForm(formData, "sign-up", signUp);
}

export async function signInAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  return answerForm(formData, "sign-in", signIn);
}

export async function signOutAction(): Promise<void> {
  await endUserSession();
  redirect("/");
}
