"use server";

import { redirect } from "next/navigation";
import {
  dismissSignUpNotice,
  submitSignIn,
  submitSignOut,
  submitSignUp,
  type AuthFormState,
  type FormAnswer,
  type FormFields,
} from "@/lib/accounts/forms";

function fields(formData: FormData): FormFields {
  const value = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v : undefined;
  };
  return { email: value("email"), password: value("password"), next: value("next") };
}

function answer(outcome: FormAnswer): AuthFormState {
  if (outcome.kind === "redirect") redirect(outcome.location);
  return outcome.state;
}

export async function signUpAction(
  _previous: AuthFormState,
  formData: FormData,
): Promise<AuthFormState> {
  return answer(await submitSignUp(fields(formData)));
}

export async function signInAction(
  _previous: AuthFormState,
  formData: FormData,
): Promise<AuthFormState> {
  return answer(await submitSignIn(fields(formData)));
}

export async function signOutAction(): Promise<void> {
  answer(await submitSignOut(false));
}

export async function signOutEverywhereAction(): Promise<void> {
  answer(await submitSignOut(true));
}

export async function dismissSignUpNoticeAction(): Promise<void> {
  await dismissSignUpNotice();
}
