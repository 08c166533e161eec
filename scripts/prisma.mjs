// Runs the project's Prisma CLI as a child process, without blocking this process's event loop
// (the embedded database may be served from it).
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const cli = path.join(root, "node_modules", "prisma", "build", "index.js");

/**
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, quiet?: boolean | "unless-failed" }} [options] quiet: no
 *   standard output (errors still show); "unless-failed": nothing at all, unless it fails
 * @returns {Promise<number>} the exit code
 */
export function runPrisma(args, { env = process.env, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: { ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio:
        quiet === "unless-failed"
          ? ["ignore", "pipe", "pipe"]
          : quiet
            ? ["ignore", "ignore", "inherit"]
            : "inherit",
    });
    let output = "";
    child.stdout?.on("data", (data) => (output += data));
    child.stderr?.on("data", (data) => (output += data));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0 && output) process.stderr.write(output);
      resolve(code ?? 1);
    });
  });
}
