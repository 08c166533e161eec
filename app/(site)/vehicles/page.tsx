import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { findSmartcarLink } from "@/lib/connect/links";
import { getSignedInUser } from "@/lib/session";

export const metadata: Metadata = { title: "Your vehicles" };

export default async function VehiclesPage({ searchParams }: PageProps<"/vehicles">) {
  const user = await getSignedInUser();
  if (!user) redirect("/sign-in?next=/vehicles");
  const justConnected = (await searchParams).connected === "1";
  const link = await findSmartcarLink(user.id);
  return (
    <section>
      <h1>Your vehicles</h1>
      {link ? (
        <>
          {justConnected ? (
            <p className="alert alert-ok" role="status">
              Your vehicle is connected.
            </p>
          ) : null}
          <p>
            Connected through Smartcar on{" "}
            <time dateTime={link.connectedAt.toISOString()}>{link.connectedAt.toUTCString()}</time>.
          </p>
          <div className="actions">
            <Link href="/connect" prefetch={false} className="button button-secondary">
              Connect another vehicle
            </Link>
          </div>
        </>
      ) : (
        <>
          <p>You haven&apos;t connected a vehicle yet.</p>
          <Link href="/connect" prefetch={false} className="button button-primary button-large">
            Connect a vehicle
          </Link>
        </>
      )}
    </section>
  );
}
