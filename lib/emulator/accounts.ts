import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Brand } from "@/lib/emulator/catalog";

// A VIN-shaped identifier: 17 characters, no I, O or Q, derived from the seed so it is stable.
function fakeVin(seed: string): string {
  const alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
  const bytes = createHash("sha256").update(seed).digest();
  return Array.from(bytes.subarray(0, 17), (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * The emulated owner's account at `brand`: the same email always gets the same account, and so
 * the same `user_id`. A new account gets one to three vehicles, chosen from the email.
 */
export async function findOrCreateAccount(brand: Brand, email: string): Promise<{ id: string }> {
  const existing = await db().emulatorAccount.findUnique({ where: { make_email: { make: brand.make, email } }, select: { id: true } });
  if (existing) return existing;
  const seed = createHash("sha256").update(`${brand.make}:${email}`).digest();
  // `name+2@example.com` asks for exactly two vehicles (one to three); otherwise the email decides.
  const asked = /\+([123])@/.exec(email)?.[1];
  const count = asked ? Number(asked) : 1 + (seed[0]! % 3);
  const vehicles = Array.from({ length: count }, (_, i) => {
    const model = brand.models[(seed[1]! + i) % brand.models.length]!;
    return {
      id: randomUUID(),
      make: brand.make,
      model: model.model,
      powertrain: model.powertrain,
      year: 2019 + ((seed[2]! + i) % 7),
      vin: fakeVin(`${brand.make}:${email}:${i}`),
    };
  });
  try {
    return await db().emulatorAccount.create({
      data: { id: randomUUID(), make: brand.make, email, vehicles: { create: vehicles } },
      select: { id: true },
    });
  } catch {
    // Created concurrently by another request: that one is the account.
    return db().emulatorAccount.findUniqueOrThrow({ where: { make_email: { make: brand.make, email } }, select: { id: true } });
  }
}

/** Records what the owner granted this app on each of their vehicles. */
export async function grantPermissions(accountId: string, scope: string): Promise<void> {
  await db().emulatorVehicle.updateMany({ where: { accountId }, data: { granted: scope } });
}
