import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** Where the app keeps what it makes for itself in development: the embedded database, a session secret. */
export const DATA_DIR = path.join(process.cwd(), ".data");
/** The session secret made for development when SESSION_SECRET is unset. */
export const DEVELOPMENT_SESSION_SECRET_FILE = path.join(DATA_DIR, "session-secret");

/**
 * With no Smartcar credentials the app talks to the emulator (emulator/, its own server), which
 * `npm run dev` starts beside it, registered with these identifiers. Like a real Smartcar
 * application it has two: the Application ID names the app to Connect, the API client id and
 * secret get the application token (docs/smartcar-contract.md, 1.1 and 2).
 */
export const EMULATOR_APPLICATION_ID = "00000000-0000-4000-a000-000000000001";
export const EMULATOR_CLIENT_ID = "client_emulator";
export const EMULATOR_CLIENT_SECRET = "emulator-client-secret";
export const EMULATOR_MANAGEMENT_TOKEN = "emulator-management-token";
const EMULATOR_DEFAULT_PORT = 4000;

// What the vehicles page reads and commands (README, "What the stored `user_id`s give").
const DEFAULT_PERMISSIONS =
  "read_vehicle_info read_battery read_odometer read_location read_security read_charge control_security control_charge";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/ }).optional());

/** A whole number from `min` to `max`, `fallback` when unset. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  optionalString
    .pipe(
      z
        .string()
        .regex(/^\d+$/, "must be a whole number")
        .transform(Number)
        .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
        .optional(),
    )
    .transform((value) => value ?? fallback);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: optionalString.pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, "must be a port number")
        .optional(),
    ),
    APP_URL: optionalUrl,
    SESSION_SECRET: optionalString.pipe(
      z.string().min(32, "must be at least 32 characters long").optional(),
    ),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")
        .optional(),
    ),
    // The Application ID (Dashboard > Configuration): Connect's `application_id`. A UUID.
    SMARTCAR_APPLICATION_ID: optionalString.pipe(
      z
        .string()
        .superRefine((value, ctx) => {
          if (/^client_/i.test(value)) {
            ctx.addIssue({
              code: "custom",
              message:
                "looks like the API client id (client_…), which belongs in SMARTCAR_CLIENT_ID: " +
                "SMARTCAR_APPLICATION_ID is the Application ID, a UUID (Smartcar Dashboard > " +
                "Configuration)",
            });
          } else if (!UUID.test(value)) {
            ctx.addIssue({
              code: "custom",
              message: "must be the Application ID, a UUID (Smartcar Dashboard > Configuration)",
            });
          }
        })
        .optional(),
    ),
    // The API credentials (Dashboard > API Credentials): only for POST /oauth2/token.
    SMARTCAR_CLIENT_ID: optionalString,
    SMARTCAR_CLIENT_SECRET: optionalString,
    // Production runs against the emulator only when told to, never by a missing variable.
    SMARTCAR_EMULATOR: optionalString.pipe(
      z.enum(["true", "false"], "must be true or false").default("false"),
    ),
    SMARTCAR_REDIRECT_URI: optionalUrl,
    // `test` still works but Smartcar calls it deprecated, replaced by `simulated` (README).
    SMARTCAR_MODE: optionalString.pipe(z.enum(["live", "simulated", "test"]).default("live")),
    SMARTCAR_PERMISSIONS: optionalString.pipe(
      z
        .string()
        .regex(
          /^[a-z_:]+([ ,]+[a-z_:]+)*$/,
          "must be permission names separated by spaces or commas",
        )
        .default(DEFAULT_PERMISSIONS),
    ),
    SMARTCAR_CONNECT_URL: optionalUrl,
    SMARTCAR_AUTH_URL: optionalUrl,
    SMARTCAR_API_URL: optionalUrl,
    SMARTCAR_MANAGEMENT_TOKEN: optionalString,
    // How open /vehicles pages learn of webhook deliveries: PostgreSQL LISTEN/NOTIFY, or polling
    // for the embedded database, whose socket server does not forward notifications.
    LIVE_UPDATES: optionalString.pipe(z.enum(["listen", "poll"]).default("listen")),
    EMULATOR_PORT: optionalString.pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, "must be a port number")
        .optional(),
    ),
    TRUSTED_PROXY_HOPS: wholeNumber(0, 10, 0),
    PASSWORD_HASH_CONCURRENCY: wholeNumber(1, 64, 2),
    // --- Webhook-first vehicles page and its live streams (issue 20; README, "Smartcar calls"). ---
    // Seconds. 30 minutes is Smartcar's advice for polling across brands (contract 8.3).
    VEHICLE_DATA_MAX_AGE: wholeNumber(0, 7 * 24 * 3600, 30 * 60),
    CONNECTIONS_MAX_AGE: wholeNumber(0, 24 * 3600, 5 * 60),
    // Plans allow on the order of 500 calls per vehicle per month (430 VEHICLE_REQUEST_LIMIT).
    SMARTCAR_MONTHLY_CALLS_PER_VEHICLE: wholeNumber(1, 1_000_000, 500),
    LIVE_STREAMS_PER_USER: wholeNumber(1, 1000, 10),
    LIVE_STREAMS_PER_INSTANCE: wholeNumber(1, 1_000_000, 5000),
    // Only `npm run bench` sets it: the routes under /bench answer 404 without it (bench/README.md).
    BENCH_ROUTES: optionalString.pipe(z.enum(["on"]).optional()),
  })
  .superRefine((env, ctx) => {
    checkSmartcarIdentifiers(env, ctx);
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message:
          "is required in production (at least 32 random characters, e.g. `openssl rand -base64 32`)",
      });
    }
  });

type Env = {
  NODE_ENV: string;
  SMARTCAR_APPLICATION_ID?: string | undefined;
  SMARTCAR_CLIENT_ID?: string | undefined;
  SMARTCAR_CLIENT_SECRET?: string | undefined;
  SMARTCAR_EMULATOR: "true" | "false";
};

const CREDENTIAL_VARIABLES = [
  "SMARTCAR_APPLICATION_ID",
  "SMARTCAR_CLIENT_ID",
  "SMARTCAR_CLIENT_SECRET",
] as const;

/**
 * A Smartcar application has two identifiers, and one used for the other fails at Connect's first
 * screen with `400: Invalid parameter client_id` (docs/smartcar-contract.md, 1.1, "Two
 * identifiers"). Either all three credentials are set, or none (the emulator).
 */
