import "server-only";
import type { z } from "zod";
import { log, maskId } from "@/lib/log";
import { SmartcarApiError } from "@/lib/smartcar/errors";
import { COMMAND_POLICY } from "@/lib/smartcar/http";
import {
  CommandResponseSchema,
  ConnectionResourceSchema,
  ConnectionsPageSchema,
  SignalResourceSchema,
  SignalResponseSchema,
  SignalsPageSchema,
  toConnection,
  VehicleResponseSchema,
  type Connection,
} from "@/lib/smartcar/schemas";
import { toSignal, type Signal, type SignalCode } from "@/lib/smartcar/signals";
import { callApi, type SmartcarTransport } from "@/lib/smartcar/transport";
import type { CommandName } from "@/lib/smartcar/terms";

// The calls the app makes to Smartcar's Vehicle API v3, each over the transport it is given
// (lib/smartcar/transport.ts; the app's own is smartcarTransport() in lib/smartcar/index.ts).

export type Vehicle = {
  id: string;
  make: string;
  model: string;
  year: number;
  mode: string | null;
  powertrainType: string | null;
};

export type Command = Exclude<CommandName, "set-charge-limit"> | { setChargeLimit: number };

type CommandResult = { succeeded: boolean; status: string };

/**
 * A signal with no time of its own (a failed one's `meta` is `{}`, contract 6.3) is as old as the
 * answer that carried it: a failure just read is newer than the value stored before it.
 */
function datedBy(signal: Signal | null, answeredAt: Date): Signal | null {
  if (!signal || signal.retrievedAt || signal.oemUpdatedAt) return signal;
  return { ...signal, retrievedAt: answeredAt };
}

/** Bounds every paging loop, whatever the API says about its pages. */
const MAX_PAGES = 20;

const COMMAND_PATHS = {
  lock: "security/lock",
  unlock: "security/unlock",
  "start-charge": "charge/start",
  "stop-charge": "charge/stop",
} as const satisfies Record<Exclude<CommandName, "set-charge-limit">, string>;

type Meta =
  { retrievedAt?: unknown; fetchedAt?: unknown; oemUpdatedAt?: unknown } | null | undefined;

/** Timestamps from `meta`, or from `attributes.meta` where one client found them (contract 6.1). */
function mergeMeta(inAttributes: Meta, beside: Meta): Meta {
  const keys = ["retrievedAt", "fetchedAt", "oemUpdatedAt"] as const;
  return Object.fromEntries(keys.map((key) => [key, beside?.[key] ?? inAttributes?.[key]]));
}

type PageInfo = {
  meta?: { totalCount?: number | null; pageSize?: number | null } | null;
  links?: { next?: string | null } | null;
};

/**
 * Whether a page was the last: by `totalCount` when it is given, else by a missing `links.next`
 * (contract 4.1: page by totalCount, not by link names, which differ between endpoints).
 */
function isLastPage(page: PageInfo, itemsOnPage: number, receivedSoFar: number): boolean {
  if (itemsOnPage === 0) return true;
  const total = page.meta?.totalCount;
  return typeof total === "number" ? receivedSoFar >= total : !page.links?.next;
}

/** An id as one segment of a path. */
const segment = (id: string) => encodeURIComponent(id);

/** Every connection of `userId`'s vehicles in the transport's mode, each owned by `userId`. */
export async function listConnections(
  transport: SmartcarTransport,
  userId: string,
): Promise<Connection[]> {
  // `filter[vehicle.mode]` takes live or simulated and defaults to live (contract 4.1). Smartcar
  // calls `test` deprecated and replaced by simulated; we guess its vehicles list as simulated.
  const vehicleMode = transport.mode === "live" ? "live" : "simulated";
  const connections: Connection[] = [];
  let received = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const query = new URLSearchParams({
      "filter[userId]": userId,
      "filter[vehicle.mode]": vehicleMode,
      "page[number]": String(page),
    });
    const document = await callApi(
      transport,
      "GET",
      `/connections?${query}`,
      ConnectionsPageSchema,
    );
    received += document.data.length;
    for (const item of document.data) {
      const parsed = ConnectionResourceSchema.safeParse(item);
      if (!parsed.success) {
        log("smartcar.connection_unreadable", { user: maskId(userId) });
        continue;
      }
      const connection = toConnection(parsed.data);
      // Defence in depth: a filter the API ignored must not show another owner's vehicle.
      if (connection?.userId !== userId) {
        log("smartcar.connection_dropped", {
          user: maskId(userId),
          owner: maskId(connection?.userId),
          connection: maskId(parsed.data.id),
        });
        continue;
      }
      connections.push(connection);
    }
    if (isLastPage(document, document.data.length, received)) break;
  }
  return connections;
}

export async function readVehicle(
  transport: SmartcarTransport,
  vehicleId: string,
): Promise<Vehicle> {
  const { data } = await callApi(
    transport,
    "GET",
    `/vehicles/${segment(vehicleId)}`,
    VehicleResponseSchema,
  );
  const attributes = data.attributes;
  return {
    id: data.id,
    make: attributes.make,
    model: attributes.model,
    year: attributes.year,
    mode: attributes.mode ?? null,
    powertrainType: attributes.powertrainType ?? null,
  };
}

