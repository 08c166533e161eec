import type { Metadata } from "next";
import { signInAction } from "@/app/(site)/(auth)/actions";
import { NextField, OtherFormLink, SignedInGoesOn, SignInNotice } from "@/app/(site)/(auth)/request-parts";
import { AuthForm } from "@/app/components/auth-form";

export const metadata: Metadata = { title: "Sign in" };

// Prerendered: the form is the same for everyone; only its request parts stream in.
export default function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  return (
    <div className="card narrow">
      <SignedInGoesOn query={searchParams} />
      <h1>Sign in</h1>
      <AuthForm
        action={signInAction}
        submitLabel="Sign in"
        passwordAutoComplete="current-password"
        nextField={<NextField query={searchParams} />}
        notice={<SignInNotice query={searchParams} />}
      />
      <p className="muted">
        New here?{" "}
        <OtherFormLink query={searchParams} form="sign-up">
          Create an account
        </OtherFormLink>
      </p>
    </div>
  );
}