/** Why production refuses the emulator, after the variable and where it is required. */
export const EMULATOR_REFUSED =
  "with SMARTCAR_CLIENT_ID and SMARTCAR_CLIENT_SECRET (Smartcar Dashboard); or set " +
  "SMARTCAR_EMULATOR=true to run against the emulator on purpose";

function checkSmartcarIdentifiers(env: Env, ctx: z.RefinementCtx): void {
  const set = CREDENTIAL_VARIABLES.filter((name) => env[name]);
  const issue = (variable: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [variable], message });
  if (set.length === 0) {
    if (env.NODE_ENV === "production" && env.SMARTCAR_EMULATOR !== "true") {
      issue("SMARTCAR_APPLICATION_ID", `is required in production, ${EMULATOR_REFUSED}`);
    }
    return;
  }
  for (const name of CREDENTIAL_VARIABLES) {
    if (!env[name])
      issue(name, `is required when ${set.join(" and ")} ${set.length > 1 ? "are" : "is"} set`);
  }
  const applicationId = env.SMARTCAR_APPLICATION_ID;
  const clientId = env.SMARTCAR_CLIENT_ID;
  if (applicationId && clientId && applicationId.toLowerCase() === clientId.toLowerCase()) {
    issue(
      "SMARTCAR_APPLICATION_ID",
      "equals SMARTCAR_CLIENT_ID: the Application ID (Dashboard > Configuration) names the app " +
        "to Connect, the API client id (Dashboard > API Credentials) gets tokens; they differ",
    );
  }
}

export type Config = {
  isProduction: boolean;
  appUrl: string;
  sessionSecret: string;
  databaseUrl: string | undefined;
  liveUpdates: "listen" | "poll";
  /**
   * True when no Smartcar credentials are set: Connect and the API are the emulator. In production
   * only with SMARTCAR_EMULATOR=true.
   */
  emulatorMode: boolean;
  /** How many proxies in front of the app append to X-Forwarded-For (lib/client-address.ts). */
  trustedProxyHops: number;
  /** How many password hashes this instance computes at once (lib/accounts/hash-slots.ts). */
  passwordHashConcurrency: number;
  /** The vehicles page's Smartcar budget and its live streams' caps (lib/vehicles/). */
  vehicles: {
    dataMaxAgeMs: number;
    connectionsMaxAgeMs: number;
    monthlyCallsPerVehicle: number;
    streamsPerUser: number;
    streamsPerInstance: number;
  };
  /** The bench's own routes (app/bench/): on only when `npm run bench` starts the server. */
  benchRoutes: boolean;
  /** Which values were left unset and took their defaults (`npm run doctor` warns about some). */
  defaulted: { appUrl: boolean; sessionSecret: boolean };
  smartcar: {
    /** The Application ID: Connect's `application_id` (contract 1.1). */
    applicationId: string;
    /** The API credentials: only for the application token (contract 2). */
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    mode: "live" | "simulated" | "test";
    permissions: string[];
    connectUrl: string;
    authUrl: string;
    apiUrl: string;
    /** Signs webhook deliveries (Dashboard > Application > Management token); unset: no webhooks. */
    managementToken: string | undefined;
  };
};

