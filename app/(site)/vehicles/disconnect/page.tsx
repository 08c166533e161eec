import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSignedInUser } from "@/lib/session";
import { DisconnectForm } from "./disconnect-form";

export const metadata: Metadata = { title: "Disconnect" };

export default async function DisconnectPage() {
  if (!(await getSignedInUser())) redirect("/sign-in?next=/vehicles");
  return (
    <div className="card narrow-wide">
      <h1>Disconnect your vehicles?</h1>
      <p>This app will stop reading your vehicles: the access you granted through Smartcar is revoked, and the link is removed here. You can connect again at any time.</p>
      <DisconnectForm />
      <p>
        <Link href="/vehicles">Cancel, keep them connected</Link>
      </p>
    </div>
  );
}
