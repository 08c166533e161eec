import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { disconnectAllAction } from "@/app/vehicles/disconnect/actions";
import { DisconnectForm } from "@/app/components/disconnect-form";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Disconnect all vehicles" };

/** Only for someone signed in; anyone else is sent to sign in. */
async function RequireSignIn() {
  await requireUser("/vehicles");
  return null;
}

export default function DisconnectAllPage() {
  return (
    <div className="card narrow-wide">
      <h1>Disconnect all your vehicles?</h1>
      <p>
        This app will stop reading every vehicle you connected: the access you granted through
        Smartcar is revoked for each carmaker account, and the links are removed here. You can
        connect again at any time.
      </p>
      <Suspense fallback={null}>
        <RequireSignIn />
      </Suspense>
      <p>To confirm, enter your account password.</p>
      <DisconnectForm action={disconnectAllAction} askPassword />
      <p>
        <Link href="/vehicles">Cancel, keep them connected</Link>
      </p>
    </div>
  );
}
