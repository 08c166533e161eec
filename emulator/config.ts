import { z } from "zod";

// The emulator's whole configuration comes from the environment, validated once at start. A bad
// value stops the process with the variable's name, before anything listens.

const url = z.url({ protocol: /^https?$/ });

const EnvSchema = z.object({
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  EMULATOR_HOST: z.string().min(1).max(255).default("127.0.0.1"),
  EMULATOR_DATA_DIR: z.string().min(1).default(".data/emulator"),
  // Two identifiers, as a Smartcar application has (contract 1.1, 2): the Application ID names
  // the app to Connect, the API client id and secret get the application token.
  EMULATOR_APPLICATION_ID: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a UUID")
    .default("00000000-0000-4000-a000-000000000001"),
  EMULATOR_CLIENT_ID: z.string().min(1).max(200).default("client_emulator"),
  EMULATOR_CLIENT_SECRET: z.string().min(1).max(500).default("emulator-client-secret"),
  EMULATOR_REDIRECT_URIS: z
    .string()
    .default("http://localhost:3000/connect/callback")
    .transform((value) =>
      value
        .split(",")
        .map((uri) => uri.trim())
        .filter(Boolean),
    )
    .pipe(z.array(url).min(1, "at least one redirect URI is required")),
  EMULATOR_WEBHOOK_URL: url.optional(),
  EMULATOR_MANAGEMENT_TOKEN: z.string().min(1).max(500).default("emulator-management-token"),
  EMULATOR_APP_NAME: z.string().min(1).max(100).default("Smartcar Connect for Next.js"),
  /** Where browsers and clients reach the emulator, if not http://HOST:PORT (e.g. Docker). */
  EMULATOR_PUBLIC_URL: url.optional(),
});

export type Config = {
  port: number;
  host: string;
  /** `null`: keep everything in memory only. */
  dataDir: string | null;
  applicationId: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  webhookUrl: string | null;
  managementToken: string;
  appName: string;
  publicUrl: string | null;
};

export class ConfigError extends Error {}

/** Reads the configuration from `env`; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => name.startsWith("EMULATOR_") && value !== ""),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    throw new ConfigError(`Invalid environment variable ${name}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.EMULATOR_PORT,
    host: e.EMULATOR_HOST,
    dataDir: e.EMULATOR_DATA_DIR === ":memory:" ? null : e.EMULATOR_DATA_DIR,
    applicationId: e.EMULATOR_APPLICATION_ID.toLowerCase(),
    clientId: e.EMULATOR_CLIENT_ID,
    clientSecret: e.EMULATOR_CLIENT_SECRET,
    redirectUris: e.EMULATOR_REDIRECT_URIS,
    webhookUrl: e.EMULATOR_WEBHOOK_URL ?? null,
    managementToken: e.EMULATOR_MANAGEMENT_TOKEN,
    appName: e.EMULATOR_APP_NAME,
    publicUrl: e.EMULATOR_PUBLIC_URL?.replace(/\/+$/, "") ?? null,
  };
}
