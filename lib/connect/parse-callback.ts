import { z } from "zod";
import { isConnectErrorCode, type ConnectErrorCode } from "@/lib/connect/codes";
import { normalizeMake } from "@/lib/connect/connect-url";

// What Connect's redirect may carry (https://smartcar.com/docs/connect/handle-the-response).
// Nothing here is trusted: every value is checked, bounded, and only ever shown as plain text.

export type IncompatibleVehicle = { vin: string | null; make: string | null; model: string | null; year: number | null };

export type ParsedCallback =
  | { kind: "connected"; state: string; smartcarUserId: string }
  | {
      kind: "error";
      state: string;
      code: ConnectErrorCode | "unknown";
      /** The code as sent, when it is unknown but well-formed; for the record, never for display. */
      rawCode: string | null;
      description: string | null;
      make: string | null;
      vehicle: IncompatibleVehicle | null;
      configuration: { statusCode: number | null; message: string | null } | null;
    }
  | { kind: "invalid_state" }
  | { kind: "invalid_response" };

const MAX_QUERY_LENGTH = 8 * 1024;
const PARAMS = ["user_id", "error", "error_description", "state", "vin", "make", "model", "year", "status_code", "error_message"] as const;

const StateSchema = z.string().regex(/^[A-Za-z0-9_-]{16,256}$/);
const UserIdSchema = z.uuid();
const CodeSchema = z.string().regex(/^[a-z0-9_]{1,64}$/);

/** Printable text, single line, at most `max` characters. */
function boundedText(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  if (!text) return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function vehicleFrom(p: Partial<Record<(typeof PARAMS)[number], string>>): IncompatibleVehicle {
  const vin = p.vin && /^[A-HJ-NPR-Z0-9]{6,17}$/i.test(p.vin) ? p.vin.toUpperCase() : null;
  const year = p.year && /^\d{4}$/.test(p.year) ? Number(p.year) : null;
  return {
    vin,
    make: boundedText(p.make, 40),
    model: boundedText(p.model, 60),
    year: year && year >= 1900 && year <= 2100 ? year : null,
  };
}

/**
 * Parses the query of a redirect from Connect into what it means. Pure: no clock, no session,
 * no database. Repeated parameters, both or neither of `user_id` and `error`, or a `user_id`
 * that is not a UUID are an invalid response; a missing or malformed state is an invalid state.
 */
export function parseCallback(query: URLSearchParams): ParsedCallback {
  if (query.toString().length > MAX_QUERY_LENGTH) return { kind: "invalid_response" };

  const p: Partial<Record<(typeof PARAMS)[number], string>> = {};
  for (const name of PARAMS) {
    const values = query.getAll(name);
    if (values.length > 1) return { kind: "invalid_response" };
    if (values.length === 1) p[name] = values[0];
  }

  const hasUserId = p.user_id !== undefined && p.user_id !== "";
  const hasError = p.error !== undefined && p.error !== "";
  if (hasUserId === hasError) return { kind: "invalid_response" };
  if (hasUserId && !UserIdSchema.safeParse(p.user_id).success) return { kind: "invalid_response" };

  const state = StateSchema.safeParse(p.state);
  if (!state.success) return { kind: "invalid_state" };

  if (hasUserId) return { kind: "connected", state: state.data, smartcarUserId: p.user_id!.toLowerCase() };

  const wellFormed = CodeSchema.safeParse(p.error);
  const code = wellFormed.success && isConnectErrorCode(wellFormed.data) ? wellFormed.data : "unknown";
  const statusCode = p.status_code && /^\d{3}$/.test(p.status_code) ? Number(p.status_code) : null;
  return {
    kind: "error",
    state: state.data,
    code,
    rawCode: code === "unknown" && wellFormed.success ? wellFormed.data : null,
    description: boundedText(p.error_description, 300),
    make: code === "oem_cancelled_login" ? (normalizeMake(p.make) ?? null) : null,
    vehicle: code === "vehicle_incompatible" ? vehicleFrom(p) : null,
    configuration: code === "configuration_error" ? { statusCode, message: boundedText(p.error_message, 300) } : null,
  };
}

/** The last six characters of a VIN, the rest masked: what a page may show. */
export function maskVin(vin: string | null): string | null {
  if (!vin) return null;
  const tail = vin.slice(-6);
  return `${"•".repeat(Math.max(0, vin.length - 6))}${tail}`;
}
