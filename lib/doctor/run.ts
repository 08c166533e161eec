import "server-only";
import { readFileSync } from "node:fs";
import { DEVELOPMENT_SESSION_SECRET_FILE } from "@/lib/config";
import { checkConfiguration, skippedChecks } from "@/lib/doctor/configuration";
import { checkCredentials, checkEmulatorInProduction } from "@/lib/doctor/credentials";
import { checkDatabase } from "@/lib/doctor/database";
import { checkRedirectUri } from "@/lib/doctor/redirect-uri";
import type { CheckResult, MigrationRoute } from "@/lib/doctor/result";
import { checkSessionSecret } from "@/lib/doctor/session-secret";
import { checkTrustedProxy } from "@/lib/doctor/trusted-proxy";
import { checkWebhooks } from "@/lib/doctor/webhooks";
import type { FetchLike } from "@/lib/smartcar/http";

// Every check, in the order a newcomer fixes things: `npm run doctor` (scripts/doctor.ts) prints
// them, and in development the /doctor page shows them.

export type DoctorOptions = {
  /** The environment to check; the process's by default. */
  env?: Record<string, string | undefined>;
  fetch?: FetchLike;
  /** How migrations get applied where the checks run. */
  migrations?: MigrationRoute;
  /** Set when DATABASE_URL is the embedded database (or it did not start, and why). */
  embedded?: { dir: string; startError?: string };
};

function readDevelopmentSecret(): string | null {
  try {
    return readFileSync(DEVELOPMENT_SESSION_SECRET_FILE, "utf8").trim();
  } catch {
    return null;
  }
}

export async function runChecks(options: DoctorOptions = {}): Promise<CheckResult[]> {
  const { config, results } = checkConfiguration(options.env ?? process.env);
  if (!config) return [...results, skippedChecks()];
  // The two that wait on the network, at once.
  const [credentials, database] = await Promise.all([
    checkCredentials(config, options.fetch),
    checkDatabase({
      url: config.databaseUrl,
      migrations: options.migrations ?? "deploy",
      embeddedDir: options.embedded?.dir,
      startError: options.embedded?.startError,
    }),
  ]);
  const sessionSecret = checkSessionSecret({
    isProduction: config.isProduction,
    secret: config.sessionSecret,
    defaulted: config.defaulted.sessionSecret,
    developmentSecret: readDevelopmentSecret(),
  });
  return [
    ...results,
    ...checkRedirectUri(config),
    ...checkEmulatorInProduction(config),
    credentials,
    database,
    sessionSecret,
    checkWebhooks(config),
    ...checkTrustedProxy(config),
  ];
}
