import "server-only";
import type { z } from "zod";
import { log, maskId } from "@/lib/log";
import { SmartcarApiError, SmartcarResponseError } from "@/lib/smartcar/errors";
import { logSmartcarFailure } from "@/lib/smartcar/failure-log";
import {
  COMMAND_POLICY,
  requestJson,
  type FetchLike,
  type RetryPolicy,
  type Sleep,
} from "@/lib/smartcar/http";
import {
  CommandResponseSchema,
  ConnectionResourceSchema,
  ConnectionsPageSchema,
  SignalResourceSchema,
  SignalResponseSchema,
  SignalsPageSchema,
  VehicleResponseSchema,
} from "@/lib/smartcar/schemas";
import { toSignal, type Signal, type SignalCode } from "@/lib/smartcar/signals";
import type { TokenProvider } from "@/lib/smartcar/token";

// Smartcar's Vehicle API v3 (docs/smartcar-contract.md, sections 3-7): one application token for
// every request, and the vehicle owner named by `sc-user-id` where the reference requires it.

export type VehicleMode = "live" | "simulated" | "test";

export type Connection = {
  /** The connection's own id: what `DELETE /v3/connections/{id}` takes. */
  id: string;
  vehicleId: string;
  userId: string;
  make: string;
  model: string;
  year: number;
  mode: string | null;
  powertrainType: string | null;
  permissions: string[];
  /** The `external_id` the app sent on Connect, if the connection carries it (contract 1.3, 4.1). */
  externalId: string | null;
};

export type Vehicle = {
  id: string;
  make: string;
  model: string;
  year: number;
  mode: string | null;
  powertrainType: string | null;
};

export type Command =
  "lock" | "unlock" | "start-charge" | "stop-charge" | { setChargeLimit: number };

export type CommandResult = { succeeded: boolean; status: string };

export type SmartcarClient = {
  listConnections(userId: string): Promise<Connection[]>;
  getVehicle(vehicleId: string): Promise<Vehicle>;
  getSignals(userId: string, vehicleId: string, wanted: readonly SignalCode[]): Promise<Signal[]>;
  getSignal(userId: string, vehicleId: string, code: SignalCode): Promise<Signal | null>;
  sendCommand(userId: string, vehicleId: string, command: Command): Promise<CommandResult>;
  deleteConnection(connectionId: string): Promise<void>;
  deleteUser(userId: string): Promise<void>;
};

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
} as const;

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

