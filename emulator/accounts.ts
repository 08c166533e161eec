import { createHash, randomUUID } from "node:crypto";
import type { Brand } from "./catalog";
import type { Account, State, Vehicle } from "./state";
import { signalsOf } from "./signals";

// The emulated carmaker accounts. The same brand + email is always the same account, and so the
// same Connect `user_id` and the same vehicles.

const MAX_VEHICLES = 50;

function hash(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** A VIN-shaped identifier: 17 characters without I, O or Q, stable for its seed. */
function fakeVin(seed: string): string {
  const alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
  return Array.from(hash(seed).subarray(0, 17), (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * How many vehicles the account has. `<n>-vehicles@smartcar.com` is Smartcar's documented test
 * login for n vehicles (contract 10 [T1]; capped here at 50); `name+N@example.com` asks for N of
 * 1-3; any other email gets 1-3 from its hash.
 */
function vehicleCount(email: string): number {
  const documented = /^(\d{1,3})-vehicles@smartcar\.com$/.exec(email);
  if (documented && Number(documented[1]) >= 1)
    return Math.min(Number(documented[1]), MAX_VEHICLES);
  const asked = /\+([123])@example\.com$/.exec(email);
  if (asked) return Number(asked[1]);
  return 1 + (hash(email)[0]! % 3);
}

function newVehicle(
  brand: Brand,
  email: string,
  userId: string,
  index: number,
  now: number,
): Vehicle {
  const seed = hash(`${brand.make}:${email}`);
  const model = brand.models[(seed[1]! + index) % brand.models.length]!;
  const vin = fakeVin(`${brand.make}:${email}:${index}`);
  const h = hash(vin);
  const vehicle: Vehicle = {
    id: randomUUID(),
    userId,
    make: brand.make,
    model: model.model,
    year: 2019 + ((seed[2]! + index) % 7),
    powertrain: model.powertrain,
    vin,
    state: {
      batteryPercent: 20 + (h[0]! % 60),
      odometerKm: 5_000 + (h.readUInt32BE(1) % 80_000),
      latitude: Math.round((37.7 + (h[5]! - 128) / 2000) * 1e6) / 1e6,
      longitude: Math.round((-122.4 + (h[6]! - 128) / 2000) * 1e6) / 1e6,
      heading: Math.round((h[7]! * 360) / 256),
      locked: true,
      doorOpen: false,
      pluggedIn: false,
      charging: false,
      chargeLimit: 80,
    },
    signalUpdatedAt: {},
    needsReauthentication: false,
    emptySignals: false,
  };
  // Last reported by the car some minutes before the account appeared.
  const reportedAt = now - (1 + (h[8]! % 50)) * 60_000;
  for (const signal of signalsOf(vehicle)) vehicle.signalUpdatedAt[signal.code] = reportedAt;
  return vehicle;
}

/** The account for brand + email, created with its vehicles on first sign-in. */
export function findOrCreateAccount(
  state: State,
  brand: Brand,
  email: string,
  now: number,
): Account {
  const key = `${brand.make}:${email}`;
  const existing = state.accounts[key];
  if (existing) return existing;
  const userId = randomUUID();
  const vehicles = Array.from({ length: vehicleCount(email) }, (_, i) =>
    newVehicle(brand, email, userId, i, now),
  );
  for (const vehicle of vehicles) state.vehicles[vehicle.id] = vehicle;
  const account: Account = {
    userId,
    make: brand.make,
    email,
    vehicleIds: vehicles.map((v) => v.id),
    createdAt: new Date(now).toISOString(),
  };
  state.accounts[key] = account;
  return account;
}

export function accountOfVehicle(state: State, vehicle: Vehicle): Account | undefined {
  return Object.values(state.accounts).find((a) => a.userId === vehicle.userId);
}
