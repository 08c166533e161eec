import "server-only";
import { ConfigError, parseConfig, type Config } from "@/lib/config";
import { CONFIGURATION, NAMES } from "@/lib/doctor/copy";
import type { CheckResult } from "@/lib/doctor/result";

/**
 * The configuration, as the app would read it from `env`: one failing line per bad variable, with
 * its fix, and the Config when there is none (the other checks need it).
 */
export function checkConfiguration(env: Record<string, string | undefined>): {
  config: Config | null;
  results: CheckResult[];
} {
  try {
    const config = parseConfig(env);
    return {
      config,
      results: [{ name: NAMES.configuration, status: "ok", message: CONFIGURATION.ok }],
    };
  } catch (error) {
    if (error instanceof ConfigError && error.issues.length > 0) {
      const results = error.issues.map((issue): CheckResult => ({
        name: NAMES.configuration,
        status: "fail",
        message: CONFIGURATION.issue(issue.variable, issue.message),
        fix: CONFIGURATION.fix(issue.variable),
      }));
      return { config: null, results };
    }
    // Not a bad variable: e.g. .data/ could not be written for the development session secret.
    const message = CONFIGURATION.unreadable((error as Error).message);
    return {
      config: null,
      results: [
        { name: NAMES.configuration, status: "fail", message, fix: CONFIGURATION.unreadableFix },
      ],
    };
  }
}

/** The line that says the checks needing a valid configuration did not run. */
export function skippedChecks(): CheckResult {
  return { name: NAMES.skipped, status: "warn", message: CONFIGURATION.skipped };
}
