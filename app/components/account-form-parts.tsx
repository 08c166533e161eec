"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useEffect } from "react";
import { refreshAccount, useFreshAccount } from "@/app/components/account-nav";
import {
  accountFormPath,
  goOnPath,
  SIGN_IN_NOTICES,
  type AccountForm,
} from "@/lib/accounts/form-paths";
import { AFTER_SIGN_UP } from "@/lib/accounts/messages";
import { safeNextPath } from "@/lib/safe-redirect";

// The parts of the sign-in and sign-up pages that depend on the address: where to go next, a
// notice, and, for someone already signed in, going straight on. The pages are prerendered whole
// and served from the build; these read the query in the browser (docs/references.md
// [next-use-search-params]). The server never relies on them: the actions check `next` again
// (lib/accounts/forms.ts).

function useNext(): string {
  return safeNextPath(useSearchParams().get("next") ?? undefined);
}

function NextValue() {
  return <input type="hidden" name="next" value={useNext()} />;
}

/**
 * The form's `next`. Without it (before the page's scripts ran, or with none) the action takes
 * `next` from the page the form was posted from, never a wrong default.
 */
export function NextField() {
  return (
    <Suspense fallback={null}>
      <NextValue />
    </Suspense>
  );
}

function OtherFormHref({ form, children }: { form: AccountForm; children: string }) {
  return <Link href={accountFormPath(form, useNext())}>{children}</Link>;
}

/** The link to the other form, keeping `next`. */
export function OtherFormLink({ form, children }: { form: AccountForm; children: string }) {
  return (
    <Suspense fallback={<Link href={`/${form}`}>{children}</Link>}>
      <OtherFormHref form={form}>{children}</OtherFormHref>
    </Suspense>
  );
}

function SignInNoticeText() {
  const notice = useSearchParams().get("notice");
  if (!SIGN_IN_NOTICES.some((n) => n === notice)) return null;
  return (
    <p className="alert alert-ok" role="status">
      {AFTER_SIGN_UP}
    </p>
  );
}

export function SignInNotice() {
  return (
    <Suspense fallback={null}>
      <SignInNoticeText />
    </Suspense>
  );
}

function GoOnIfSignedIn() {
  const account = useFreshAccount();
  const next = useSearchParams().get("next") ?? undefined;
  const router = useRouter();
  // Ask again once mounted: this part waits for the address (Suspense), so the header's question
  // may have been answered before it mounted, and an answer from before mounting never counts as
  // fresh (useFreshAccount). Without this, a signed-in visitor could stay on the form.
  useEffect(refreshAccount, []);
  useEffect(() => {
    if (account?.signedIn) router.replace(goOnPath(next));
  }, [account, next, router]);
  return null;
}

/** Someone already signed in goes straight to `next`. */
export function SignedInGoesOn() {
  return (
    <Suspense fallback={null}>
      <GoOnIfSignedIn />
    </Suspense>
  );
}
