import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { COMMAND_DONE, COMMAND_WORDS } from "@/lib/vehicles/copy";
import { runCommand } from "@/lib/vehicles/commands";
import { connectedUser, emulatorControl, get } from "./http";

// lib/vehicles/commands.ts on PostgreSQL and the emulator: the per-vehicle lease (one command at
// a time), and a command only ever reaches one of the user's own vehicles. Nothing is timed: the
// emulator holds a command open, and the tests look at who answered first.

type Owner = Awaited<ReturnType<typeof connectedUser>> & { vehicleId: string };

/** An app user with one emulated vehicle, its link confirmed by a view of /vehicles. */
async function owner(): Promise<Owner> {
  const connected = await connectedUser(`commands-${randomUUID().slice(0, 8)}+1@example.com`);
  const view = await get("/vehicles", connected.cookie);
  expect(view.status).toBe(200);
  // Read to its end: the link is confirmed in the part of the page that streams.
  expect(await view.text()).toContain("data-vehicle-id=");
  const { vehicles } = await emulatorControl<{ vehicles: { id: string }[] }>(
    "GET",
    `/_emulator/control/vehicles?userId=${connected.smartcarUserId}`,
  );
  return { ...connected, vehicleId: vehicles[0]!.id };
}

/** Commands the emulator has been sent since it started. */
async function commandsSent(): Promise<number> {
  const { counts } = await emulatorControl<{ counts: Record<string, number> }>(
    "GET",
    "/_emulator/stats",
  );
  return counts.commands ?? 0;
}

async function isLocked(vehicleId: string): Promise<boolean> {
  const { vehicles } = await emulatorControl<{
    vehicles: { id: string; state: { locked: boolean } }[];
  }>("GET", "/_emulator/control/vehicles");
  return vehicles.find((v) => v.id === vehicleId)!.state.locked;
}

/** Resolves once `done` holds (bounded by tries, not by a clock). */
async function until(done: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never: ${what}`);
}

let alice: Owner;
let bob: Owner;

beforeAll(async () => {
  await emulatorControl("PUT", "/_emulator/control/settings", { commandDelayMs: 0 });
  alice = await owner();
  bob = await owner();
}, 60_000);

afterAll(async () => {
  await emulatorControl("PUT", "/_emulator/control/settings", { commandDelayMs: 1500 });
  await db().$disconnect();
});

describe("runCommand: one command at a time per vehicle", () => {
  it("a second command while the first is at Smartcar is told busy, and is never sent; then the vehicle takes commands again", async () => {
    // The emulator holds each command open long enough for the second to arrive meanwhile.
    await emulatorControl("PUT", "/_emulator/control/settings", { commandDelayMs: 5_000 });
    try {
      const sentBefore = await commandsSent();
      const order: string[] = [];
      const first = runCommand(alice.user.id, alice.vehicleId, "lock").then((outcome) => {
        order.push("first");
        return outcome;
      });
      // The first holds the lease and has reached Smartcar.
      await until(
        async () =>
          (await db().vehicleCommand.count({ where: { vehicleId: alice.vehicleId } })) === 1 &&
          (await commandsSent()) === sentBefore + 1,
        "the first command took the lease and reached the emulator",
      );
      const second = await runCommand(alice.user.id, alice.vehicleId, "unlock");
      order.push("second");
      expect(second).toEqual({ kind: "busy", message: COMMAND_WORDS.busy });

      expect(await first).toMatchObject({ kind: "done", message: COMMAND_DONE.lock });
      expect(order).toEqual(["second", "first"]);
      // Only the first was sent; the lease is given back.
      expect(await commandsSent()).toBe(sentBefore + 1);
      expect(await isLocked(alice.vehicleId)).toBe(true);
      expect(await db().vehicleCommand.count({ where: { vehicleId: alice.vehicleId } })).toBe(0);
    } finally {
      await emulatorControl("PUT", "/_emulator/control/settings", { commandDelayMs: 0 });
    }
    // Positive control: with the lease free, the same command the busy one asked for goes through.
    expect(await runCommand(alice.user.id, alice.vehicleId, "unlock")).toMatchObject({
      kind: "done",
      message: COMMAND_DONE.unlock,
    });
    expect(await isLocked(alice.vehicleId)).toBe(false);
  });

  it("another vehicle's command is not held by this one's lease", async () => {
    await emulatorControl("PUT", "/_emulator/control/settings", { commandDelayMs: 3_000 });
    try {
      const first = runCommand(alice.user.id, alice.vehicleId, "lock");
      await until(
        async () =>
          (await db().vehicleCommand.count({ where: { vehicleId: alice.vehicleId } })) === 1,
        "the first command took the lease",
      );
      const other = runCommand(bob.user.id, bob.vehicleId, "lock");
      const [a, b] = await Promise.all([first, other]);
      expect(a).toMatchObject({ kind: "done" });
      expect(b).toMatchObject({ kind: "done" });
    } finally {
      await emulatorControl("PUT", "/_emulator/control/settings", { commandDelayMs: 0 });
    }
  });
});

describe("runCommand: only the user's own vehicles", () => {
  it("an unknown vehicle id is not found, sends nothing and takes no lease", async () => {
    const sentBefore = await commandsSent();
    const unknown = randomUUID();
    expect(await runCommand(alice.user.id, unknown, "unlock")).toEqual({
      kind: "not-found",
      message: COMMAND_WORDS.notFound,
    });
    expect(await commandsSent()).toBe(sentBefore);
    expect(await db().vehicleCommand.count({ where: { vehicleId: unknown } })).toBe(0);
  });

  it("another user's vehicle is not found for them, sends nothing, and its owner's command still works", async () => {
    await runCommand(bob.user.id, bob.vehicleId, "lock");
    expect(await isLocked(bob.vehicleId)).toBe(true);
    const sentBefore = await commandsSent();
    expect(await runCommand(alice.user.id, bob.vehicleId, "unlock")).toEqual({
      kind: "not-found",
      message: COMMAND_WORDS.notFound,
    });
    expect(await commandsSent()).toBe(sentBefore);
    expect(await isLocked(bob.vehicleId)).toBe(true);
    expect(await db().vehicleCommand.count({ where: { vehicleId: bob.vehicleId } })).toBe(0);
    // Positive control: the owner's own unlock is sent and done.
    expect(await runCommand(bob.user.id, bob.vehicleId, "unlock")).toMatchObject({
      kind: "done",
      message: COMMAND_DONE.unlock,
    });
    expect(await commandsSent()).toBe(sentBefore + 1);
    expect(await isLocked(bob.vehicleId)).toBe(false);
  });
});
