import { randomUUID } from "node:crypto";
import type { Powertrain } from "./catalog";

// Everything the emulator remembers between requests. One plain object, so it can be written to a
// JSON file as it is (see store.ts).

export type Mode = "live" | "simulated";

export type Account = {
  /** The Connect `user_id`: one per carmaker account (brand + email). */
  userId: string;
  make: string;
  /** Lower case. */
  email: string;
  vehicleIds: string[];
  createdAt: string;
};

export type VehicleState = {
  batteryPercent: number;
  odometerKm: number;
  latitude: number;
  longitude: number;
  heading: number;
  locked: boolean;
  /** The front-left door; the others stay closed. */
  doorOpen: boolean;
  pluggedIn: boolean;
  charging: boolean;
  chargeLimit: number;
};

export type Vehicle = {
  id: string;
  userId: string;
  /** Upper case brand (`TESLA`). */
  make: string;
  model: string;
  year: number;
  powertrain: Powertrain;
  vin: string;
  state: VehicleState;
  /** When each signal last changed at the "carmaker" (epoch ms), by signal code. */
  signalUpdatedAt: Record<string, number>;
  needsReauthentication: boolean;
  emptySignals: boolean;
  /** Signals that answer `status.value: "ERROR"` instead of a body, by code (a test control). */
  signalErrors?: Record<string, SignalFailure>;
};

/** A per-signal error as the signal schema shows it (contract 6.3). */
type SignalFailure = {
  type: string;
  code: string;
  resolution: { type: string } | null;
  suggestedUserMessage?: string;
};

export type Connection = {
  id: string;
  userId: string;
  vehicleId: string;
  permissions: string[];
  mode: Mode;
  /**
   * The app's own identifier of the owner, from the Connect session's `external_id`; replaced by
   * each new session's, cleared by `external_id=null` (contract 1.3).
   */
  externalId?: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Step = "brand" | "login" | "mfa" | "pin" | "permissions" | "done";

export type Notice =
  "invalid_login" | "invalid_code" | "invalid_pin" | "choose_brand" | "wrong_account";

export type Session = {
  id: string;
  kind: "connect" | "reauthenticate";
  step: Step;
  expiresAt: number;
  /** Absent only for a re-authentication with `response_type=none` and no redirect_uri. */
  redirectUri: string | null;
  state: string | null;
  /** Bare permission names (connect only). */
  permissions: string[];
  mode: Mode;
  make: string | null;
  email: string | null;
  notice: Notice | null;
  /** The vehicle being re-authenticated. */
  vehicleId: string | null;
  /** How a finished re-authentication without a redirect_uri ended, for its closing page. */
  outcome: string | null;
  /**
   * `external_id` as the launch gave it: a string, `null` (the literal `external_id=null`: clear
   * the stored one), or undefined when absent or not valid (then the connection's is kept).
   */
  externalId?: string | null;
};

export type TimestampFormat = "iso" | "seconds" | "millis";

export type Settings = {
  latencyMs: number;
  commandDelayMs: number;
  /** Commands slower than this answer 202 at once and write the body when done; null = never. */
  asyncAfterMs: number | null;
  signalsPageSize: number;
  timestampFormat: TimestampFormat;
  webhookRetryDelaysMs: number[];
  webhookTimeoutMs: number;
};

const DEFAULT_SETTINGS: Settings = {
  latencyMs: 0,
  commandDelayMs: 1500,
  asyncAfterMs: null,
  signalsPageSize: 50,
  // Epoch milliseconds, as the Node SDK's JSDoc shows REST signals and the webhook pages show
  // deliveries (contract 11, 6.1); live clients also report ISO strings: `iso` emits those.
  timestampFormat: "millis",
  // Contract 9.2 [W7]: 3 retries after 25, 50, 100 seconds; a 2xx within 15 seconds counts.
  webhookRetryDelaysMs: [25_000, 50_000, 100_000],
  webhookTimeoutMs: 15_000,
};

export type State = {
  version: 1;
  /** By `${make}:${email}`. */
  accounts: Record<string, Account>;
  vehicles: Record<string, Vehicle>;
  connections: Record<string, Connection>;
  sessions: Record<string, Session>;
  settings: Settings;
  /** Bumped to expire every application token issued so far. */
  tokenGeneration: number;
  webhook: { id: string; verifiedUrl: string | null };
};

export function emptyState(): State {
  return {
    version: 1,
    accounts: {},
    vehicles: {},
    connections: {},
    sessions: {},
    settings: {
      ...DEFAULT_SETTINGS,
      webhookRetryDelaysMs: [...DEFAULT_SETTINGS.webhookRetryDelaysMs],
    },
    tokenGeneration: 0,
    webhook: { id: randomUUID(), verifiedUrl: null },
  };
}

export function connectionOf(state: State, vehicleId: string): Connection | undefined {
  return Object.values(state.connections).find((c) => c.vehicleId === vehicleId);
}
