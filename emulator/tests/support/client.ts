// Talks to a running emulator over HTTP the way an app and a browser would: Connect by following
// the screens' forms, the token endpoint, the Vehicle API, and the test controls.

/** The two identifiers of the emulated application (contract 1.1, "Two identifiers"). */
export const APPLICATION_ID = "00000000-0000-4000-a000-000000000001";
export const CLIENT_ID = "client_emulator";
export const CLIENT_SECRET = "emulator-client-secret";
export const REDIRECT_URI = "http://localhost:3000/connect/callback";
export const MANAGEMENT_TOKEN = "emulator-management-token";
const ALL_SCOPE =
  "required:read_vehicle_info read_vin read_battery read_charge read_odometer read_location " +
  "read_security control_security control_charge";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export type Answer = { status: number; headers: Headers; json: Json; text: string };

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: Json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, json, text };
}

export type ControlVehicle = {
  id: string;
  userId: string;
  email: string;
  make: string;
  model: string;
  powertrain: "BEV" | "PHEV" | "ICE";
  vin: string;
  connectionId: string | null;
  permissions: string[];
  mode: string | null;
  needsReauthentication: boolean;
  state: Record<string, unknown>;
};

export class Client {
  private token: string | null = null;

  /** `origin` may be read late: a file's client exists before its emulator has started. */
  constructor(private readonly originOf: string | (() => string)) {}

  get origin(): string {
    return typeof this.originOf === "string" ? this.originOf : this.originOf();
  }

  /** The test settings every test file starts from: commands without the default delay. */
  async fresh(settings: Record<string, unknown> = {}): Promise<void> {
    await this.control("POST", "/_emulator/control/reset");
    await this.control("PUT", "/_emulator/control/settings", { commandDelayMs: 0, ...settings });
    this.token = null;
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.origin}${path}`, { redirect: "manual", ...init });
  }

  async control(method: string, path: string, body?: unknown): Promise<Answer> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      init.headers = { "Content-Type": "application/json" };
    }
    return answer(await this.fetch(path, init));
  }

  async requestToken(fields: Record<string, string>, json = false): Promise<Answer> {
    return answer(
      await this.fetch("/oauth2/token", {
        method: "POST",
        headers: {
          "Content-Type": json ? "application/json" : "application/x-www-form-urlencoded",
        },
        body: json ? JSON.stringify(fields) : new URLSearchParams(fields),
      }),
    );
  }

  async accessToken(): Promise<string> {
    if (!this.token) {
      const got = await this.requestToken({
        grant_type: "client_credentials",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
      if (got.status !== 200) throw new Error(`token: ${got.status} ${got.text}`);
      this.token = got.json.access_token as string;
    }
    return this.token;
  }

  /** A Vehicle API request with the application token (and `sc-user-id` when given). */
  async api(
    method: string,
    path: string,
    options: { userId?: string; body?: unknown; token?: string | null } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? await this.accessToken() : options.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.userId) headers["sc-user-id"] = options.userId;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["Content-Type"] = "application/json";
    }
    return answer(await this.fetch(path, { method, headers, body }));
  }

  authorizePath(overrides: Record<string, string | null> = {}): string {
    const params: Record<string, string | null> = {
      response_type: "code",
      application_id: APPLICATION_ID,
      redirect_uri: REDIRECT_URI,
      scope: ALL_SCOPE,
      state: "state-123",
      mode: "live",
      ...overrides,
    };
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== null) query.set(name, value);
    return `/oauth/authorize?${query}`;
  }

  /** GET a Connect entry point; the Location it answers with. */
  async location(path: string): Promise<string> {
    const response = await this.fetch(path);
    const location = response.headers.get("location");
    if (!location)
      throw new Error(`${path}: no redirect (${response.status}) ${await response.text()}`);
    return location;
  }

  /** Presses a button on a screen; where the emulator sends the browser next. */
  async press(screen: string, fields: Record<string, string>): Promise<string> {
    const response = await this.fetch(screen, {
      method: "POST",
      body: new URLSearchParams(fields),
    });
    if (response.status !== 303) throw new Error(`${screen}: ${response.status}`);
    return response.headers.get("location")!;
  }

  /** A screen, its HTML with the layout's whitespace folded (`<h1>Sign in to Tesla</h1>`). */
  async page(path: string): Promise<{ status: number; html: string; headers: Headers }> {
    const response = await this.fetch(path);
    return {
      status: response.status,
      html: foldWhitespace(await response.text()),
      headers: response.headers,
    };
  }

  /** Signs in on the carmaker screen and passes MFA or PIN when the brand asks for them. */
  async signIn(screen: string, email: string): Promise<string> {
    let next = await this.press(screen, { action: "sign-in", email, password: "any password" });
    if (next !== screen) return next;
    const { html } = await this.page(screen);
    if (html.includes("Verification code"))
      next = await this.press(screen, { action: "verify", code: "123456" });
    else if (html.includes('name="pin"'))
      next = await this.press(screen, { action: "continue", pin: "1234" });
    return next;
  }

  /** Goes through Connect as an owner and presses Allow; the redirect back to the app. */
  async connect(options: {
    email: string;
    make?: string;
    scope?: string;
    mode?: string;
    state?: string | null;
    externalId?: string;
  }): Promise<URL> {
    const screen = await this.location(
      this.authorizePath({
        make: options.make ?? "TESLA",
        scope: options.scope ?? ALL_SCOPE,
        mode: options.mode ?? "live",
        state: options.state === undefined ? "state-123" : options.state,
        ...(options.externalId ? { external_id: options.externalId } : {}),
      }),
    );
    const next = await this.signIn(screen, options.email);
    if (next !== screen) return new URL(next);
    return new URL(await this.press(screen, { action: "allow" }));
  }

  /** Connects and returns the user_id. */
  async owner(email: string, make = "TESLA", scope = ALL_SCOPE, mode = "live"): Promise<string> {
    const back = await this.connect({ email, make, scope, mode });
    const userId = back.searchParams.get("user_id");
    if (!userId) throw new Error(`Connect ended with ${back}`);
    return userId;
  }

  async vehicles(userId: string): Promise<ControlVehicle[]> {
    const got = await this.control("GET", `/_emulator/control/vehicles?userId=${userId}`);
    return got.json.vehicles as ControlVehicle[];
  }

  async patchVehicle(vehicleId: string, patch: Record<string, unknown>): Promise<Answer> {
    return this.control("PATCH", `/_emulator/control/vehicles/${vehicleId}`, patch);
  }
}

/** Folds formatting whitespace: inside tags, between tags, and just inside an element's text. */
function foldWhitespace(html: string): string {
  return html
    .replace(/\s+/g, " ")
    .replace(/ (\/?>)/g, "$1")
    .replace(/> </g, "><")
    .replace(/(<[a-z][^>]*>) /g, "$1")
    .replace(/ (<\/)/g, "$1");
}

/** The query of a redirect back to the app, as an object (each key once). */
export function queryOf(url: URL | string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
