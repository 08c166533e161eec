import Link from "next/link";
import { ConnectLink } from "@/app/components/connect-link";
import { CARD_SIGNALS, loadVehicleCard } from "@/lib/vehicles/card";
import { describeProblem } from "@/lib/vehicles/copy";
import type { GarageVehicle } from "@/lib/vehicles/garage";

const POWERTRAINS: Record<string, string> = { BEV: "Electric", PHEV: "Plug-in hybrid", HEV: "Hybrid", ICE: "Combustion" };

function formatTime(date: Date | null): string | null {
  return date ? `${date.toISOString().replace("T", " ").slice(0, 16)} UTC` : null;
}

function CardFrame({ vehicle, busy, children }: { vehicle: GarageVehicle; busy?: boolean; children: React.ReactNode }) {
  const { connection, title } = vehicle;
  const powertrain = connection.powertrainType ? (POWERTRAINS[connection.powertrainType.toUpperCase()] ?? connection.powertrainType) : null;
  return (
    <article className="card vehicle-card" aria-labelledby={`vehicle-${connection.id}`} aria-busy={busy || undefined} data-vehicle-id={connection.vehicleId}>
      <h2 id={`vehicle-${connection.id}`}>{title}</h2>
      {powertrain ? <p className="muted">{powertrain}</p> : null}
      {children}
      <div className="card-actions">
        <Link href={`/vehicles/${encodeURIComponent(connection.vehicleId)}/disconnect`} className="button button-quiet">
          Disconnect
        </Link>
      </div>
    </article>
  );
}

/** One vehicle, streamed in: its signals, or why they can't be read and what to do. */
export async function VehicleCard({ vehicle }: { vehicle: GarageVehicle }) {
  const card = await loadVehicleCard(vehicle.smartcarUserId, vehicle.connection.vehicleId);
  if (card.kind === "problem") {
    return (
      <CardFrame vehicle={vehicle}>
        <p className="alert alert-error" role="status">
          {describeProblem(card.problem)}
        </p>
        {card.problem.kind === "reauthenticate" ? (
          <ConnectLink
            href={`/connect/reauthenticate?${new URLSearchParams({ vehicle: vehicle.connection.vehicleId })}`}
            className="button button-primary"
          >
            Reconnect
          </ConnectLink>
        ) : null}
      </CardFrame>
    );
  }
  return (
    <CardFrame vehicle={vehicle}>
      {card.signals.length === 0 ? (
        <p className="muted" role="status">
          No data yet: Smartcar hasn&apos;t received any readings from this vehicle.
        </p>
      ) : (
        <dl className="signals">
          {card.signals.map((s) => (
            <div key={s.code} data-signal={s.code}>
              <dt>{s.label}</dt>
              <dd>
                <span className="signal-value">{s.display}</span>
                {formatTime(s.readAt) ? <span className="muted small signal-time"> read {formatTime(s.readAt)}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </CardFrame>
  );
}

// Same shape as the loaded card, so nothing below it moves when the card streams in
// (https://web.dev/articles/cls).
export function VehicleCardSkeleton({ vehicle }: { vehicle: GarageVehicle }) {
  return (
    <CardFrame vehicle={vehicle} busy>
      <dl className="signals">
        {CARD_SIGNALS.map(({ code, label }) => (
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
    </CardFrame>
  );
}
