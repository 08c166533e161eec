import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { Client } from "./client";
import { launch, startEmulator, type EmulatorProcess } from "./emulator-process";
import { startReceiver, type Receiver } from "./receiver";

// The one setup of every emulator test file. A file runs its own emulator processes, receivers
// and data folders; whatever a test does, pass, fail or time out, they are all stopped and
// removed when the file ends, so no process outlives its file and no folder is left behind.

export type FileScope = {
  /** An emulator process (startEmulator), stopped when the file ends. */
  startEmulator(env?: Record<string, string>): Promise<EmulatorProcess>;
  /** The entry point run as is (launch), its process stopped when the file ends. */
  launch(env: Record<string, string>): ReturnType<typeof launch>;
  /** A webhook endpoint (startReceiver), closed when the file ends. */
  startReceiver(managementToken: string): Promise<Receiver>;
  /** A new empty folder under the system's temporary folder, removed when the file ends. */
  makeTempDir(prefix: string): string;
  /** Anything else the file started, undone when it ends. */
  onEnd(undo: () => unknown): void;
};

/** Called once at the top of a test file: what it starts through the scope ends with the file. */
export function fileScope(): FileScope {
  const undos: (() => unknown)[] = [];
  afterAll(async () => {
    // Last started, first stopped (an emulator before the receiver it delivers to); every undo
    // runs even when one before it fails.
    const failures: unknown[] = [];
    for (const undo of undos.splice(0).reverse()) {
      try {
        await undo();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length) throw failures[0];
  });
  return {
    async startEmulator(env) {
      const emulator = await startEmulator(env);
      undos.push(() => emulator.stop());
      return emulator;
    },
    launch(env) {
      const started = launch(env);
      undos.push(
        () =>
          new Promise<void>((resolve) => {
            const { child } = started;
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
          }),
      );
      return started;
    },
    async startReceiver(managementToken) {
      const receiver = await startReceiver(managementToken);
      undos.push(() => receiver.close());
      return receiver;
    },
    makeTempDir(prefix) {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      undos.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    onEnd(undo) {
      undos.push(undo);
    },
  };
}

export type EmulatorOptions = {
  /**
   * The emulator's environment, or a function that gives it once what it depends on has started
   * (a receiver, whose URL it delivers to), through the same scope.
   */
  env?: Record<string, string> | ((file: FileScope) => Promise<Record<string, string>>);
  /**
   * The settings each test starts from (Client.fresh), or false for a file that resets the state
   * itself, when and as it needs.
   */
  settings?: Record<string, unknown> | false;
};

/**
 * The usual test file: one emulator for all its tests, started before them and stopped after
 * them, its state reset before each test. `client` talks to it once it has started.
 */
export function setUpEmulator(options: EmulatorOptions = {}): { client: Client; file: FileScope } {
  const file = fileScope();
  let emulator: EmulatorProcess | undefined;
  const client = new Client(() => {
    if (!emulator) throw new Error("The emulator has not started (setUpEmulator's beforeAll)");
    return emulator.origin;
  });
  beforeAll(async () => {
    const env = typeof options.env === "function" ? await options.env(file) : options.env;
    emulator = await file.startEmulator(env);
  });
  const { settings = {} } = options;
  if (settings) beforeEach(() => client.fresh(settings));
  return { client, file };
}
