// `npm run doctor`: checks the setup (lib/doctor) and prints one line per check, each problem with
// its fix; exits 1 when something fails (warnings do not).
//
//   node --conditions=react-server --import tsx scripts/doctor.ts
//
// The `react-server` export condition makes `import "server-only"` in lib/ the empty module it is
// inside Next.js's server (docs/references.md [npm-server-only]), so the checks run here as
// they run on the /doctor page. Like `npm run dev` (scripts/run.mjs), this starts what the defaults
// need and stops it afterwards: with no DATABASE_URL the embedded database, created and migrated
// as `npm run dev` would (or the one a running `npm run dev` serves, reached by its URL: two
// processes must never open one data directory); in development with no SMARTCAR_CLIENT_ID, the
// Smartcar emulator, unless one answers on EMULATOR_PORT already.
import path from "node:path";
import nextEnv from "@next/env";
import { parseConfig, type Config } from "@/lib/config";
import type { DoctorOptions } from "@/lib/doctor/run";
import { runChecks } from "@/lib/doctor/run";
import { countProblems, formatLine, summarize } from "@/lib/doctor/summary";
import {
  embeddedDataDir,
  findRunningEmbeddedPostgres,
  startEmbeddedPostgres,
} from "./embedded-postgres.mjs";
import { startEmulator } from "./emulator.mjs";
import { runPrisma } from "./prisma.mjs";

const root = path.resolve(import.meta.dirname, "..");
type Stop = () => Promise<void>;

/** How long to wait for a `npm run dev` that is starting its embedded database to listen. */
const STARTING_WAIT_MS = 30_000;

function readConfig(): Config | null {
  try {
    return parseConfig(process.env);
  } catch {
    // The Configuration check says what is wrong; nothing is started for a bad configuration.
    return null;
  }
}

/** The embedded database: the running one, or one started (and migrated) for these checks. */
async function provideEmbeddedDatabase(
  notes: string[],
  stops: Stop[],
): Promise<NonNullable<DoctorOptions["embedded"]>> {
  const dataDir = embeddedDataDir(root);
  const dir = path.relative(root, dataDir) || ".";
  const deadline = Date.now() + STARTING_WAIT_MS;
  for (;;) {
    const running = await findRunningEmbeddedPostgres(dataDir);
    if (!running) break;
    if (running.url) {
      process.env.DATABASE_URL = running.url;
      notes.push(`Using the embedded database that process ${running.pid} serves from ${dir}/.`);
      return { dir };
    }
    if (Date.now() > deadline)
      return { dir, startError: `process ${running.pid} holds it but does not listen yet` };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let embedded;
  try {
    // EMBEDDED_DB_PORT as run.mjs reads it; unset, a free port.
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: Number(process.env.EMBEDDED_DB_PORT || 0),
    });
  } catch (error) {
    return { dir, startError: (error as Error).message };
  }
  stops.push(embedded.stop);
  process.env.DATABASE_URL = embedded.url;
  // Exactly what `npm run dev` does on every start, so a fresh clone checks what it will run on.
  const code = await runPrisma(["migrate", "deploy"], { env: process.env, quiet: "unless-failed" });
  notes.push(
    code === 0
      ? `Started the embedded database on ${dir}/ and applied the migrations, as \`npm run dev\` does.`
      : `Started the embedded database on ${dir}/; applying the migrations failed (see above).`,
  );
  return { dir };
}

async function emulatorAnswers(port: number): Promise<boolean> {
  const health = `http://127.0.0.1:${port}/_emulator/health`;
  return fetch(health, { signal: AbortSignal.timeout(2_000) }).then(
    (response) => response.ok,
    () => false,
  );
}

/** The emulator on EMULATOR_PORT, started for these checks when nothing answers there. */
async function provideEmulator(config: Config, notes: string[], stops: Stop[]): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT || 4000);
  if (await emulatorAnswers(port)) return;
  try {
    const emulator = await startEmulator({
      port,
      // Nothing to keep: the checks only ask it for a token.
      dataDir: ":memory:",
      redirectUris: [config.smartcar.redirectUri],
      webhookUrl: `${config.appUrl}/webhooks/smartcar`,
    });
    stops.push(emulator.stop);
    notes.push(
      `Started the Smartcar emulator on ${emulator.url}, as \`npm run dev\` does (no SMARTCAR_CLIENT_ID).`,
    );
  } catch (error) {
    // The Credentials check names the problem; this says why.
    notes.push(
      `The Smartcar emulator did not start on port ${port}: ${(error as Error).message.split("\n")[0]}`,
    );
  }
}

async function main(): Promise<number> {
  // As `npm run dev` loads them; `NODE_ENV=production npm run doctor` checks a production setup
  // with the files `npm start` loads (docs/references.md [next-env]).
  const { loadedEnvFiles } = nextEnv.loadEnvConfig(root, process.env.NODE_ENV !== "production");
  const notes: string[] = loadedEnvFiles.map((file) => `Read ${file.path}.`);
  const stops: Stop[] = [];
  const options: DoctorOptions = { migrations: "deploy" };
  try {
    const config = readConfig();
    if (config && !config.databaseUrl) {
      options.embedded = await provideEmbeddedDatabase(notes, stops);
      options.migrations = "embedded";
    }
    // As run.mjs: `npm run dev` starts the emulator, `npm start` never does.
    if (config?.emulatorMode && !config.isProduction) await provideEmulator(config, notes, stops);

    const results = await runChecks(options);
    for (const note of notes) console.log(`· ${note}`);
    for (const result of results) console.log(formatLine(result));
    console.log(summarize(results));
    return countProblems(results).problems > 0 ? 1 : 0;
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

process.exit(await main());
