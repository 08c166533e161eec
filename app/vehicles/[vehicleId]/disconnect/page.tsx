import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { disconnectVehicleAction } from "@/app/vehicles/disconnect/actions";
import { DisconnectForm } from "@/app/components/disconnect-form";
import { requireUser } from "@/lib/session";
import { describeProblem, NOTICES } from "@/lib/vehicles/copy";
import { findOwnedVehicle } from "@/lib/vehicles/ownership";

export const metadata: Metadata = { title: "Disconnect a vehicle" };

// Which vehicle, and whether it is the user's, is known only at request time: all of it streams in.
export default function DisconnectVehiclePage({
  params,
}: PageProps<"/vehicles/[vehicleId]/disconnect">) {
  return (
    <Suspense fallback={<p className="muted">Loading the vehicle…</p>}>
      <Confirmation params={params} />
    </Suspense>
  );
}

async function Confirmation({
  params,
}: Pick<PageProps<"/vehicles/[vehicleId]/disconnect">, "params">) {
  const user = await requireUser("/vehicles");
  const { vehicleId } = await params;
  const vehicle =
    vehicleId.length <= 200
      ? await findOwnedVehicle(user.id, vehicleId)
      : ({ kind: "not-found" } as const);
  if (vehicle.kind !== "found") {
    const message =
      vehicle.kind === "not-found"
        ? "This vehicle isn't one of your connected vehicles."
        : vehicle.kind === "unavailable"
          ? NOTICES.unavailable
          : describeProblem(vehicle.problem);
    return (
      <div className="card narrow-wide">
        <h1>Disconnect a vehicle</h1>
        <p className="alert alert-error" role="status">
          {message}
        </p>
        <Link href="/vehicles">Back to your vehicles</Link>
      </div>
    );
  }
  return (
    <div className="card narrow-wide">
      <h1>Disconnect the {vehicle.title}?</h1>
      <p>
        This app will stop reading the {vehicle.title}: its access through Smartcar is revoked. Your
        other vehicles stay connected, and you can connect this one again at any time.
      </p>
      <DisconnectForm action={disconnectVehicleAction} vehicleId={vehicle.connection.vehicleId} />
      <p>
        <Link href="/vehicles">Cancel, keep it connected</Link>
      </p>
    </div>
  );
}