/** One signal by its code, or null when the vehicle does not have it. */
export async function readSignal(
  transport: SmartcarTransport,
  userId: string,
  vehicleId: string,
  code: SignalCode,
): Promise<Signal | null> {
  try {
    const answeredAt = new Date();
    const resource = await callApi(
      transport,
      "GET",
      `/vehicles/${segment(vehicleId)}/signals/${segment(code)}`,
      SignalResponseSchema,
      { userId },
    );
    return datedBy(
      toSignal({
        ...resource.attributes,
        meta: mergeMeta(resource.attributes.meta, resource.meta),
      }),
      answeredAt,
    );
  } catch (error) {
    // A code the vehicle does not have (contract 6.2).
    if (error instanceof SmartcarApiError && error.status === 404) return null;
    throw error;
  }
}

/**
 * `links.next` of a signals page as a path under the v3 base, exactly as sent: the documented
 * links are relative to it (`/vehicles/{id}/signals?page=2&pageSize=10`, contract 6.1).
 * An absolute link is followed only on the API's own origin, so the token never leaves it;
 * anything else ends the paging.
 */
function nextSignalsPath(
  apiUrl: string,
  next: string | null | undefined,
  vehicleId: string,
): string | null {
  if (!next) return null;
  // The v3 base, with any path the configured origin has (a proxy's prefix, say).
  const base = new URL(`${apiUrl}/v3`);
  let url: URL;
  try {
    const underBase = next.startsWith(`${base.pathname}/`);
    url =
      next.startsWith("/") && !next.startsWith("//") && !underBase
        ? new URL(`${base.pathname}${next}`, base.origin)
        : new URL(next, base.origin);
  } catch {
    return null;
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(`${base.pathname}/`)) return null;
  const path = url.pathname.slice(base.pathname.length);
  // Guessed: a link that left this vehicle's signals is not one to follow (UNVERIFIED).
  if (path !== `/vehicles/${segment(vehicleId)}/signals`) return null;
  return `${path}${url.search}`;
}

/**
 * Every page of `GET /signals`, following `links.next` exactly as Smartcar sends it until it is
 * null (contract 6.1: no page parameter is declared, so the client never builds one), or
 * until the wanted signals are found: one request for a vehicle whose signals fit on a page,
 * which is what live clients see. Reading each signal by code instead would cost one billed
 * request per signal.
 */
export async function readSignals(
  transport: SmartcarTransport,
  userId: string,
  vehicleId: string,
  wanted: readonly SignalCode[],
): Promise<Signal[]> {
  const found = new Map<SignalCode, Signal>();
  const missing = () => wanted.filter((code) => !found.has(code));
  const visited = new Set<string>();
  let path: string | null = `/vehicles/${segment(vehicleId)}/signals`;
  for (let page = 1; path && page <= MAX_PAGES && missing().length; page++) {
    visited.add(path);
    const answeredAt = new Date();
    const document: z.infer<typeof SignalsPageSchema> = await callApi(
      transport,
      "GET",
      path,
      SignalsPageSchema,
      { userId },
    );
    for (const item of document.data) {
      // A malformed signal is skipped, as one Smartcar could not read: the others still show.
      const resource = SignalResourceSchema.safeParse(item);
      if (!resource.success) continue;
      const { attributes, meta } = resource.data;
      const signal = datedBy(
        toSignal({ ...attributes, meta: mergeMeta(attributes.meta, meta) }),
        answeredAt,
      );
      if (signal && wanted.includes(signal.code)) found.set(signal.code, signal);
    }
    const next: string | null = document.data.length
      ? nextSignalsPath(transport.apiUrl, document.links?.next, vehicleId)
      : null;
    path = next && !visited.has(next) ? next : null;
  }
  return wanted.flatMap((code) => found.get(code) ?? []);
}

/** 200 and 202 alike: the result is in the body (contract 7, "202 is not accepted, poll later"). */
export async function sendCommand(
  transport: SmartcarTransport,
  userId: string,
  vehicleId: string,
  command: Command,
): Promise<CommandResult> {
  const path = typeof command === "string" ? COMMAND_PATHS[command] : "charge/set-limit";
  const body =
    typeof command === "string"
      ? undefined
      : { data: { attributes: { percent: command.setChargeLimit } } };
  const { data } = await callApi(
    transport,
    "POST",
    `/vehicles/${segment(vehicleId)}/commands/${path}`,
    CommandResponseSchema,
    { userId, body, policy: COMMAND_POLICY },
  );
  const status = data.attributes.status.value.toUpperCase();
  return { succeeded: status === "SUCCESS", status };
}

export function deleteConnection(
  transport: SmartcarTransport,
  connectionId: string,
): Promise<void> {
  return callApi(transport, "DELETE", `/connections/${segment(connectionId)}`, null);
}

export function deleteUser(transport: SmartcarTransport, userId: string): Promise<void> {
  return callApi(transport, "DELETE", `/users/${segment(userId)}`, null);
}
