import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pruneExpired } from "@/lib/retention";
import { get, signedInUser } from "./http";

// Pruning keeps the tables bounded and the history a person sees whole. Connect attempts are
// written with Prisma directly (lib/connect is another module's), as GET /connect and the callback
// would leave them.

const HOUR = 60 * 60 * 1000;
const ago = (ms: number) => new Date(Date.now() - ms);
const from = (ms: number) => new Date(Date.now() + ms);

afterAll(async () => {
  await db().$disconnect();
});

async function attempt(
  userId: string,
  data: { createdAt: Date; expiresAt: Date; usedAt?: Date; outcome?: string },
) {
  return db().connectAttempt.create({ data: { userId, stateHash: randomUUID(), ...data } });
}

describe("pruneExpired", () => {
  it("deletes unused Connect attempts a day after they expired, and keeps every used one, however old", async () => {
    const { user, cookie } = await signedInUser();
    const keep = [
      await attempt(user.id, {
        createdAt: ago(400 * 24 * HOUR),
        expiresAt: ago(400 * 24 * HOUR - 600_000),
        usedAt: ago(400 * 24 * HOUR - 60_000),
        outcome: "connected",
      }),
      await attempt(user.id, {
        createdAt: ago(30 * HOUR),
        expiresAt: ago(30 * HOUR - 600_000),
        usedAt: ago(30 * HOUR - 60_000),
        outcome: "access_denied",
      }),
      // Expired, unused, but less than a day ago; and one still running.
      await attempt(user.id, { createdAt: ago(23 * HOUR), expiresAt: ago(23 * HOUR - 600_000) }),
      await attempt(user.id, { createdAt: ago(60_000), expiresAt: from(540_000) }),
    ];
    const prune = [
      await attempt(user.id, { createdAt: ago(25 * HOUR), expiresAt: ago(25 * HOUR - 600_000) }),
      await attempt(user.id, {
        createdAt: ago(90 * 24 * HOUR),
        expiresAt: ago(90 * 24 * HOUR - 600_000),
      }),
    ];

    await pruneExpired();

    const left = await db().connectAttempt.findMany({
      where: { userId: user.id },
      select: { id: true },
    });
    expect(left.map((a) => a.id).sort()).toEqual(keep.map((a) => a.id).sort());
    for (const a of prune) expect(left.map((l) => l.id)).not.toContain(a.id);

    // The history page still lists every used attempt (and the two unused ones still kept).
    const page = await (await get("/connect/history", cookie)).text();
    const rows = page.match(/<tr><td><time/g) ?? [];
    expect(rows).toHaveLength(keep.length);
    expect(page).toContain("Connected");
    expect(page).toContain("Denied access");
  });

  it("works off a backlog in bounded batches", async () => {
    const { user } = await signedInUser();
    const expired = ago(48 * HOUR);
    await db().connectAttempt.createMany({
      data: Array.from({ length: 2_500 }, () => ({
        userId: user.id,
        stateHash: randomUUID(),
        createdAt: expired,
        expiresAt: expired,
      })),
    });
    await pruneExpired();
    expect(await db().connectAttempt.count({ where: { userId: user.id } })).toBe(0);
  });

  it("deletes rate-limit windows that are over, and keeps the running ones", async () => {
    const over = `test:retention:${randomUUID()}`;
    const running = `test:retention:${randomUUID()}`;
    await db().rateLimit.createMany({
      data: [
        { key: over, count: 5, windowEndsAt: ago(1_000) },
        { key: running, count: 5, windowEndsAt: from(60_000) },
      ],
    });
    await pruneExpired();
    expect(
      (await db().rateLimit.findMany({ where: { key: { in: [over, running] } } })).map(
        (r) => r.key,
      ),
    ).toEqual([running]);
  });

  it("deletes sessions a day after they were revoked or expired, and keeps live and recently ended ones", async () => {
    const { user } = await signedInUser();
    const make = async ({
      expiresAt = from(HOUR),
      revokedAt,
    }: {
      expiresAt?: Date;
      revokedAt?: Date;
    }) => {
      const row = await db().session.create({
        data: { tokenHash: randomUUID(), userId: user.id, expiresAt, revokedAt },
      });
      return row.tokenHash;
    };
    const pruned = [
      await make({ revokedAt: ago(25 * HOUR) }),
      await make({ expiresAt: ago(25 * HOUR) }),
    ];
    const kept = [
      await make({ revokedAt: ago(HOUR) }),
      await make({ expiresAt: ago(HOUR) }),
      await make({}),
    ];
    await pruneExpired();
    const left = (
      await db().session.findMany({ where: { userId: user.id }, select: { tokenHash: true } })
    ).map((s) => s.tokenHash);
    for (const hash of kept) expect(left).toContain(hash);
    for (const hash of pruned) expect(left).not.toContain(hash);
  });

  it("forgets webhook event ids after a week, and command leases left by a crash after a day", async () => {
    const old = randomUUID();
    const recent = randomUUID();
    await db().webhookEvent.createMany({
      data: [
        { eventId: old, eventType: "VEHICLE_STATE", receivedAt: ago(8 * 24 * HOUR) },
        { eventId: recent, eventType: "VEHICLE_STATE", receivedAt: ago(6 * 24 * HOUR) },
      ],
    });
    const { user } = await signedInUser();
    const stale = randomUUID();
    const running = randomUUID();
    await db().vehicleCommand.createMany({
      data: [
        { vehicleId: stale, command: "lock", userId: user.id, startedAt: ago(25 * HOUR) },
        { vehicleId: running, command: "lock", userId: user.id, startedAt: ago(HOUR / 60) },
      ],
    });
    await pruneExpired();
    expect(
      (await db().webhookEvent.findMany({ where: { eventId: { in: [old, recent] } } })).map(
        (e) => e.eventId,
      ),
    ).toEqual([recent]);
    expect(
      (await db().vehicleCommand.findMany({ where: { vehicleId: { in: [stale, running] } } })).map(
        (c) => c.vehicleId,
      ),
    ).toEqual([running]);
  });
});
