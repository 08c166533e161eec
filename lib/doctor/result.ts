import "server-only";
// What every check of `npm run doctor` and the /doctor page comes to: outcomes as data, printed by
// scripts/doctor.ts and rendered by app/doctor/page.tsx.

export type CheckStatus = "ok" | "warn" | "fail";

export type CheckResult = {
  /** What was checked, e.g. "Database". */
  name: string;
  status: CheckStatus;
  message: string;
  /** What to do about a warning or a failure. */
  fix?: string;
};

/** How migrations get applied where the checks run, so the fix names the right command. */
export type MigrationRoute = "deploy" | "embedded" | "dev-server";