/** One bad variable: its name (or "environment") and what is wrong with it. */
export type ConfigIssue = { variable: string; message: string };

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    message: string,
    /** Each bad variable, one entry per problem (empty for errors not about one variable). */
    readonly issues: ConfigIssue[] = [],
  ) {
    super(message);
  }
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** In development a newcomer needs no .env: a random secret is made once and kept under .data/. */
function developmentSessionSecret(): string {
  const file = DEVELOPMENT_SESSION_SECRET_FILE;
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(DATA_DIR, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      // Another process wrote it first.
      return readFileSync(file, "utf8").trim();
    }
  }
}

/** Validates the environment into a Config; throws a ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      variable: i.path.join(".") || "environment",
      message: i.message,
    }));
    const lines = issues.map((i) => `  ${i.variable} ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`, issues);
  }
  const e = result.data;
  const isProduction = e.NODE_ENV === "production";
  const appUrl = stripTrailingSlash(e.APP_URL ?? `http://localhost:${e.PORT ?? 3000}`);
  const emulatorMode = !e.SMARTCAR_APPLICATION_ID;
  // The emulator serves Smartcar's three hosts' paths on one origin of its own.
  const emulator = `http://127.0.0.1:${e.EMULATOR_PORT ?? EMULATOR_DEFAULT_PORT}`;
  const origin = (set: string | undefined, smartcar: string) =>
    stripTrailingSlash(set ?? (emulatorMode ? emulator : smartcar));
  return {
    isProduction,
    appUrl,
    sessionSecret: e.SESSION_SECRET ?? developmentSessionSecret(),
    databaseUrl: e.DATABASE_URL,
    liveUpdates: e.LIVE_UPDATES,
    emulatorMode,
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    passwordHashConcurrency: e.PASSWORD_HASH_CONCURRENCY,
    vehicles: {
      dataMaxAgeMs: e.VEHICLE_DATA_MAX_AGE * 1000,
      connectionsMaxAgeMs: e.CONNECTIONS_MAX_AGE * 1000,
      monthlyCallsPerVehicle: e.SMARTCAR_MONTHLY_CALLS_PER_VEHICLE,
      streamsPerUser: e.LIVE_STREAMS_PER_USER,
      streamsPerInstance: e.LIVE_STREAMS_PER_INSTANCE,
    },
    benchRoutes: e.BENCH_ROUTES === "on",
    defaulted: { appUrl: e.APP_URL === undefined, sessionSecret: e.SESSION_SECRET === undefined },
    smartcar: {
      applicationId: e.SMARTCAR_APPLICATION_ID ?? EMULATOR_APPLICATION_ID,
      clientId: e.SMARTCAR_CLIENT_ID ?? EMULATOR_CLIENT_ID,
      clientSecret: e.SMARTCAR_CLIENT_SECRET ?? EMULATOR_CLIENT_SECRET,
      redirectUri: e.SMARTCAR_REDIRECT_URI ?? `${appUrl}/connect/callback`,
      mode: e.SMARTCAR_MODE,
      permissions: [...new Set(e.SMARTCAR_PERMISSIONS.split(/[ ,]+/).filter(Boolean))],
      connectUrl: origin(e.SMARTCAR_CONNECT_URL, "https://connect.smartcar.com"),
      authUrl: origin(e.SMARTCAR_AUTH_URL, "https://iam.smartcar.com"),
      apiUrl: origin(e.SMARTCAR_API_URL, "https://vehicle.api.smartcar.com"),
      managementToken:
        e.SMARTCAR_MANAGEMENT_TOKEN ?? (emulatorMode ? EMULATOR_MANAGEMENT_TOKEN : undefined),
    },
  };
}

/**
 * True only in a development build (`next dev`, or a script run in development). Not from
 * parseConfig: `next start` keeps a NODE_ENV it is given, e.g. `test` under the test runner
 * (docs/references.md [next-env-good-to-know]), but `next build` inlines this reference as
 * "production", so what it guards never runs from a production build
 * (tests/integration/doctor.test.ts: a build started with NODE_ENV=test answers /doctor with 404).
 */
export function isDevelopmentBuild(): boolean {
  return process.env.NODE_ENV === "development";
}

let cached: Config | undefined;

/** The app's configuration, validated once per process. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
