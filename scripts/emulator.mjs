// Starting the Smartcar emulator (emulator/) as a process of its own, for `npm run dev`, the tests
// and the measuring scripts. The app never imports it: it reaches it by URL, as it reaches Smartcar.
import { spawn } from "node:child_process";
import path from "node:path";
import { ensurePortFree, stopChild } from "./ports.mjs";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Starts the emulator on 127.0.0.1:`port` and waits until it answers.
 * @param {{ port: number, dataDir: string, redirectUris: string[], webhookUrl?: string, env?: Record<string, string>, output?: "inherit" | "ignore" }} options
 *   dataDir ":memory:" keeps nothing between runs
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startEmulator({
  port,
  dataDir,
  redirectUris,
  webhookUrl,
  env = {},
  output = "ignore",
}) {
  if (port !== 0) await ensurePortFree(port, "the Smartcar emulator");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "emulator", "server.ts")],
    {
      cwd: root,
      env: {
        ...process.env,
        EMULATOR_PORT: String(port),
        EMULATOR_DATA_DIR: dataDir,
        EMULATOR_REDIRECT_URIS: redirectUris.join(","),
        ...(webhookUrl ? { EMULATOR_WEBHOOK_URL: webhookUrl } : {}),
        ...env,
      },
      stdio: [
        "ignore",
        output === "inherit" ? "inherit" : "pipe",
        output === "inherit" ? "inherit" : "pipe",
      ],
    },
  );
  let log = "";
  child.stdout?.on("data", (data) => (log += data));
  child.stderr?.on("data", (data) => (log += data));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the Smartcar emulator exited with ${child.exitCode}\n${log}`);
    try {
      if ((await fetch(`${url}/_emulator/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the Smartcar emulator did not answer on ${url} within 30 s\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.stdout?.resume();
  child.stderr?.resume();
  return { url, stop: () => stopChild(child) };
}
