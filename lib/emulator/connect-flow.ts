import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { findOrCreateAccount, grantPermissions } from "@/lib/emulator/accounts";
import { BRANDS, ERROR_DESCRIPTIONS, FORCED_ERRORS, findBrand, INCOMPATIBLE_VEHICLE, type Brand } from "@/lib/emulator/catalog";

// The emulated Connect: /oauth/authorize checks the request as Connect does, then the owner goes
// through the screens (brand, carmaker sign-in, MFA or PIN, permissions) and is sent back to the
// app's redirect_uri with exactly the parameters Connect sends
// (https://smartcar.com/docs/connect/handle-the-response).

const SESSION_TTL_MS = 30 * 60 * 1000;

export type Step = "brand" | "login" | "mfa" | "pin" | "permissions";

export type AuthorizeOutcome =
  | { kind: "screens"; sessionId: string }
  /** Connect shows an error itself and sends the browser nowhere (unknown client or redirect URI). */
  | { kind: "rejected"; reason: "unknown_client" | "unknown_redirect_uri" }
  | { kind: "redirect"; url: string };

export type AdvanceOutcome = { kind: "screen"; sessionId: string } | { kind: "redirect"; url: string } | { kind: "gone" };

export type Notice = "invalid_login" | "invalid_code" | "invalid_pin" | "choose_brand";

export type Screen = {
  sessionId: string;
  step: Step;
  brand: Brand | null;
  brands: Brand[];
  permissions: string[];
  email: string | null;
  notice: Notice | null;
  appName: string;
};

const AuthorizeSchema = z.object({
  response_type: z.literal("code"),
  scope: z
    .string()
    .max(1000)
    .regex(/^[a-z_:]+( [a-z_:]+)*$/),
  mode: z.enum(["live", "simulated", "test"]).default("live"),
  state: z.string().max(512).optional(),
  make: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,31}$/)
    .optional(),
});

function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

/** `redirectUri` with `params` added to its query, as Connect appends them. */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined | null>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value != null) url.searchParams.set(name, value);
  return url.toString();
}

export async function beginConnect(query: URLSearchParams, now = new Date()): Promise<AuthorizeOutcome> {
  const registered = getConfig().smartcar;
  if (single(query, "client_id") !== registered.clientId) return { kind: "rejected", reason: "unknown_client" };
  const redirectUri = single(query, "redirect_uri");
  if (redirectUri !== registered.redirectUri) return { kind: "rejected", reason: "unknown_redirect_uri" };

  const parsed = AuthorizeSchema.safeParse({
    response_type: single(query, "response_type"),
    scope: single(query, "scope"),
    mode: single(query, "mode"),
    state: single(query, "state"),
    make: single(query, "make"),
  });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0] ?? "request";
    return {
      kind: "redirect",
      url: redirectWith(redirectUri, {
        error: "configuration_error",
        error_description: ERROR_DESCRIPTIONS.configuration_error,
        status_code: "400",
        error_message: `Invalid or missing parameter: ${String(field)}`,
        state: single(query, "state"),
      }),
    };
  }
  const { scope, mode, state, make } = parsed.data;
  const brand = findBrand(make);
  const sessionId = randomBytes(18).toString("base64url");
  await db().emulatorConnectSession.create({
    data: {
      id: sessionId,
      clientId: registered.clientId,
      redirectUri,
      scope,
      state,
      mode,
      make: brand?.make ?? null,
      step: brand ? "login" : "brand",
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    },
  });
  return { kind: "screens", sessionId };
}

async function findSession(sessionId: string, now: Date) {
  if (!/^[\w-]{16,64}$/.test(sessionId)) return null;
  const session = await db().emulatorConnectSession.findUnique({ where: { id: sessionId } });
  return session && session.step !== "done" && session.expiresAt > now ? session : null;
}

export async function loadScreen(sessionId: string, now = new Date()): Promise<Screen | null> {
  const session = await findSession(sessionId, now);
  if (!session) return null;
  return {
    sessionId,
    step: session.step as Step,
    brand: findBrand(session.make) ?? null,
    brands: BRANDS,
    permissions: session.scope.split(" "),
    email: session.email,
    notice: (session.notice as Notice | null) ?? null,
    appName: "Smartcar Connect for Next.js",
  };
}

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value.trim().slice(0, 320) : "";
};

/** Applies the button the owner pressed on the current screen. */
export async function advanceConnect(sessionId: string, form: FormData, now = new Date()): Promise<AdvanceOutcome> {
  const session = await findSession(sessionId, now);
  if (!session) return { kind: "gone" };
  const action = field(form, "action");
  const brand = findBrand(session.make);

  const finish = async (params: Record<string, string | null | undefined>): Promise<AdvanceOutcome> => {
    await db().emulatorConnectSession.update({ where: { id: sessionId }, data: { step: "done", notice: null } });
    return { kind: "redirect", url: redirectWith(session.redirectUri, { ...params, state: session.state }) };
  };
  const fail = (code: keyof typeof ERROR_DESCRIPTIONS, extra: Record<string, string> = {}) =>
    finish({ error: code, error_description: ERROR_DESCRIPTIONS[code], ...extra });
  const goTo = async (step: Step, data: { email?: string; make?: string } = {}): Promise<AdvanceOutcome> => {
    await db().emulatorConnectSession.update({ where: { id: sessionId }, data: { step, notice: null, ...data } });
    return { kind: "screen", sessionId };
  };
  const notice = async (value: Notice): Promise<AdvanceOutcome> => {
    await db().emulatorConnectSession.update({ where: { id: sessionId }, data: { notice: value } });
    return { kind: "screen", sessionId };
  };

  if (action === "back") return fail("user_manually_returned_to_application");

  switch (session.step) {
    case "brand": {
      const chosen = findBrand(field(form, "make"));
      return chosen ? goTo("login", { make: chosen.make }) : notice("choose_brand");
    }
    case "login": {
      if (!brand) return goTo("brand");
      // Connect tells the app which brand's sign-in was abandoned, so a retry can skip the brand list.
      if (action === "cancel") return fail("oem_cancelled_login", { make: brand.make });
      const email = field(form, "email").toLowerCase();
      const password = field(form, "password");
      if (!z.email().safeParse(email).success || !password) return notice("invalid_login");
      const forced = FORCED_ERRORS[email];
      if (forced === "vehicle_incompatible") {
        return fail(forced, { vin: INCOMPATIBLE_VEHICLE.vin, make: brand.make, model: INCOMPATIBLE_VEHICLE.model, year: INCOMPATIBLE_VEHICLE.year });
      }
      if (forced) return fail(forced);
      if (brand.challenge === "mfa") return goTo("mfa", { email });
      if (brand.challenge === "pin") return goTo("pin", { email });
      return goTo("permissions", { email });
    }
    case "mfa":
      return /^\d{6}$/.test(field(form, "code")) ? goTo("permissions") : notice("invalid_code");
    case "pin":
      return /^\d{4}$/.test(field(form, "pin")) ? goTo("permissions") : notice("invalid_pin");
    case "permissions": {
      if (!brand || !session.email) return goTo("brand");
      if (action === "deny") return fail("access_denied");
      if (action !== "allow") return { kind: "screen", sessionId };
      const account = await findOrCreateAccount(brand, session.email);
      await grantPermissions(account.id, session.scope);
      return finish({ user_id: account.id });
    }
    default:
      return { kind: "gone" };
  }
}
