import "server-only";
import {
  EMULATOR_APPLICATION_ID,
  EMULATOR_CLIENT_ID,
  EMULATOR_MANAGEMENT_TOKEN,
} from "@/lib/config";
import type { MigrationRoute } from "@/lib/doctor/result";

// The words of `npm run doctor` and the /doctor page, apart from the checks that pick them.

export const NAMES = {
  configuration: "Configuration",
  redirectUri: "Redirect URI",
  credentials: "Credentials",
  database: "Database",
  sessionSecret: "Session secret",
  webhooks: "Webhooks",
  trustedProxy: "Trusted proxy",
  skipped: "Other checks",
} as const;

const ENV_FILE = "in .env.local (or the environment)";
const NEW_SECRET = "make one with `openssl rand -base64 32`";
const SECRET_RULE = "32+ random characters, the same on every instance";
/** Which identifier goes where (docs/smartcar-contract.md, 1.1 "Two identifiers"). */
const IDENTIFIERS =
  "SMARTCAR_APPLICATION_ID is the Application ID, a UUID (Smartcar Dashboard > Configuration > " +
  "Application details), which Connect takes; SMARTCAR_CLIENT_ID (client_…) and " +
  "SMARTCAR_CLIENT_SECRET are the API credentials (Dashboard > API Credentials), only for tokens";

/** The fix for each variable lib/config.ts can refuse. */
const VARIABLE_FIXES: Record<string, string> = {
  NODE_ENV: "set NODE_ENV to development, production or test",
  PORT: "set PORT to a port number, e.g. 3000",
  APP_URL: `set APP_URL ${ENV_FILE} to the app's public URL, e.g. https://your.app`,
  SESSION_SECRET: `set SESSION_SECRET ${ENV_FILE} to ${SECRET_RULE}: ${NEW_SECRET}`,
  DATABASE_URL: `set DATABASE_URL to postgresql://user:password@host:5432/database, or unset it for the embedded database`,
  SMARTCAR_APPLICATION_ID: IDENTIFIERS,
  SMARTCAR_CLIENT_ID: IDENTIFIERS,
  SMARTCAR_CLIENT_SECRET: IDENTIFIERS,
  SMARTCAR_EMULATOR:
    "set SMARTCAR_EMULATOR=true only to run production against the emulator on purpose; otherwise set the three Smartcar credentials",
  SMARTCAR_REDIRECT_URI:
    "set it to a redirect URI registered in the Smartcar Dashboard, or unset it",
  SMARTCAR_MODE: "set SMARTCAR_MODE to live or simulated, or unset it (live)",
  SMARTCAR_PERMISSIONS:
    "list permission names separated by spaces, e.g. read_vehicle_info read_battery",
  SMARTCAR_CONNECT_URL: "unset it (Smartcar's own, or the emulator's), or give an http(s) URL",
  SMARTCAR_AUTH_URL: "unset it (Smartcar's own, or the emulator's), or give an http(s) URL",
  SMARTCAR_API_URL: "unset it (Smartcar's own, or the emulator's), or give an http(s) URL",
  LIVE_UPDATES: "set LIVE_UPDATES to listen or poll, or unset it",
  EMULATOR_PORT: "set EMULATOR_PORT to a free port number, or unset it (4000)",
  TRUSTED_PROXY_HOPS:
    "set TRUSTED_PROXY_HOPS to the number of proxies in front of the app (0 to 10)",
  PASSWORD_HASH_CONCURRENCY:
    "set PASSWORD_HASH_CONCURRENCY to a whole number from 1 to 64, or unset it (2)",
};

export const CONFIGURATION = {
  ok: "every variable is valid",
  issue: (variable: string, message: string) => `${variable} ${message}`,
  fix: (variable: string) =>
    VARIABLE_FIXES[variable] ?? `correct ${variable} ${ENV_FILE}; .env.example describes it`,
  unreadable: (message: string) => `could not be read: ${message}`,
  unreadableFix: "see the message; .env.example describes every variable",
  skipped: "not run until the configuration is valid",
};

