"use client";

import { useActionState, type ReactNode } from "react";
import type { AuthFormState } from "@/lib/accounts/forms";

type Props = {
  action: (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;
  submitLabel: string;
  passwordAutoComplete: "current-password" | "new-password";
  passwordHint?: string;
  /**
   * The hidden `next` field, and a notice shown above the form while it has no message of its own
   * (e.g. after signing up): they depend on the request, so the page streams them in, while the
   * fields a person types into are part of the prerendered form and never replaced.
   */
  nextField: ReactNode;
  notice?: ReactNode;
};

export function AuthForm({
  action,
  submitLabel,
  passwordAutoComplete,
  passwordHint,
  nextField,
  notice,
}: Props) {
  const [state, formAction, pending] = useActionState(action, { email: "" });
  const emailError = state.fieldErrors?.email;
  const passwordError = state.fieldErrors?.password;
  return (
    <form action={formAction} className="form" noValidate>
      {nextField}
      {state.message ? (
        <p className="alert alert-error" role="alert">
          {state.message}
        </p>
      ) : (
        notice
      )}
      <div className="field">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          defaultValue={state.email}
          key={state.email}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? "email-error" : undefined}
        />
        {emailError ? (
          <p id="email-error" className="field-error">
            {emailError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={passwordAutoComplete}
          required
          maxLength={256}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={
            [passwordHint ? "password-hint" : "", passwordError ? "password-error" : ""]
              .join(" ")
              .trim() || undefined
          }
        />
        {passwordHint ? (
          <p id="password-hint" className="field-hint">
            {passwordHint}
          </p>
        ) : null}
        {passwordError ? (
          <p id="password-error" className="field-error">
            {passwordError}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>
        {submitLabel}
      </button>
    </form>
  );
}
