import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { EmulatorProcess } from "./support/emulator-process";
import { fileScope } from "./support/setup";

// The setup every emulator test file shares must leave nothing behind, even after a failed test:
// a scope ends with its block here, as it ends with its file elsewhere.

const left: { emulator?: EmulatorProcess; dir?: string; answered?: number; made?: boolean } = {};

describe("a scope whose test fails", () => {
  const scope = fileScope();

  it.fails("had an emulator running and a folder made when its test failed", async () => {
    left.emulator = await scope.startEmulator();
    left.dir = scope.makeTempDir("emulator-setup-test-");
    left.answered = (await fetch(`${left.emulator.origin}/_emulator/health`)).status;
    left.made = existsSync(left.dir);
    expect("this test").toBe("failed, with its emulator running");
  });
});

describe("once that scope has ended", () => {
  it("has stopped the emulator and removed the folder", () => {
    // The positive control: both were there while the failed test ran.
    expect([left.answered, left.made]).toEqual([200, true]);
    const { child } = left.emulator!;
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
    expect(existsSync(left.dir!)).toBe(false);
  });
});
