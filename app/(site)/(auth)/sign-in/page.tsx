import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { signInAction } from "@/app/(site)/(auth)/actions";
import { AuthForm } from "@/app/components/auth-form";
import { accountFormPath, SIGN_IN_NOTICES } from "@/lib/accounts/form-paths";
import { AFTER_SIGN_UP } from "@/lib/accounts/messages";
import { safeNextPath } from "@/lib/safe-redirect";
import { getSignedInUser } from "@/lib/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const query = await searchParams;
  const next = safeNextPath(query.next);
  if (await getSignedInUser()) redirect(next);
  const notice = SIGN_IN_NOTICES.find((n) => n === query.notice) ? AFTER_SIGN_UP : undefined;
  return (
    <div className="card narrow">
      <h1>Sign in</h1>
      <AuthForm action={signInAction} submitLabel="Sign in" passwordAutoComplete="current-password" next={next} notice={notice} />
      <p className="muted">
        New here? <Link href={accountFormPath("sign-up", next)}>Create an account</Link>
      </p>
    </div>
  );
}