export function createSmartcarClient(options: {
  apiUrl: string;
  tokens: TokenProvider;
  fetch: FetchLike;
  mode: VehicleMode;
  policy?: RetryPolicy;
  sleep?: Sleep;
}): SmartcarClient {
  // `filter[vehicle.mode]` takes live or simulated and defaults to live (contract 4.1). Smartcar
  // calls `test` deprecated and replaced by simulated; we guess its vehicles list as simulated.
  const vehicleMode = options.mode === "live" ? "live" : "simulated";

  async function call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T> | null,
    {
      userId,
      body,
      policy = options.policy,
    }: { userId?: string; body?: unknown; policy?: RetryPolicy } = {},
  ): Promise<T> {
    const url = `${options.apiUrl}/v3${path}`;
    for (let attempt = 0; ; attempt++) {
      const token = await options.tokens.getToken();
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
      };
      if (userId) headers["sc-user-id"] = userId;
      if (body !== undefined) headers["Content-Type"] = "application/json";
      try {
        const answer = await requestJson(
          options.fetch,
          url,
          { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
          { policy, sleep: options.sleep },
        );
        if (!schema) return undefined as T;
        const parsed = schema.safeParse(answer);
        if (!parsed.success)
          throw new SmartcarResponseError(
            `${method} ${path.split("?")[0]} answered an unexpected shape`,
          );
        return parsed.data;
      } catch (error) {
        // An expired or revoked application token: get a new one, once. Safe for commands too:
        // a 401 means the request was refused before it reached the vehicle.
        if (error instanceof SmartcarApiError && error.status === 401 && attempt === 0) {
          options.tokens.invalidate(token);
          continue;
        }
        logSmartcarFailure(method, path, userId, error);
        throw error;
      }
    }
  }

  const id = (value: string) => encodeURIComponent(value);

  async function listConnections(userId: string): Promise<Connection[]> {
    const connections: Connection[] = [];
    let received = 0;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const query = new URLSearchParams({
        "filter[userId]": userId,
        "filter[vehicle.mode]": vehicleMode,
        "page[number]": String(page),
      });
      const document = await call("GET", `/connections?${query}`, ConnectionsPageSchema);
      received += document.data.length;
      for (const item of document.data) {
        const parsed = ConnectionResourceSchema.safeParse(item);
        if (!parsed.success) {
          log("smartcar.connection_unreadable", { user: maskId(userId) });
          continue;
        }
        const resource = parsed.data;
        const owner = resource.relationships.user?.data?.id ?? resource.attributes.user?.id ?? null;
        // Defence in depth: a filter the API ignored must not show another owner's vehicle.
        if (owner !== userId) {
          log("smartcar.connection_dropped", {
            user: maskId(userId),
            owner: maskId(owner),
            connection: maskId(resource.id),
          });
          continue;
        }
        const vehicle = resource.attributes.vehicle;
        connections.push({
          id: resource.id,
          vehicleId: resource.relationships.vehicle.data.id,
          userId: owner,
          make: vehicle.make,
          model: vehicle.model,
          year: vehicle.year,
          mode: vehicle.mode ?? null,
          powertrainType: vehicle.powertrainType ?? null,
          permissions: resource.attributes.permissions,
          externalId: resource.attributes.user?.externalId ?? null,
        });
      }
      if (isLastPage(document, document.data.length, received)) break;
    }
    return connections;
  }

  async function getSignal(
    userId: string,
    vehicleId: string,
    code: SignalCode,
  ): Promise<Signal | null> {
    try {
      const answeredAt = new Date();
      const resource = await call(
        "GET",
        `/vehicles/${id(vehicleId)}/signals/${id(code)}`,
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
  function nextSignalsPath(next: string | null | undefined, vehicleId: string): string | null {
    if (!next) return null;
    // The v3 base, with any path the configured origin has (a proxy's prefix, say).
    const base = new URL(`${options.apiUrl}/v3`);
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
    if (path !== `/vehicles/${id(vehicleId)}/signals`) return null;
    return `${path}${url.search}`;
  }

  /**
   * Every page of `GET /signals`, following `links.next` exactly as Smartcar sends it until it is
   * null (contract 6.1: no page parameter is declared, so the client never builds one), or
   * until the wanted signals are found: one request for a vehicle whose signals fit on a page,
   * which is what live clients see. Reading each signal by code instead would cost one billed
   * request per signal.
   */
  async function getSignals(
    userId: string,
    vehicleId: string,
    wanted: readonly SignalCode[],
  ): Promise<Signal[]> {
    const found = new Map<SignalCode, Signal>();
    const missing = () => wanted.filter((code) => !found.has(code));
    const visited = new Set<string>();
    let path: string | null = `/vehicles/${id(vehicleId)}/signals`;
    for (let page = 1; path && page <= MAX_PAGES && missing().length; page++) {
      visited.add(path);
      const answeredAt = new Date();
      const document: z.infer<typeof SignalsPageSchema> = await call(
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
        ? nextSignalsPath(document.links?.next, vehicleId)
        : null;
      path = next && !visited.has(next) ? next : null;
    }
    return wanted.flatMap((code) => found.get(code) ?? []);
  }

  return {
    listConnections,
    getVehicle: async (vehicleId) => {
      const { data } = await call("GET", `/vehicles/${id(vehicleId)}`, VehicleResponseSchema);
      const a = data.attributes;
      return {
        id: data.id,
        make: a.make,
        model: a.model,
        year: a.year,
        mode: a.mode ?? null,
        powertrainType: a.powertrainType ?? null,
      };
    },
    getSignals,
    getSignal,
    /** 200 and 202 alike: the result is in the body (contract 7, "202 is not accepted, poll later"). */
    sendCommand: async (userId, vehicleId, command) => {
      const path = typeof command === "string" ? COMMAND_PATHS[command] : "charge/set-limit";
      const body =
        typeof command === "string"
          ? undefined
          : { data: { attributes: { percent: command.setChargeLimit } } };
      const { data } = await call(
        "POST",
        `/vehicles/${id(vehicleId)}/commands/${path}`,
        CommandResponseSchema,
        {
          userId,
          body,
          policy: COMMAND_POLICY,
        },
      );
      const status = data.attributes.status.value.toUpperCase();
      return { succeeded: status === "SUCCESS", status };
    },
    deleteConnection: (connectionId) => call("DELETE", `/connections/${id(connectionId)}`, null),
    deleteUser: (userId) => call("DELETE", `/users/${id(userId)}`, null),
  };
}
