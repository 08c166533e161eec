import "server-only";
import { SUMMARY } from "@/lib/doctor/copy";
import type { CheckResult, CheckStatus } from "@/lib/doctor/result";

// The outcome of a run, and its lines as a terminal shows them (scripts/doctor.ts).

const SYMBOLS: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✗" };

export function countProblems(results: CheckResult[]): { problems: number; warnings: number } {
  return {
    problems: results.filter((r) => r.status === "fail").length,
    warnings: results.filter((r) => r.status === "warn").length,
  };
}

/** "All clear." when nothing failed (warnings do not fail), else "N problems."; then warnings. */
export function summarize(results: CheckResult[]): string {
  const { problems, warnings } = countProblems(results);
  const head = problems === 0 ? SUMMARY.allClear : SUMMARY.problems(problems);
  return warnings > 0 ? `${head} ${SUMMARY.warnings(warnings)}` : head;
}

/** One line per check: symbol, name, message, and for a problem or a warning `→ fix`. */
export function formatLine(result: CheckResult, nameWidth = 15): string {
  const fix = result.status !== "ok" && result.fix ? ` → ${result.fix}` : "";
  return `${SYMBOLS[result.status]} ${result.name.padEnd(nameWidth)} ${result.message}${fix}`;
}
