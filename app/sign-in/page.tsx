import type { Metadata } from "next";
import { signInAction } from "@/app/actions/account";
import {
  NextField,
  OtherFormLink,
  SignedInGoesOn,
  SignInNotice,
} from "@/app/components/account-form-parts";
import { AuthForm } from "@/app/components/auth-form";

export const metadata: Metadata = { title: "Sign in" };

// Prerendered whole and served from the build: the form is the same for everyone, and what
// depends on the address is read in the browser (app/components/account-form-parts.tsx).
export default function SignInPage() {
  return (
    <div className="card narrow">
      <SignedInGoesOn />
      <h1>Sign in</h1>
      <AuthForm
        action={signInAction}
        submitLabel="Sign in"
        passwordAutoComplete="current-password"
        nextField={<NextField />}
        notice={<SignInNotice />}
      />
      <p className="muted">
        New here? <OtherFormLink form="sign-up">Create an account</OtherFormLink>
      </p>
    </div>
  );
}
