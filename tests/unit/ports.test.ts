import { spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../scripts/emulator.mjs";
import { ensurePortFree, stopChild } from "../../scripts/ports.mjs";

// A server a test starts is the one it tests: a port another process holds fails loudly, naming
// the port, instead of the old process passing for the new server.

function listenAnywhere(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    );
  });
}

describe("starting a server on a port", () => {
  it("fails naming the port when another process holds it, and starts once it is free", async () => {
    const { server, port } = await listenAnywhere();
    await expect(ensurePortFree(port, "the app")).rejects.toThrow(
      `port ${port} is taken by another process: the app cannot start there`,
    );
    await expect(
      startEmulator({ port, dataDir: ":memory:", redirectUris: ["http://localhost:1/cb"] }),
    ).rejects.toThrow(`port ${port} is taken by another process: the Smartcar emulator`);
    await new Promise((resolve) => server.close(resolve));
    // The positive control: the same port, free now.
    await expect(ensurePortFree(port)).resolves.toBeUndefined();
    const emulator = await startEmulator({
      port,
      dataDir: ":memory:",
      redirectUris: ["http://localhost:1/cb"],
    });
    try {
      expect((await fetch(`${emulator.url}/_emulator/health`)).status).toBe(200);
    } finally {
      await emulator.stop();
    }
    await expect(ensurePortFree(port)).resolves.toBeUndefined();
  }, 60_000);

  it("a stopped child is waited for, and killed when it ignores SIGTERM", async () => {
    const stubborn = spawn(process.execPath, [
      "-e",
      "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000);",
    ]);
    try {
      await new Promise((resolve) => stubborn.stdout.once("data", resolve));
      await stopChild(stubborn, 200);
      expect(stubborn.signalCode).toBe("SIGKILL");
    } finally {
      // Pass or fail, the child does not outlive the test.
      if (stubborn.exitCode === null && stubborn.signalCode === null) stubborn.kill("SIGKILL");
    }
  });
});
