import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { VehicleCard, VehicleCardSkeleton } from "@/app/vehicles/vehicle-card";
import { ConnectLink } from "@/app/components/connect-link";
import { requireUser } from "@/lib/session";
import { describeProblem, NOTICES } from "@/lib/vehicles/copy";
import { loadGarage } from "@/lib/vehicles/garage";

export const metadata: Metadata = { title: "Your vehicles" };

/** Notices named by fixed keys in the query: nothing from the query is ever shown. */
const QUERY_NOTICES: Record<string, Record<string, string>> = {
  connected: { "1": NOTICES.connected },
  reconnected: { "1": NOTICES.reconnected },
  disconnected: { "1": NOTICES.disconnectedAll, one: NOTICES.disconnectedOne },
};

function Notice({ text, error }: { text: string; error?: boolean }) {
  return (
    <p className={`alert ${error ? "alert-error" : "alert-ok"}`} role="status">
      {text}
    </p>
  );
}

async function Garage({ userId }: { userId: string }) {
  const garage = await loadGarage(userId);
  if (garage.kind === "unavailable") {
    return (
      <div className="card">
        <Notice text={NOTICES.unavailable} error />
        <Link href="/vehicles" className="button button-secondary">
          Try again
        </Link>
      </div>
    );
  }
  const { vehicles, unreadable, removedLinks, refusedLinks } = garage;
  return (
    <>
      {removedLinks > 0 ? <Notice text={NOTICES.linksRemoved} /> : null}
      {refusedLinks > 0 ? (
        <div className="card">
          <Notice text={NOTICES.linkRefused} error />
          <ConnectLink className="button button-primary">Try again</ConnectLink>
        </div>
      ) : null}
      {unreadable.length ? (
        <div className="card">
          {unreadable.map((problem, i) => (
            <Notice key={i} text={describeProblem(problem)} error />
          ))}
          <Link href="/vehicles" className="button button-secondary">
            Try again
          </Link>
        </div>
      ) : null}
      {vehicles.length === 0 && unreadable.length === 0 ? (
        <div className="card">
          <p>You haven&apos;t connected a vehicle yet.</p>
          <ConnectLink className="button button-primary button-large">
            Connect a vehicle
          </ConnectLink>
        </div>
      ) : (
        <>
          <div className="vehicle-grid">
            {vehicles.map((vehicle) => (
              <Suspense
                key={vehicle.connection.id}
                fallback={<VehicleCardSkeleton vehicle={vehicle} />}
              >
                <VehicleCard vehicle={vehicle} />
              </Suspense>
            ))}
          </div>
          <div className="actions">
            <ConnectLink className="button button-secondary">Connect another vehicle</ConnectLink>
            <Link href="/vehicles/disconnect" className="button button-quiet">
              Disconnect all
            </Link>
          </div>
        </>
      )}
    </>
  );
}

/** The user's own part of the page: who is asking, the notices their last action left, the garage. */
async function Vehicles({ searchParams }: Pick<PageProps<"/vehicles">, "searchParams">) {
  const user = await requireUser("/vehicles");
  const params = await searchParams;
  const notices = Object.entries(QUERY_NOTICES).flatMap(([key, texts]) => {
    const value = params[key];
    return typeof value === "string" && texts[value] ? [texts[value]] : [];
  });
  return (
    <>
      {notices.map((text) => (
        <Notice key={text} text={text} />
      ))}
      <Garage userId={user.id} />
    </>
  );
}

// The heading is prerendered; the person's vehicles stream in, each card on its own.
export default function VehiclesPage({ searchParams }: PageProps<"/vehicles">) {
  return (
    <section className="stack">
      <div className="page-head">
        <h1>Your vehicles</h1>
        <Link href="/connect/history">Connect history</Link>
      </div>
      <Suspense
        fallback={
          // As tall as the screen: the footer stays below it while the list loads, so the cards
          // push nothing visible down when they arrive (docs/references.md [web-dev-cls]).
          <p className="muted vehicles-loading">Loading your vehicles…</p>
        }
      >
        <Vehicles searchParams={searchParams} />
      </Suspense>
    </section>
  );
}
