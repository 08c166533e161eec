import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/accounts/password";
import { db } from "@/lib/db";
import {
  connectedUser,
  emulatorControl,
  get,
  newClient,
  postForm,
  readForm,
  signedInUser,
} from "./http";

// /vehicles on the real server, PostgreSQL and the emulator: what it reads from Smartcar and when
// (stored readings first, issue 20), and which links it uses (confirmed ones only, issue 19).

afterAll(async () => {
  await db().$disconnect();
});

const ownerEmail = () => `vehicles-${randomUUID().slice(0, 8)}+1@example.com`;

/** The emulator's API calls since it started, by kind. */
async function calls(): Promise<Record<string, number>> {
  return (await emulatorControl<{ counts: Record<string, number> }>("GET", "/_emulator/stats"))
    .counts;
}

async function view(cookie: string) {
  const response = await get("/vehicles", cookie);
  expect(response.status).toBe(200);
  return response.text();
}

/** Resolves once the emulator has had an answer to a delivery about `vehicleId` (bounded). */
async function firstDeliveryAnswered(vehicleId: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { deliveries } = await emulatorControl<{
      deliveries: { vehicleId: string | null; status: number | null }[];
    }>("GET", "/_emulator/webhooks/deliveries");
    if (deliveries.some((d) => d.vehicleId === vehicleId && d.status !== null)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no delivery about ${vehicleId} was answered`);
}

/** What a page view cost: the calls of each kind it made. */
async function costOf(run: () => Promise<unknown>) {
  const before = await calls();
  await run();
  const after = await calls();
  return {
    signals: (after.signals ?? 0) - (before.signals ?? 0),
    connections: (after.connections ?? 0) - (before.connections ?? 0),
  };
}

describe("links Smartcar has not confirmed", () => {
  it("a user_id with no connection at Smartcar is never shown, then removed, with Try again", async () => {
    const { user, cookie } = await signedInUser();
    const smartcarUserId = randomUUID();
    await db().smartcarLink.create({ data: { userId: user.id, smartcarUserId } });
    // What a webhook stored for it is not shown either.
    const vehicleId = randomUUID();
    await db().vehicleSignal.create({
      data: {
        vehicleId,
        code: "tractionbattery-stateofcharge",
        smartcarUserId,
        status: "ok",
        value: { kind: "percent", percent: 12 },
        readAt: new Date(),
      },
    });

    const html = await view(cookie);
    expect(html).not.toContain("data-vehicle-id=");
    expect(html).not.toContain(vehicleId);
    expect(html).toContain("so it was not added.");
    expect(html).toMatch(/<a href="\/connect" class="button button-primary">Try again<\/a>/);
    expect(await db().smartcarLink.findUnique({ where: { smartcarUserId } })).toBeNull();
    // Told once: the next view has nothing left to say.
    expect(await view(cookie)).not.toContain("so it was not added.");
  });

  it("a link Smartcar lists connections for is confirmed at its first read and shown (control)", async () => {
    const { cookie, smartcarUserId } = await connectedUser(ownerEmail());
    expect(
      (await db().smartcarLink.findUnique({ where: { smartcarUserId } }))?.confirmedAt,
    ).toBeNull();
    const html = await view(cookie);
    expect(html).toContain("data-vehicle-id=");
    expect(html).not.toContain("so it was not added.");
    expect(
      (await db().smartcarLink.findUnique({ where: { smartcarUserId } }))?.confirmedAt,
    ).toBeInstanceOf(Date);
  });
});

describe("a new link while Smartcar is unreachable", () => {
  it("waits, unconfirmed and not shown, and is confirmed once Smartcar answers", async () => {
    const { cookie, smartcarUserId } = await connectedUser(ownerEmail());
    const link = () => db().smartcarLink.findUnique({ where: { smartcarUserId } });
    await emulatorControl("PUT", "/_emulator/control/faults", [{ kind: "down" }]);
    try {
      const html = await view(cookie);
      expect(html).not.toContain("data-vehicle-id=");
      expect(html).toContain("Smartcar can&#x27;t be reached right now.");
      expect(await link()).toMatchObject({ confirmedAt: null });
    } finally {
      await emulatorControl("PUT", "/_emulator/control/faults", []);
    }
    expect(await view(cookie)).toContain("data-vehicle-id=");
    expect((await link())?.confirmedAt).toBeInstanceOf(Date);
  });
});

describe("Smartcar calls of a page view", () => {
  it("reads a new vehicle once, then stored readings alone, and a stale vehicle once however many views", async () => {
    const { cookie, smartcarUserId } = await connectedUser(ownerEmail());
    // Connecting sends the vehicle's first webhook (as Smartcar does); whether it lands before
    // the link or after is a race. Once it has been answered, what it may have stored goes, so
    // the vehicle is as never read.
    const [connected] = (
      await emulatorControl<{ vehicles: { id: string }[] }>(
        "GET",
        `/_emulator/control/vehicles?userId=${smartcarUserId}`,
      )
    ).vehicles;
    await firstDeliveryAnswered(connected!.id);
    await db().vehicleSignal.deleteMany({ where: { vehicleId: connected!.id } });
    // Never read: its signals and its connections, once.
    expect(await costOf(() => view(cookie))).toEqual({ signals: 1, connections: 1 });
    // Fresh stored readings and connections: nothing.
    expect(await costOf(() => view(cookie))).toEqual({ signals: 0, connections: 0 });

    // Two hours later, as far as the stored times say: stale. Three views at once read it once,
    // and its connections once.
    const { vehicles } = await emulatorControl<{ vehicles: { id: string }[] }>(
      "GET",
      `/_emulator/control/vehicles?userId=${smartcarUserId}`,
    );
    const vehicleId = vehicles[0]!.id;
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await db().vehicleBudget.update({
      where: { vehicleId: vehicleId },
      data: { lastReadAt: twoHoursAgo },
    });
    await db().vehicleSignal.updateMany({
      where: { vehicleId: vehicleId },
      data: { readAt: twoHoursAgo },
    });
    // Its connections too, as CONNECTIONS_MAX_AGE after they were read.
    await db().smartcarLink.update({
      where: { smartcarUserId },
      data: { connectionsAt: twoHoursAgo },
    });
    expect(await costOf(() => Promise.all([view(cookie), view(cookie), view(cookie)]))).toEqual({
      signals: 1,
      connections: 1,
    });
    expect(await costOf(() => view(cookie))).toEqual({ signals: 0, connections: 0 });
    expect((await db().vehicleBudget.findUnique({ where: { vehicleId: vehicleId } }))?.calls).toBe(
      2,
    );
  });
});

describe("Disconnect all and links Smartcar has not confirmed", () => {
  it("forgets an unconfirmed link without revoking it at Smartcar; revokes a confirmed one", async () => {
    const password = "correct horse battery";
    const passwordHash = await hashPassword(password);
    const vehiclesOf = (userId: string) =>
      emulatorControl<{ vehicles: { connectionId: string | null }[] }>(
        "GET",
        `/_emulator/control/vehicles?userId=${userId}`,
      );
    const disconnectAll = async (cookie: string) => {
      const form = await readForm("/vehicles/disconnect", "Yes, disconnect", { cookie });
      return postForm(form, { password }, { cookie, client: newClient() });
    };

    // Someone's user_id brought to another account: a link Smartcar never confirmed for it.
    const owner = await connectedUser(ownerEmail());
    await db().smartcarLink.delete({ where: { smartcarUserId: owner.smartcarUserId } });
    const stranger = await signedInUser();
    await db().user.update({ where: { id: stranger.user.id }, data: { passwordHash } });
    await db().smartcarLink.create({
      data: { userId: stranger.user.id, smartcarUserId: owner.smartcarUserId },
    });
    expect((await disconnectAll(stranger.cookie)).location).toBe("/vehicles?disconnected=1");
    expect(await db().smartcarLink.count({ where: { smartcarUserId: owner.smartcarUserId } })).toBe(
      0,
    );
    // The owner's access at Smartcar is untouched.
    expect((await vehiclesOf(owner.smartcarUserId)).vehicles[0]!.connectionId).not.toBeNull();

    // The positive control: a confirmed link (the page confirmed it) is revoked at Smartcar.
    const own = await connectedUser(ownerEmail());
    await db().user.update({ where: { id: own.user.id }, data: { passwordHash } });
    await view(own.cookie);
    expect(
      (await db().smartcarLink.findUnique({ where: { smartcarUserId: own.smartcarUserId } }))
        ?.confirmedAt,
    ).not.toBeNull();
    expect((await disconnectAll(own.cookie)).location).toBe("/vehicles?disconnected=1");
    expect((await vehiclesOf(own.smartcarUserId)).vehicles[0]!.connectionId).toBeNull();
  }, 60_000);
});