export const REDIRECT_URI = {
  register: (uri: string) => `register exactly ${uri} in the Smartcar Dashboard`,
  emulator: (uri: string) =>
    `${uri} (the emulator registers it itself; with your own credentials, register it in the Smartcar Dashboard)`,
  plainHttp: (uri: string, host: string) =>
    `${uri} is plain http on ${host}: Smartcar takes http only for localhost`,
  plainHttpFix:
    "serve the app over https and set APP_URL to that URL (or use http://localhost locally)",
  defaultAppUrl: (appUrl: string) => `APP_URL is not set, so the app takes itself for ${appUrl}`,
  defaultAppUrlFix: `set APP_URL ${ENV_FILE} to the public URL, e.g. https://your.app`,
  otherOrigin: (uriOrigin: string, appOrigin: string) =>
    `the redirect URI is on ${uriOrigin} but APP_URL on ${appOrigin}: the session cookie would not come back to the callback`,
  otherOriginFix: (appUrl: string) =>
    `unset SMARTCAR_REDIRECT_URI (it defaults to ${appUrl}/connect/callback), or give both the same origin`,
  otherPath: (uri: string, path: string) =>
    `${uri} leads to ${path}, but the app answers Connect at /connect/callback`,
  otherPathFix: "end SMARTCAR_REDIRECT_URI with /connect/callback, or unset it",
};

export const CREDENTIALS = {
  ok: (clientId: string, tokenUrl: string, applicationId: string) =>
    `${tokenUrl} gave a token to the API client id ${clientId} (SMARTCAR_CLIENT_ID, Dashboard > API Credentials); Connect opens with the Application ID ${applicationId} (SMARTCAR_APPLICATION_ID, Dashboard > Configuration)`,
  emulatorOk: (tokenUrl: string) =>
    `the Smartcar emulator at ${tokenUrl} gave a token to its API client id ${EMULATOR_CLIENT_ID}; Connect opens with its Application ID ${EMULATOR_APPLICATION_ID}`,
  refused:
    "SMARTCAR_CLIENT_SECRET (or SMARTCAR_CLIENT_ID) is wrong: Smartcar refused them. The token takes the API credentials, not the Application ID",
  refusedFix:
    "copy the client id (client_…) and a secret again from Smartcar Dashboard > API Credentials",
  emulatorRefused: (tokenUrl: string) =>
    `the Smartcar emulator at ${tokenUrl} refused ${EMULATOR_CLIENT_ID}`,
  emulatorRefusedFix:
    "is another program on EMULATOR_PORT? Stop it, or set EMULATOR_PORT to a free port",
  unreachable: (tokenUrl: string, why: string) => `no answer from ${tokenUrl} (${why})`,
  unreachableFix: "check this machine's network, and SMARTCAR_AUTH_URL if you set it",
  emulatorUnreachable: (tokenUrl: string, why: string) =>
    `the Smartcar emulator does not answer at ${tokenUrl} (${why})`,
  emulatorUnreachableFix:
    "`npm run dev` (or `npm run doctor`) starts it; if another program uses its port, set EMULATOR_PORT to a free one",
  timedOut: (seconds: number) => `nothing within ${seconds} s`,
  notReached: "could not connect",
  answered: (tokenUrl: string, what: string) => `${tokenUrl} answered ${what}`,
  answeredFix:
    "try again in a moment; if it stays, check SMARTCAR_AUTH_URL (unset: https://iam.smartcar.com)",
  notAToken: "something that is not a token",
  emulatorInProduction: (url: string) =>
    `SMARTCAR_EMULATOR=true: this production setup talks to a Smartcar emulator at ${url}, for trying out only`,
  emulatorInProductionFix: `unset SMARTCAR_EMULATOR and set the three Smartcar credentials: ${IDENTIFIERS}`,
};

