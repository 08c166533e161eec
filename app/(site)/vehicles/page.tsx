import type { Metadata } from "next";
import Link from "next/link";
import { ConnectLink } from "@/app/components/connect-link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { loadGarage, loadVehicleCard, SIGNAL_LABELS, vehicleTitle } from "@/lib/vehicles/garage";
import type { Connection } from "@/lib/smartcar/schemas";
import { getSignedInUser } from "@/lib/session";

export const metadata: Metadata = { title: "Your vehicles" };

function formatTime(iso: string | null): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

async function VehicleCardView({ smartcarUserId, connection }: { smartcarUserId: string; connection: Connection }) {
  const card = await loadVehicleCard(smartcarUserId, connection);
  if (card.kind === "error") {
    return (
      <article className="card vehicle-card" aria-label={card.title} data-vehicle-id={connection.vehicleId}>
        <h2>{card.title}</h2>
        <p className="alert alert-error" role="status">
          {card.message}
        </p>
      </article>
    );
  }
  return (
    <article className="card vehicle-card" aria-label={card.title} data-vehicle-id={connection.vehicleId}>
      <h2>{card.title}</h2>
      {card.powertrain ? <p className="muted">{card.powertrain === "BEV" ? "Electric" : card.powertrain === "PHEV" ? "Plug-in hybrid" : card.powertrain === "ICE" ? "Combustion" : card.powertrain}</p> : null}
      <dl className="signals">
        {card.signals.map((s) => (
          <div key={s.code} data-signal={s.code}>
            <dt>{s.label}</dt>
            <dd>
              <span className="signal-value">{s.display}</span>
              {formatTime(s.retrievedAt) ? <span className="muted small signal-time"> read {formatTime(s.retrievedAt)}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

// Same shape as the loaded card, so nothing below it moves when the card streams in
// (https://web.dev/articles/cls).
function CardSkeleton({ title, vehicleId }: { title: string; vehicleId: string }) {
  return (
    <article className="card vehicle-card" aria-label={title} aria-busy="true" data-vehicle-id={vehicleId}>
      <h2>{title}</h2>
      <p className="muted">Reading the vehicle…</p>
      <dl className="signals">
        {Object.entries(SIGNAL_LABELS).map(([code, label]) => (
          <div key={code}>
            <dt>{label}</dt>
            <dd>
              <span className="signal-value signal-pending">…</span>
              <span className="muted small signal-time" aria-hidden="true">
                &nbsp;
              </span>
            </dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

async function Garage({ userId }: { userId: string }) {
  const garage = await loadGarage(userId);
  switch (garage.kind) {
    case "not-connected":
      return (
        <div className="card">
          <p>You haven&apos;t connected a vehicle yet.</p>
          <ConnectLink className="button button-primary button-large">
            Connect a vehicle
          </ConnectLink>
        </div>
      );
    case "no-connections":
      return (
        <div className="card">
          <p>Your Smartcar account has no connected vehicles any more. The access may have been revoked at your carmaker or at Smartcar.</p>
          <div className="actions">
            <ConnectLink className="button button-primary">
              Reconnect a vehicle
            </ConnectLink>
            <Link href="/vehicles/disconnect" className="button button-secondary">
              Disconnect
            </Link>
          </div>
        </div>
      );
    case "error":
      return (
        <div className="card">
          <p className="alert alert-error" role="status">
            {garage.message}
          </p>
          <div className="actions">
            <Link href="/vehicles" className="button button-secondary">
              Try again
            </Link>
          </div>
        </div>
      );
    case "connected":
      return (
        <>
          <div className="vehicle-grid">
            {garage.connections.map((connection) => (
              <Suspense key={connection.vehicleId} fallback={<CardSkeleton title={vehicleTitle(connection)} vehicleId={connection.vehicleId} />}>
                <VehicleCardView smartcarUserId={garage.smartcarUserId} connection={connection} />
              </Suspense>
            ))}
          </div>
          <div className="actions">
            <ConnectLink className="button button-secondary">
              Connect another vehicle
            </ConnectLink>
            <Link href="/vehicles/disconnect" className="button button-quiet">
              Disconnect
            </Link>
          </div>
        </>
      );
  }
}

export default async function VehiclesPage({ searchParams }: PageProps<"/vehicles">) {
  const user = await getSignedInUser();
  if (!user) redirect("/sign-in?next=/vehicles");
  const params = await searchParams;
  return (
    <section className="stack">
      <div className="page-head">
        <h1>Your vehicles</h1>
        <Link href="/connect/history">Connect history</Link>
      </div>
      {params.connected === "1" ? (
        <p className="alert alert-ok" role="status">
          Your vehicle is connected.
        </p>
      ) : null}
      {params.disconnected === "1" ? (
        <p className="alert alert-ok" role="status">
          Your vehicles are disconnected. This app can no longer read them.
        </p>
      ) : null}
      <Suspense fallback={<p className="muted">Loading your vehicles…</p>}>
        <Garage userId={user.id} />
      </Suspense>
    </section>
  );
}
