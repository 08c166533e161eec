import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { findOrCreateAccount, accountOfVehicle } from "../accounts";
import {
  ERROR_DESCRIPTIONS,
  FORCED_ERRORS,
  INCOMPATIBLE_VEHICLE,
  findBrand,
  type ConnectError,
} from "../catalog";
import { setNeedsReauthentication } from "../changes";
import type { Context } from "../context";
import {
  connectionOf,
  type Connection,
  type Mode,
  type Notice,
  type Session,
  type Step,
  type Vehicle,
} from "../state";

// The emulated Connect. /oauth/authorize and /oauth/reauthenticate check the request as Connect
// does (contract 1.1 [C1], 1.3 [C3]), then the owner goes through the screens, and is sent back to
// the redirect_uri with exactly the parameters Connect sends (contract 1.2 [C2] and 1.3 [C4]).

const SESSION_TTL_MS = 30 * 60 * 1000;

export type Rejection = "unknown_client" | "unknown_redirect_uri";

export type Start =
  /** Connect shows an error itself and sends the browser nowhere. */
  | { kind: "rejected"; reason: Rejection; given: string }
  | { kind: "redirect"; url: string }
  /** A configuration error with nowhere to go back to (re-authentication without redirect_uri). */
  | { kind: "failed"; message: string }
  | { kind: "session"; id: string };

type Advance = { kind: "screen" } | { kind: "redirect"; url: string };

/** A parameter given exactly once; a repeated one counts as malformed. */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