export const DATABASE = {
  embedded: (dir: string) => `the embedded database (${dir}/)`,
  ok: (where: string, count: number) => `${where} answers; all ${count} migrations are applied`,
  unreachable: (where: string, why: string) => `no answer from ${where} (${why})`,
  unreachableFix:
    "start PostgreSQL at that address, or correct DATABASE_URL (in development, unset it for the embedded database)",
  embeddedDidNotStart: (where: string, why: string) => `${where} did not start: ${why}`,
  embeddedDidNotStartFix:
    "stop the process that holds it, or set DATABASE_URL to a PostgreSQL server",
  notSet: "DATABASE_URL is not set",
  notSetFix: "`npm run dev` and `npm start` start the embedded database; or set DATABASE_URL",
  refusedLogin: (where: string) => `${where} refused the user name or password in DATABASE_URL`,
  refusedLoginFix: "correct the user and password in DATABASE_URL",
  noSuchDatabase: (where: string, name: string) => `${where} has no database "${name}"`,
  noSuchDatabaseFix: (name: string) =>
    `create it (\`createdb ${name}\`), then run \`npm run db:deploy\``,
  notMigrated: (where: string) => `${where} is not migrated: it has no _prisma_migrations table`,
  pending: (where: string, names: string[]) =>
    `${where}: ${names.length} migration${names.length === 1 ? " is" : "s are"} not applied: ${names.join(", ")}`,
  failed: (where: string, names: string[]) =>
    `${where}: migration ${names.join(", ")} failed part-way`,
  failedFix:
    "`npm run db -- migrate status` shows it; repair the database, then `npm run db -- migrate resolve --applied` (or --rolled-back) it",
  unknown: (names: string[]) =>
    `the database has migrations this checkout lacks: ${names.join(", ")}`,
  unknownFix: "update this checkout, or check that DATABASE_URL names the right database",
  error: (where: string, message: string) => `${where}: ${message}`,
  errorFix: "check DATABASE_URL and the server's log",
  migrateFix: {
    deploy: "run `npm run db:deploy`",
    embedded: "run `npm run db -- migrate deploy`, or restart `npm run dev` (it applies them)",
    "dev-server":
      "restart `npm run dev` (it applies them), or run `npm run db:deploy` for a server of your own",
  } satisfies Record<MigrationRoute, string>,
};

export const SESSION_SECRET = {
  ok: (length: number) => `set, ${length} characters`,
  development:
    "unset: a random one is made once and kept in .data/session-secret (development only)",
  short: (length: number) => `is ${length} characters long; it must be at least 32`,
  placeholder: "looks like example text, not a random secret",
  repeated: "is one character repeated",
  fewCharacters: (count: number) => `uses only ${count} different characters: it is easy to guess`,
  developmentCopy: "is the development one from .data/session-secret",
  developmentCopyFix: `production should have a secret of its own: ${NEW_SECRET}`,
  fix: `set SESSION_SECRET to ${SECRET_RULE}: ${NEW_SECRET}`,
};

export const WEBHOOKS = {
  emulator: (url: string) =>
    `the emulator delivers to ${url}, signed with ${EMULATOR_MANAGEMENT_TOKEN}`,
  ok: (url: string) => `register ${url} as the webhook URL in the Smartcar Dashboard`,
  noToken: (url: string) =>
    `SMARTCAR_MANAGEMENT_TOKEN is not set: the app refuses every delivery to ${url} (the vehicles page still works)`,
  noTokenFix:
    "set SMARTCAR_MANAGEMENT_TOKEN to the application's management token (Smartcar Dashboard), and register that URL there",
};

export const TRUSTED_PROXY = {
  direct:
    "TRUSTED_PROXY_HOPS is 0: each client is the address it connects from; behind a proxy, every client would be the proxy's one address",
  directFix:
    "behind a load balancer or proxy, set TRUSTED_PROXY_HOPS to how many there are (usually 1)",
  ok: (hops: number) =>
    `the client is ${hops} ${hops === 1 ? "entry" : "entries"} left of the connecting address in X-Forwarded-For`,
};

export const SUMMARY = {
  allClear: "All clear.",
  problems: (count: number) => `${count} problem${count === 1 ? "" : "s"}.`,
  warnings: (count: number) => `${count} warning${count === 1 ? "" : "s"}.`,
};

export const PAGE = {
  title: "Check your setup",
  intro:
    "The checks of `npm run doctor`, run just now against this development server's configuration.",
  rerun: "Run them again",
  running: "Running the checks…",
  link: "Check your setup",
  status: { ok: "OK", warn: "Warning", fail: "Problem" },
  fix: "Fix:",
};
