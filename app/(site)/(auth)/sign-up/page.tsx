import type { Metadata } from "next";
import { signUpAction } from "@/app/(site)/(auth)/actions";
import { NextField, OtherFormLink, SignedInGoesOn } from "@/app/(site)/(auth)/request-parts";
import { AuthForm } from "@/app/components/auth-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/accounts/credentials";

export const metadata: Metadata = { title: "Sign up" };

// Prerendered: the form is the same for everyone; only its request parts stream in.
export default function SignUpPage({ searchParams }: PageProps<"/sign-up">) {
  return (
    <div className="card narrow">
      <SignedInGoesOn query={searchParams} />
      <h1>Create your account</h1>
      <AuthForm
        action={signUpAction}
        submitLabel="Sign up"
        passwordAutoComplete="new-password"
        passwordHint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        nextField={<NextField query={searchParams} />}
      />
      <p className="muted">
        Already have an account?{" "}
        <OtherFormLink query={searchParams} form="sign-in">
          Sign in
        </OtherFormLink>
      </p>
    </div>
  );
}
