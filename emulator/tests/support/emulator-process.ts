import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PORT_ATTEMPTS, randomPort } from "./ports";

// Starts the emulator as a separate process, exactly as a person would
// (`node --import tsx emulator/server.ts`), and waits for its "listening" line.

export const ROOT = path.resolve(import.meta.dirname, "../../..");
const START_TIMEOUT_MS = 30_000;
/** How long a stopped emulator may take to save its state and exit before it is killed. */
const STOP_TIMEOUT_MS = 10_000;

export type EmulatorProcess = {
  origin: string;
  port: number;
  child: ChildProcess;
  /** stdout + stderr so far. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code; kills it if it has not exited in time. */
  stop(): Promise<number | null>;
};

type Launch = { ok: true; origin: string } | { ok: false; code: number | null; output: string };

/** Runs the entry point with `env` (no inherited EMULATOR_* variables) and waits for it. */
export function launch(env: Record<string, string>): {
  child: ChildProcess;
  result: Promise<Launch>;
  output: () => string;
} {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(childEnv)) if (name.startsWith("EMULATOR_")) delete childEnv[name];
  Object.assign(childEnv, { EMULATOR_DATA_DIR: ":memory:", ...env });
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/server.ts"], {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const result = new Promise<Launch>((resolve) => {
    const timer = setTimeout(
      () => resolve({ ok: false, code: null, output: `${output}\n(timed out)` }),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Smartcar emulator on (http:\/\/\S+)\n/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ ok: true, origin: match[1]! });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ ok: false, code, output });
    });
  });
  return { child, result, output: () => output };
}

function stopper(child: ChildProcess): () => Promise<number | null> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
      child.kill("SIGTERM");
    });
}

export async function startEmulator(env: Record<string, string> = {}): Promise<EmulatorProcess> {
  let last = "";
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = env.EMULATOR_PORT ? Number(env.EMULATOR_PORT) : randomPort();
    const started = launch({ EMULATOR_HOST: "127.0.0.1", ...env, EMULATOR_PORT: String(port) });
    const result = await started.result;
    if (result.ok) {
      return {
        origin: result.origin,
        port,
        child: started.child,
        output: started.output,
        stop: stopper(started.child),
      };
    }
    last = result.output;
    if (!last.includes("EADDRINUSE") || env.EMULATOR_PORT) break;
  }
  throw new Error(`The emulator did not start:\n${last}`);
}
