import "server-only";
import { z } from "zod";
import { upper } from "@/lib/smartcar/errors";
import { SIGNAL, type SignalCode } from "@/lib/smartcar/terms";

// Reading signal bodies (docs/smartcar-contract.md, 6.4): what the REST API and webhook deliveries
// carry, turned into values the app can show. Tolerant of the spellings Smartcar's pages disagree
// on: `percent` / `percentage`, `kilometers` / `km` / `miles`, upper or lower case.

// Re-exported so the parsers' callers need one import; the codes themselves are in the terms the
// browser shares (lib/smartcar/terms.ts).
export { SIGNAL, type SignalCode };

const KNOWN_CODES = new Set<string>(Object.values(SIGNAL));

export function isKnownSignalCode(code: string): code is SignalCode {
  return KNOWN_CODES.has(code);
}

export type SignalValue =
  | { kind: "percent"; percent: number }
  | { kind: "distance"; kilometers: number }
  | { kind: "location"; latitude: number; longitude: number; direction: string | null }
  | { kind: "flag"; value: boolean };

/** Why one signal failed (contract 6.3): what the card needs to say it and to offer a way out. */
export type SignalError = {
  type: string | null;
  code: string | null;
  /** `REAUTHENTICATE` and the like, upper case; null when Smartcar gives none. */
  resolutionType: string | null;
  /** Smartcar's words for the person, when it gives them. */
  suggestedUserMessage: string | null;
};

export type Signal = {
  code: SignalCode;
  /** `ok` with a value, or why there is none (contract 6.3: a failure is per signal). */
  status: "ok" | "error" | "unavailable";
  value: SignalValue | null;
  error: SignalError | null;
  retrievedAt: Date | null;
  oemUpdatedAt: Date | null;
};

/**
 * A documented timestamp as a Date: epoch milliseconds (> 10^12), epoch seconds, or an ISO-8601
 * string (contract 6.1: the OpenAPI, the webhook pages and live clients each say another one).
 */