/** `uri` with `params` added to its query, as Connect appends them. */
function redirectWith(uri: string, params: Record<string, string | null | undefined>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

const stateParam = z.string().min(1).max(1024).optional();

/**
 * `external_id`: the app's own identifier of the owner (contract 1.1, 1.3). Smartcar does not
 * publish its validation rules (UNVERIFIED); the emulator takes 1-255 printable characters and
 * ignores anything else, since the redirect carries it only "if provided and is valid".
 * `external_id=null` clears the stored one on re-authentication.
 */
function readExternalId(query: URLSearchParams): string | null | undefined {
  const value = single(query, "external_id");
  if (value === undefined) return undefined;
  if (value === "null") return null;
  return /^[\x21-\x7e]{1,255}$/.test(value) ? value : undefined;
}

const AuthorizeSchema = z.object({
  response_type: z.literal("code"),
  // Space-separated permission names, each optionally prefixed `required:`.
  scope: z
    .string()
    .max(2000)
    .regex(/^(required:)?[a-z][a-z_]*( (required:)?[a-z][a-z_]*)*$/),
  mode: z.enum(["live", "simulated", "test"]).default("live"),
  state: stateParam,
  make: z
    .string()
    .regex(/^[A-Z][A-Z0-9_-]{0,31}$/)
    .optional(),
});

const ReauthenticateSchema = z.object({
  response_type: z.enum(["vehicle_id", "none"]),
  vehicle_id: z.string().min(1).max(100),
  state: stateParam,
});

function configurationError(
  redirectUri: string,
  state: string | undefined,
  message: string,
): string {
  return redirectWith(redirectUri, {
    error: "configuration_error",
    error_description: ERROR_DESCRIPTIONS.configuration_error,
    status_code: "400",
    error_message: message,
    state,
  });
}

function invalidParameter(error: z.ZodError): string {
  return `Invalid or missing parameter: ${String(error.issues[0]?.path[0] ?? "request")}`;
}

function createSession(
  ctx: Context,
  fields: Omit<Session, "id" | "expiresAt" | "notice" | "outcome">,
): string {
  const now = ctx.now();
  const sessions = ctx.store.state.sessions;
  for (const [id, session] of Object.entries(sessions))
    if (session.expiresAt <= now) delete sessions[id];
  // 256 random bits: the only thing that ties the screens to this launch.
  const id = randomBytes(32).toString("base64url");
  sessions[id] = { ...fields, id, expiresAt: now + SESSION_TTL_MS, notice: null, outcome: null };
  ctx.store.changed();
  return id;
}

/**
 * The application and redirect URI must be registered, exactly; otherwise Connect redirects
 * nowhere. Connect takes the Application ID, as `application_id` (what Smartcar's own SDKs send
 * now) or as `client_id`; the API client id is not an Application ID and gets the documented
 * `400: Invalid parameter client_id` page (contract 1.1, "Two identifiers").
 */
function checkClient(
  ctx: Context,
  query: URLSearchParams,
  redirectRequired: boolean,
): { ok: false; reason: Rejection; given: string } | { ok: true; redirectUri: string | null } {
  const given = query.has("application_id")
    ? single(query, "application_id")
    : single(query, "client_id");
  if (given?.toLowerCase() !== ctx.config.applicationId)
    return { ok: false, reason: "unknown_client", given: given ?? "" };
  const redirectUri = single(query, "redirect_uri");
  if (!redirectRequired && !query.has("redirect_uri")) return { ok: true, redirectUri: null };
  if (!redirectUri || !ctx.config.redirectUris.includes(redirectUri)) {
    return { ok: false, reason: "unknown_redirect_uri", given: redirectUri ?? "" };
  }
  return { ok: true, redirectUri };
}

/** GET /oauth/authorize */
export function startAuthorize(ctx: Context, query: URLSearchParams): Start {
  const client = checkClient(ctx, query, true);
  if (!client.ok) return { kind: "rejected", reason: client.reason, given: client.given };
  const redirectUri = client.redirectUri!;
  const parsed = AuthorizeSchema.safeParse({
    response_type: single(query, "response_type"),
    scope: single(query, "scope"),
    mode: single(query, "mode"),
    state: single(query, "state"),
    make: single(query, "make"),
  });
  if (!parsed.success) {
    const state = stateParam.safeParse(single(query, "state")).data;
    return {
      kind: "redirect",
      url: configurationError(redirectUri, state, invalidParameter(parsed.error)),
    };
  }
  const { scope, mode, state, make } = parsed.data;
  const permissions = [
    ...new Set(scope.split(" ").map((permission) => permission.replace(/^required:/, ""))),
  ];
  const brand = findBrand(make);
  const id = createSession(ctx, {
    kind: "connect",
    step: brand ? "login" : "brand",
    redirectUri,
    state: state ?? null,
    permissions,
    // Test mode is the older name of simulated (contract 10).
    mode: (mode === "test" ? "simulated" : mode) satisfies Mode,
    make: brand?.make ?? null,
    email: null,
    vehicleId: null,
    externalId: readExternalId(query),
  });
  return { kind: "session", id };
}

/** GET /oauth/reauthenticate */
export function startReauthenticate(ctx: Context, query: URLSearchParams): Start {
  // `redirect_uri` may be left out only with response_type=none: Connect then ends on its own page.
  const client = checkClient(ctx, query, single(query, "response_type") !== "none");
  if (!client.ok) return { kind: "rejected", reason: client.reason, given: client.given };
  const { redirectUri } = client;
  const fail = (message: string, state?: string): Start =>
    redirectUri
      ? { kind: "redirect", url: configurationError(redirectUri, state, message) }
      : { kind: "failed", message };
  const parsed = ReauthenticateSchema.safeParse({
    response_type: single(query, "response_type"),
    vehicle_id: single(query, "vehicle_id"),
    state: single(query, "state"),
  });
  if (!parsed.success) {
    return fail(invalidParameter(parsed.error), stateParam.safeParse(single(query, "state")).data);
  }
  const { vehicle_id: vehicleId, state } = parsed.data;
  const vehicle = ctx.store.state.vehicles[vehicleId];
  const connection = vehicle && connectionOf(ctx.store.state, vehicle.id);
  if (!vehicle || !connection)
    return fail("This vehicle is not connected to the application.", state);
  const id = createSession(ctx, {
    kind: "reauthenticate",
    step: "login",
    redirectUri,
    state: state ?? null,
    permissions: connection.permissions,
    mode: connection.mode,
    make: vehicle.make,
    email: null,
    vehicleId: vehicle.id,
    externalId: readExternalId(query),
  });
  return { kind: "session", id };
}

/** The session behind the screens, if it exists and has not expired (finished ones included). */
export function findSession(ctx: Context, id: string): Session | null {
  if (!/^[\w-]{43}$/.test(id)) return null;
  const session = ctx.store.state.sessions[id];
  if (!session || session.expiresAt <= ctx.now()) return null;
  return session;
}

function text(fields: Map<string, string>, name: string): string {
  return (fields.get(name) ?? "").trim().slice(0, 320);
}

/** Applies the button the owner pressed on the current screen. */
export function advance(ctx: Context, session: Session, fields: Map<string, string>): Advance {
  const action = text(fields, "action");
  const brand = findBrand(session.make);

  const goTo = (step: Step, email?: string): Advance => {
    session.step = step;
    session.notice = null;
    if (email) session.email = email;
    ctx.store.changed();
    return { kind: "screen" };
  };
  const notice = (value: Notice): Advance => {
    session.notice = value;
    ctx.store.changed();
    return { kind: "screen" };
  };
  const finish = (params: Record<string, string | null | undefined>, outcome: string): Advance => {
    session.step = "done";
    session.notice = null;
    session.outcome = outcome;
    ctx.store.changed();
    if (!session.redirectUri) return { kind: "screen" };
    return {
      kind: "redirect",
      url: redirectWith(session.redirectUri, { ...params, state: session.state }),
    };
  };
  // Success carries `external_id` back "if provided and is valid" (contract 1.3).
  const succeed = (params: Record<string, string>, outcome: string): Advance =>
    finish({ ...params, external_id: session.externalId }, outcome);
  const keepExternalId = (connection: Connection) => {
    if (session.externalId !== undefined) connection.externalId = session.externalId;
  };
  // Error redirects carry error, error_description and state, plus only the documented extras.
  const fail = (code: ConnectError, extra: Record<string, string> = {}) =>
    finish({ error: code, error_description: ERROR_DESCRIPTIONS[code], ...extra }, code);
  const afterSignIn = (): Advance => {
    if (session.kind === "connect") return goTo("permissions");
    const vehicle = ctx.store.state.vehicles[session.vehicleId ?? ""];
    if (!vehicle || !connectionOf(ctx.store.state, vehicle.id)) {
      return fail("configuration_error", {
        status_code: "400",
        error_message: "This vehicle is not connected to the application.",
      });
    }
    keepExternalId(connectionOf(ctx.store.state, vehicle.id)!);
    setNeedsReauthentication(ctx, vehicle, false);
    return succeed({ vehicle_id: vehicle.id }, "reauthenticated");
  };
  const challenge = (email?: string): Advance => {
    if (brand?.challenge === "mfa") return goTo("mfa", email);
    if (brand?.challenge === "pin") return goTo("pin", email);
    if (email) session.email = email;
    return afterSignIn();
  };

  if (session.step === "done") return { kind: "screen" };
  if (action === "back") return fail("user_manually_returned_to_application");

  switch (session.step) {
    case "brand": {
      const chosen = findBrand(text(fields, "make"));
      if (!chosen) return notice("choose_brand");
      session.make = chosen.make;
      return goTo("login");
    }
    case "login": {
      if (!brand) return goTo("brand");
      // Smartcar sends only error, error_description and state here: no `make`.
      if (action === "cancel") return fail("oem_cancelled_login");
      const email = text(fields, "email").toLowerCase();
      if (!z.email().safeParse(email).success || !text(fields, "password"))
        return notice("invalid_login");
      if (session.kind === "reauthenticate") {
        const vehicle = ctx.store.state.vehicles[session.vehicleId ?? ""];
        const account = vehicle && accountOfVehicle(ctx.store.state, vehicle);
        if (account?.email !== email) return notice("wrong_account");
        return challenge(email);
      }
      const forced = FORCED_ERRORS[email];
      if (forced === "vehicle_incompatible") {
        return fail(forced, { ...INCOMPATIBLE_VEHICLE, make: brand.make });
      }
      if (forced) return fail(forced);
      return challenge(email);
    }
    case "mfa":
      return /^\d{6}$/.test(text(fields, "code")) ? afterSignIn() : notice("invalid_code");
    case "pin":
      return /^\d{4}$/.test(text(fields, "pin")) ? afterSignIn() : notice("invalid_pin");
    case "permissions": {
      if (!brand || !session.email) return goTo("brand");
      if (action === "deny") return fail("access_denied");
      if (action !== "allow") return { kind: "screen" };
      const userId = grant(ctx, session, brand.make, session.email, keepExternalId);
      return succeed({ user_id: userId }, "connected");
    }
  }
}

/**
 * Allow: one connection per vehicle of the account, created or renewed with the permissions and
 * mode of this launch. New connections get their FIRST_DELIVERY webhook.
 */
function grant(
  ctx: Context,
  session: Session,
  make: string,
  email: string,
  keepExternalId: (connection: Connection) => void,
): string {
  const state = ctx.store.state;
  const now = ctx.now();
  const account = findOrCreateAccount(state, findBrand(make)!, email, now);
  const fresh: Vehicle[] = [];
  const stamp = new Date(now).toISOString();
  for (const vehicleId of account.vehicleIds) {
    const vehicle = state.vehicles[vehicleId]!;
    const existing = connectionOf(state, vehicleId);
    if (existing) {
      existing.permissions = [...session.permissions];
      existing.mode = session.mode;
      existing.updatedAt = stamp;
      keepExternalId(existing);
    } else {
      const id = randomUUID();
      state.connections[id] = {
        id,
        userId: account.userId,
        vehicleId,
        permissions: [...session.permissions],
        mode: session.mode,
        createdAt: stamp,
        updatedAt: stamp,
      };
      keepExternalId(state.connections[id]!);
      fresh.push(vehicle);
    }
  }
  ctx.store.changed();
  for (const vehicle of fresh) ctx.webhooks.vehicleState(vehicle, { first: true });
  // Signing in to the carmaker again through Connect also renews the account's credentials.
  for (const vehicleId of account.vehicleIds) {
    setNeedsReauthentication(ctx, state.vehicles[vehicleId]!, false);
  }
  return account.userId;
}
