#!/usr/bin/env node
// `npm test`: lint, type check, unit tests, a production build, integration tests against a real
// PostgreSQL (TEST_DATABASE_URL, or an embedded one this run starts and removes), and end-to-end
// tests in Chromium. Runs every test stage, then prints one closing line with the counts, and exits
// non-zero if anything failed. A `.only` fails the run, and so does a skipped test whose title
// does not name the issue it waits for (e.g. "… (issue #23)"). A failed build stops the stages
// that need it: they never run on an older build.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { unexplainedPlaywrightSkips, unexplainedVitestSkips } from "./test-skips.mjs";

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "test-results");
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const bin = (name) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORBID_ONLY: "1" };
const unexplainedSkips = [];

function run(label, command, args, extraEnv = {}) {
  console.log(`\n=== ${label} ===`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: "inherit",
      env: { ...env, ...extraEnv },
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", () => resolve(1));
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function countVitest(file, label, code) {
  const report = readJson(file);
  if (!report) {
    counts.failed += 1;
    failures.push(`${label} (no report, exit ${code})`);
    return;
  }
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += report.numPendingTests + report.numTodoTests;
  unexplainedSkips.push(...unexplainedVitestSkips(report, label));
  if (code !== 0 || report.numFailedTests > 0 || report.numFailedTestSuites > 0)
    failures.push(label);
}

async function vitest(project) {
  const file = path.join(results, `${project}.json`);
  const code = await run(`${project} tests`, bin("vitest"), [
    "run",
    "--project",
    project,
    // A `.only` left in fails the run instead of silently running one test.
    "--allowOnly=false",
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${file}`,
  ]);
  countVitest(file, `${project} tests`, code);
}

async function check(label, command, args) {
  const code = await run(label, command, args);
  if (code !== 0) {
    failures.push(label);
    counts.failed += 1;
  }
  return code === 0;
}

await check("lint", bin("eslint"), ["."]);
await check("format", bin("prettier"), ["--check", "."]);
// Route types (PageProps, LayoutProps) come from `next typegen`, before any build.
if (await check("route types", bin("next"), ["typegen"]))
  await check("type check", bin("tsc"), ["--noEmit"]);
await vitest("unit");
await vitest("emulator");
const built = await check("production build", bin("next"), ["build"]);
if (built) await vitest("integration");
else {
  failures.push("integration tests (not run: the build failed)");
  counts.failed += 1;
}

if (built) {
  const code = await run("end-to-end tests (Chromium)", bin("playwright"), ["test"]);
  const report = readJson(path.join(results, "e2e.json"));
  if (report?.stats) {
    counts.passed += report.stats.expected + report.stats.flaky;
    counts.failed += report.stats.unexpected;
    counts.skipped += report.stats.skipped;
  } else counts.failed += 1;
  if (code !== 0 || !report?.stats || report.stats.unexpected > 0)
    failures.push("end-to-end tests");
  unexplainedSkips.push(...unexplainedPlaywrightSkips(report));
} else {
  failures.push("end-to-end tests (not run: the build failed)");
  counts.failed += 1;
}

if (unexplainedSkips.length) {
  failures.push("skipped tests that name no issue");
  counts.failed += unexplainedSkips.length;
  console.log(`\nSkipped without naming an issue:\n  ${unexplainedSkips.join("\n  ")}`);
}

console.log("");
if (failures.length) console.log(`Failed: ${failures.join(", ")}`);
if (!existsSync(path.join(results, "e2e.json"))) console.log("(no end-to-end report)");
console.log(
  `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`,
);
process.exit(failures.length ? 1 : 0);