export function parseTimestamp(value: unknown): Date | null {
  let ms: number;
  if (typeof value === "number" && Number.isFinite(value) && value > 0) {
    ms = value > 1e12 ? value : value * 1000;
  } else if (typeof value === "string" && value.trim()) {
    const text = value.trim();
    ms = /^\d+(\.\d+)?$/.test(text)
      ? (parseTimestamp(Number(text))?.getTime() ?? NaN)
      : Date.parse(text);
  } else return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

const finite = z.number().finite();
const UnitValue = z.object({ unit: z.string().max(40).nullish(), value: finite });
const Flag = z.object({ value: z.boolean() });
const Location = z.object({
  latitude: finite.min(-90).max(90),
  longitude: finite.min(-180).max(180),
  direction: z.string().max(8).nullish(),
});
const ChargeLimits = z.object({
  activeLimit: finite.nullish(),
  values: z
    .array(z.object({ type: z.string().max(40).nullish(), limit: finite.nullish() }))
    .nullish(),
});

const MILES_TO_KM = 1.609344;
const same = (a: string | null | undefined, b: string) => a?.toLowerCase() === b;

function readPercent(body: unknown): SignalValue | null {
  // An older webhook example sends `{ "percentage": 75 }` with no unit/value (contract 6.4).
  const legacy = z.object({ percentage: finite }).safeParse(body);
  if (legacy.success) return { kind: "percent", percent: legacy.data.percentage };
  const parsed = UnitValue.safeParse(body);
  if (!parsed.success) return null;
  const { unit, value } = parsed.data;
  if (unit && !same(unit, "percent") && !same(unit, "percentage")) return null;
  return { kind: "percent", percent: value };
}

function readDistance(body: unknown): SignalValue | null {
  const parsed = UnitValue.safeParse(body);
  if (!parsed.success) return null;
  const unit = parsed.data.unit?.toLowerCase() ?? "kilometers";
  if (["miles", "mi", "mile"].includes(unit))
    return { kind: "distance", kilometers: parsed.data.value * MILES_TO_KM };
  if (["kilometers", "km", "kilometres", "kilometer"].includes(unit))
    return { kind: "distance", kilometers: parsed.data.value };
  return null;
}

function readChargeLimit(body: unknown): SignalValue | null {
  const parsed = ChargeLimits.safeParse(body);
  if (!parsed.success) return null;
  // The global limit is the one `charge/set-limit` sets; `activeLimit` (null when unplugged) may be
  // a location's or a connector's (contract 6.4).
  const global = parsed.data.values?.find((v) => same(v.type, "global"))?.limit;
  const limit = global ?? parsed.data.activeLimit;
  return limit == null ? null : { kind: "percent", percent: limit };
}

/** The value of a signal body, or null when it is not in a documented shape. */
export function readSignalBody(code: SignalCode, body: unknown): SignalValue | null {
  switch (code) {
    case SIGNAL.battery:
      return readPercent(body);
    case SIGNAL.odometer:
      return readDistance(body);
    case SIGNAL.location: {
      const parsed = Location.safeParse(body);
      return parsed.success
        ? { kind: "location", ...parsed.data, direction: parsed.data.direction ?? null }
        : null;
    }
    case SIGNAL.locked:
    case SIGNAL.charging:
    case SIGNAL.pluggedIn: {
      const parsed = Flag.safeParse(body);
      return parsed.success ? { kind: "flag", value: parsed.data.value } : null;
    }
    case SIGNAL.chargeLimits:
      return readChargeLimit(body);
  }
}

type RawSignalError = {
  type?: string | null;
  code?: string | null;
  resolution?: { type?: string | null } | null;
  suggestedUserMessage?: string | null;
};

type RawSignal = {
  code: string;
  status?: { value: string; error?: RawSignalError | null } | null;
  body?: unknown;
  meta?: { retrievedAt?: unknown; fetchedAt?: unknown; oemUpdatedAt?: unknown } | null;
};

function readSignalError(error: RawSignalError): SignalError {
  return {
    type: upper(error.type),
    code: upper(error.code),
    resolutionType: upper(error.resolution?.type),
    suggestedUserMessage: error.suggestedUserMessage?.trim() || null,
  };
}

const StoredError = z.object({
  type: z.string().nullable(),
  code: z.string().nullable(),
  resolutionType: z.string().nullable(),
  suggestedUserMessage: z.string().nullable(),
});

/** What the `value` column keeps for a reading: the value, or for a failed signal its error. */
export function storedValue(signal: Signal): SignalValue | SignalError | null {
  return signal.status === "error" ? signal.error : signal.value;
}

/** The error a stored failed reading kept (storedValue), if it is one. */
export function readStoredError(value: unknown): SignalError | null {
  return StoredError.safeParse(value).data ?? null;
}

/**
 * One signal as the app models it, from a REST resource's attributes + meta or a webhook's signal
 * entry (`fetchedAt` is the webhook pages' name for `retrievedAt`). Null for a code the app does
 * not read.
 */
export function toSignal(raw: RawSignal): Signal | null {
  const code = raw.code.toLowerCase();
  if (!isKnownSignalCode(code)) return null;
  const meta = raw.meta ?? {};
  const base = {
    code,
    retrievedAt: parseTimestamp(meta.retrievedAt ?? meta.fetchedAt),
    oemUpdatedAt: parseTimestamp(meta.oemUpdatedAt),
  };
  const status = raw.status?.value?.toUpperCase();
  // A webhook signal without `status` succeeded when it has a body (contract 9.5).
  if (status === "ERROR" || status === "UNAVAILABLE") {
    const error = raw.status?.error;
    return {
      ...base,
      status: status === "ERROR" ? "error" : "unavailable",
      value: null,
      error: error ? readSignalError(error) : null,
    };
  }
  const value = readSignalBody(code, raw.body);
  return value
    ? { ...base, status: "ok", value, error: null }
    : { ...base, status: "unavailable", value: null, error: null };
}
