import type { Metadata } from "next";
import { signUpAction } from "@/app/actions/account";
import { NextField, OtherFormLink, SignedInGoesOn } from "@/app/components/account-form-parts";
import { AuthForm } from "@/app/components/auth-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/accounts/credentials";

export const metadata: Metadata = { title: "Sign up" };

// Prerendered whole and served from the build: the form is the same for everyone, and what
// depends on the address is read in the browser (app/components/account-form-parts.tsx).
export default function SignUpPage() {
  return (
    <div className="card narrow">
      <SignedInGoesOn />
      <h1>Create your account</h1>
      <AuthForm
        action={signUpAction}
        submitLabel="Sign up"
        passwordAutoComplete="new-password"
        passwordHint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        nextField={<NextField />}
      />
      <p className="muted">
        Already have an account? <OtherFormLink form="sign-in">Sign in</OtherFormLink>
      </p>
    </div>
  );
}
