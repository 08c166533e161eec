"use server";

import { redirect } from "next/navigation";
import { signIn, signUp } from "@/lib/accounts/accounts";
import type { FieldErrors } from "@/lib/accounts/credentials";
import { isDatabaseUnavailable } from "@/lib/db";
import { safeNextPath } from "@/lib/safe-redirect";
import { endUserSession, startUserSession } from "@/lib/session";

export type AuthFormState = {
  email: string;
  message?: string;
  fieldErrors?: FieldErrors;
};

const UNAVAILABLE = "The service is temporarily unavailable. Please try again in a moment.";

function fields(formData: FormData) {
  const value = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v : undefined;
  };
  return { email: value("email"), password: value("password"), next: safeNextPath(value("next")) };
}

function echoEmail(email: string | undefined): string {
  return (email ?? "").slice(0, 254);
}

export async function signUpAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const { email, password, next } = fields(formData);
  let outcome;
  try {
    outcome = await signUp({ email, password });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { email: echoEmail(email), message: UNAVAILABLE };
    throw error;
  }
  switch (outcome.kind) {
    case "invalid":
      return { email: echoEmail(email), fieldErrors: outcome.fieldErrors };
    case "email-taken":
      return {
        email: echoEmail(email),
        fieldErrors: { email: "An account with this email already exists. Sign in instead." },
      };
    case "signed-up":
      await startUserSession(outcome.user);
      redirect(next);
  }
}

export async function signInAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const { email, password, next } = fields(formData);
  let outcome;
  try {
    outcome = await signIn({ email, password });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { email: echoEmail(email), message: UNAVAILABLE };
    throw error;
  }
  switch (outcome.kind) {
    case "invalid":
      return { email: echoEmail(email), fieldErrors: outcome.fieldErrors };
    case "wrong-credentials":
      return { email: echoEmail(email), message: "Wrong email or password." };
    case "rate-limited": {
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
      return {
        email: echoEmail(email),
        message: `Too many failed sign-in attempts. Try again later (in about ${minutes} minute${minutes === 1 ? "" : "s"}).`,
      };
    }
    case "signed-in":
      await startUserSession(outcome.user);
      redirect(next);
  }
}

export async function signOutAction(): Promise<void> {
  await endUserSession();
  redirect("/");
}
