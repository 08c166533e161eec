import { describe, expect, it } from "vitest";
import { judgeMigrations } from "@/lib/doctor/database";
import { compareMigrations, listMigrationFolders } from "@/lib/doctor/migrations";

const folders = ["20260101000000_a", "20260102000000_b", "20260103000000_c"];
const done = (name: string) => ({ name, finished: true, rolledBack: false });

describe("the migrations comparison", () => {
  it("lists this checkout's migrations in order", () => {
    const names = listMigrationFolders();
    expect(names[0]).toBe("20261124061439_init");
    expect(names).toEqual([...names].sort());
  });

  it("tells pending, failed and unknown migrations apart", () => {
    expect(compareMigrations(folders, folders.map(done))).toEqual({
      pending: [],
      failed: [],
      unknown: [],
      applied: 3,
    });
    expect(compareMigrations(folders, [done("20260101000000_a")]).pending).toEqual([
      "20260102000000_b",
      "20260103000000_c",
    ]);
    // A failed attempt, then a rolled-back one, then applied after all: applied.
    const retried = [
      { name: "20260102000000_b", finished: false, rolledBack: true },
      done("20260101000000_a"),
      done("20260102000000_b"),
    ];
    expect(compareMigrations(folders, retried)).toMatchObject({
      pending: ["20260103000000_c"],
      failed: [],
    });
    const failed = [
      done("20260101000000_a"),
      { name: "20260102000000_b", finished: false, rolledBack: false },
    ];
    expect(compareMigrations(folders, failed)).toMatchObject({
      failed: ["20260102000000_b"],
      pending: ["20260103000000_c"],
    });
    expect(
      compareMigrations(folders, [...folders, "20270101000000_new"].map(done)).unknown,
    ).toEqual(["20270101000000_new"]);
  });

  it("becomes one line whose fix names the command for where the checks run", () => {
    const pending = judgeMigrations(folders, [done("20260101000000_a")], "db:5432/app", "deploy");
    expect(pending).toMatchObject({
      status: "fail",
      message: "db:5432/app: 2 migrations are not applied: 20260102000000_b, 20260103000000_c",
      fix: "run `npm run db:deploy`",
    });
    expect(judgeMigrations(folders, [], "x", "embedded").fix).toContain(
      "npm run db -- migrate deploy",
    );
    expect(judgeMigrations(folders, folders.map(done), "db:5432/app", "deploy")).toMatchObject({
      status: "ok",
      message: "db:5432/app answers; all 3 migrations are applied",
    });
    expect(judgeMigrations(folders, [...folders, "z"].map(done), "x", "deploy").status).toBe(
      "warn",
    );
  });
});
