import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { accountFormPath, SIGN_IN_NOTICES, type AccountForm } from "@/lib/accounts/form-paths";
import { AFTER_SIGN_UP } from "@/lib/accounts/messages";
import { safeNextPath } from "@/lib/safe-redirect";
import { getSignedInUser } from "@/lib/session";

// The parts of the sign-in and sign-up pages that depend on the request: where to go next (the
// query), a notice, and, for someone already signed in, going straight on. The forms themselves are
// prerendered; each of these streams into its own small place, so nothing a person typed is lost.

type Query = Promise<Record<string, string | string[] | undefined>>;

const nextOf = async (query: Query) => safeNextPath((await query).next);

async function NextValue({ query }: { query: Query }) {
  return <input type="hidden" name="next" value={await nextOf(query)} />;
}

export function NextField({ query }: { query: Query }) {
  return (
    <Suspense fallback={<input type="hidden" name="next" value="/" />}>
      <NextValue query={query} />
    </Suspense>
  );
}

async function OtherFormHref({ query, form, children }: { query: Query; form: AccountForm; children: string }) {
  return <Link href={accountFormPath(form, await nextOf(query))}>{children}</Link>;
}

/** The link to the other form, keeping `next`. */
export function OtherFormLink({ query, form, children }: { query: Query; form: AccountForm; children: string }) {
  return (
    <Suspense fallback={<Link href={`/${form}`}>{children}</Link>}>
      <OtherFormHref query={query} form={form}>
        {children}
      </OtherFormHref>
    </Suspense>
  );
}

async function SignInNoticeText({ query }: { query: Query }) {
  const { notice } = await query;
  if (!SIGN_IN_NOTICES.some((n) => n === notice)) return null;
  return (
    <p className="alert alert-ok" role="status">
      {AFTER_SIGN_UP}
    </p>
  );
}

export function SignInNotice({ query }: { query: Query }) {
  return (
    <Suspense fallback={null}>
      <SignInNoticeText query={query} />
    </Suspense>
  );
}

async function GoOnIfSignedIn({ query }: { query: Query }) {
  // In the stream, not as a 307: the page's shell is already on its way (Partial Prerendering).
  if (await getSignedInUser()) redirect(await nextOf(query));
  return null;
}

/** Someone already signed in goes straight to `next`. */
export function SignedInGoesOn({ query }: { query: Query }) {
  return (
    <Suspense fallback={null}>
      <GoOnIfSignedIn query={query} />
    </Suspense>
  );
}
