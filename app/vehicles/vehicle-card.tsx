import Link from "next/link";
import { CardBody } from "@/app/vehicles/card-body";
import { normalizeMake } from "@/lib/connect/connect-url";
import {
  availableCommands,
  budgetView,
  CARD_SIGNALS,
  loadVehicleCard,
  storedCard,
} from "@/lib/vehicles/card";
import { CARD_WORDS, POWERTRAIN_WORDS } from "@/lib/vehicles/copy";
import type { GarageCard } from "@/lib/vehicles/garage";

type Props = { vehicle: GarageCard };

function CardFrame({
  vehicle,
  busy,
  children,
}: Props & { busy?: boolean; children: React.ReactNode }) {
  const { connection, title } = vehicle;
  const powertrain = connection.powertrainType
    ? (POWERTRAIN_WORDS[connection.powertrainType.toUpperCase()] ?? connection.powertrainType)
    : null;
  return (
    <article
      className="card vehicle-card"
      aria-labelledby={`vehicle-${connection.id}`}
      aria-busy={busy || undefined}
      data-vehicle-id={connection.vehicleId}
    >
      <h2 id={`vehicle-${connection.id}`}>{title}</h2>
      {powertrain ? <p className="muted">{powertrain}</p> : null}
      {children}
      <div className="card-actions">
        <Link
          href={`/vehicles/${encodeURIComponent(connection.vehicleId)}/disconnect`}
          className="button button-quiet"
        >
          {CARD_WORDS.disconnect}
        </Link>
      </div>
    </article>
  );
}

/**
 * One vehicle: what is stored about it, or, when that is stale, streamed in once Smartcar answers;
 * its signals, commands, or what is wrong.
 */
export async function VehicleCard({ vehicle }: Props) {
  const card = await loadVehicleCard(vehicle);
  return (
    <CardFrame vehicle={vehicle}>
      <CardBody
        vehicleId={vehicle.connection.vehicleId}
        make={normalizeMake(vehicle.connection.make) ?? ""}
        initial={card}
        commands={availableCommands(vehicle)}
        budget={budgetView(vehicle.budget)}
      />
    </CardFrame>
  );
}

/**
 * While Smartcar is asked: what webhooks stored, at once, or the loaded card's shape, so nothing
 * below it moves when the card streams in (docs/references.md [web-dev-cls]).
 */
export function VehicleCardSkeleton({ vehicle }: Props) {
  const stored = storedCard(vehicle.stored);
  const shown = new Map(stored.signals.map((signal) => [signal.code, signal]));
  return (
    <CardFrame vehicle={vehicle} busy>
      <dl className="signals">
        {CARD_SIGNALS.map(({ code, label }) => (
          <div key={code} data-stored-signal={shown.has(code) ? code : undefined}>
            <dt>{label}</dt>
            <dd>
              <span className={`signal-value${shown.has(code) ? "" : " signal-pending"}`}>
                {shown.get(code)?.display ?? CARD_WORDS.pending}
              </span>
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
