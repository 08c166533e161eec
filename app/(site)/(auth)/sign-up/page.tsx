import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { signUpAction } from "@/app/(site)/(auth)/actions";
import { AuthForm } from "@/app/components/auth-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/accounts/credentials";
import { accountFormPath } from "@/lib/accounts/form-paths";
import { safeNextPath } from "@/lib/safe-redirect";
import { getSignedInUser } from "@/lib/session";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: PageProps<"/sign-up">) {
  const next = safeNextPath((await searchParams).next);
  if (await getSignedInUser()) redirect(next);
  return (
    <div className="card narrow">
      <h1>Create your account</h1>
      <AuthForm
        action={signUpAction}
        submitLabel="Sign up"
        passwordAutoComplete="new-password"
        passwordHint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        next={next}
      />
      <p className="muted">
        Already have an account? <Link href={accountFormPath("sign-in", next)}>Sign in</Link>
      </p>
    </div>
  );
}
