import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { disconnectAll, disconnectVehicle } from "@/lib/vehicles/disconnect";
import { connectedUser, emulatorControl, get } from "./http";

// lib/vehicles/disconnect.ts on PostgreSQL and the emulator: what stays stored when Smartcar
// refuses the revocation (nothing is forgotten), against the same call once Smartcar answers.

type Vehicle = { id: string; connectionId: string | null };

/** An app user with `n` emulated vehicles under one link, confirmed by a view of /vehicles. */
async function owner(n: 1 | 2) {
  const connected = await connectedUser(`disconnect-${randomUUID().slice(0, 8)}+${n}@example.com`);
  const view = await get("/vehicles", connected.cookie);
  expect(view.status).toBe(200);
  // Read to its end: the link is confirmed in the part of the page that streams.
  expect(await view.text()).toContain("data-vehicle-id=");
  return connected;
}

const vehiclesAtSmartcar = async (smartcarUserId: string) =>
  (
    await emulatorControl<{ vehicles: Vehicle[] }>(
      "GET",
      `/_emulator/control/vehicles?userId=${smartcarUserId}`,
    )
  ).vehicles;

const storedLink = (smartcarUserId: string) =>
  db().smartcarLink.findUnique({ where: { smartcarUserId } });

afterEach(async () => {
  await emulatorControl("PUT", "/_emulator/control/faults", []);
});

afterAll(async () => {
  await db().$disconnect();
});

describe("disconnectVehicle when DELETE /v3/connections/{id} fails", () => {
  it("answers failed with the problem, revokes nothing and forgets nothing; the same call then works", async () => {
    const { user, smartcarUserId } = await owner(2);
    const [vehicle] = await vehiclesAtSmartcar(smartcarUserId);
    const before = await storedLink(smartcarUserId);
    expect(before?.connections).not.toBeNull();

    await emulatorControl("PUT", "/_emulator/control/faults", [{ kind: "down" }]);
    expect(await disconnectVehicle(user.id, vehicle!.id)).toEqual({
      kind: "failed",
      problem: { kind: "unavailable" },
    });
    // Still connected at Smartcar, and the link and its stored connections unchanged.
    expect((await vehiclesAtSmartcar(smartcarUserId)).map((v) => v.connectionId)).not.toContain(
      null,
    );
    expect(await storedLink(smartcarUserId)).toEqual(before);

    // Positive control: with Smartcar back, the vehicle is revoked and its connections read anew.
    await emulatorControl("PUT", "/_emulator/control/faults", []);
    expect(await disconnectVehicle(user.id, vehicle!.id)).toEqual({ kind: "disconnected" });
    expect(
      (await vehiclesAtSmartcar(smartcarUserId)).find((v) => v.id === vehicle!.id)?.connectionId,
    ).toBeNull();
    expect(await storedLink(smartcarUserId)).toMatchObject({ connectionsAt: null });
  });
});

describe("disconnectAll when DELETE /v3/users/{id} fails", () => {
  it("answers failed and keeps the link; the same call then removes it", async () => {
    const { user, smartcarUserId } = await owner(1);
    await emulatorControl("PUT", "/_emulator/control/faults", [{ kind: "down" }]);
    expect(await disconnectAll(user.id)).toEqual({
      kind: "failed",
      problem: { kind: "unavailable" },
    });
    expect(await storedLink(smartcarUserId)).toMatchObject({ userId: user.id });
    expect((await vehiclesAtSmartcar(smartcarUserId))[0]!.connectionId).not.toBeNull();

    await emulatorControl("PUT", "/_emulator/control/faults", []);
    expect(await disconnectAll(user.id)).toEqual({ kind: "disconnected" });
    expect(await storedLink(smartcarUserId)).toBeNull();
    expect((await vehiclesAtSmartcar(smartcarUserId))[0]!.connectionId).toBeNull();
  });
});
