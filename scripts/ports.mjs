// A server a test or a measurement starts must be the one it then talks to: a port another
// process already holds fails loudly, naming the port, instead of passing for the new server.
import { createServer } from "node:net";

/** Resolves when nothing listens on `port` (any address); rejects naming the port otherwise. */
export function ensurePortFree(port, what = "the server") {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `port ${port} is taken by another process: ${what} cannot start there. Stop that process, or choose another port.`,
            )
          : error,
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/**
 * Stops `child`: SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves once it
 * has exited, so the next server can take its port.
 */
export function stopChild(child, graceMs = 10_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
