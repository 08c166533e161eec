import { describe, expect, it } from "vitest";
import { checkConfiguration, skippedChecks } from "@/lib/doctor/configuration";
import { countProblems, formatLine, summarize } from "@/lib/doctor/summary";
import type { CheckResult } from "@/lib/doctor/result";

const secret = "k7Qz2Rw9Xa4Lm1Pb8Nc3Vd6Hf0Js5Tg2Yu";

describe("the Configuration check", () => {
  it("is one ok line and hands the config on when every variable is valid", () => {
    const { config, results } = checkConfiguration({ SESSION_SECRET: secret });
    expect(config?.appUrl).toBe("http://localhost:3000");
    expect(results).toEqual([
      { name: "Configuration", status: "ok", message: "every variable is valid" },
    ]);
  });

  it("is one failing line per bad variable, naming it, each with its fix", () => {
    const { config, results } = checkConfiguration({
      NODE_ENV: "production",
      SESSION_SECRET: "short",
      DATABASE_URL: "mysql://x",
      SMARTCAR_CLIENT_ID: "id",
      TRUSTED_PROXY_HOPS: "one",
    });
    expect(config).toBeNull();
    expect(results.map((r) => [r.status, r.message])).toEqual([
      ["fail", "SESSION_SECRET must be at least 32 characters long"],
      ["fail", "DATABASE_URL must be a postgresql:// connection string"],
      ["fail", "TRUSTED_PROXY_HOPS must be a whole number"],
      ["fail", "SMARTCAR_APPLICATION_ID is required when SMARTCAR_CLIENT_ID is set"],
      ["fail", "SMARTCAR_CLIENT_SECRET is required when SMARTCAR_CLIENT_ID is set"],
    ]);
    expect(results[0]!.fix).toContain("openssl rand -base64 32");
    expect(results[1]!.fix).toContain("postgresql://user:password@host:5432/database");
    expect(results[2]!.fix).toContain("TRUSTED_PROXY_HOPS to the number of proxies");
    // Which identifier goes where, and where the Dashboard shows each.
    for (const result of results.slice(3)) {
      expect(result.fix).toContain(
        "SMARTCAR_APPLICATION_ID is the Application ID, a UUID (Smartcar Dashboard > Configuration > Application details), which Connect takes",
      );
      expect(result.fix).toContain("(Dashboard > API Credentials), only for tokens");
    }
  });

  it("names SESSION_SECRET when production has none", () => {
    const { results } = checkConfiguration({ NODE_ENV: "production", SMARTCAR_EMULATOR: "true" });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: "fail",
      message: expect.stringMatching(/^SESSION_SECRET is required in production/),
    });
    expect(results[0]!.fix).toMatch(/^set SESSION_SECRET/);
  });
});

describe("the printed lines", () => {
  const ok: CheckResult = {
    name: "Database",
    status: "ok",
    message: "answers",
    fix: "never shown",
  };
  const warn: CheckResult = {
    name: "Webhooks",
    status: "warn",
    message: "no token",
    fix: "set it",
  };
  const fail: CheckResult = {
    name: "Credentials",
    status: "fail",
    message: "refused",
    fix: "copy them again",
  };

  it("are one per check: symbol, name, message, and → fix for problems", () => {
    expect(formatLine(ok)).toBe("✓ Database        answers");
    expect(formatLine(warn)).toBe("! Webhooks        no token → set it");
    expect(formatLine(fail)).toBe("✗ Credentials     refused → copy them again");
  });

  it("end with All clear. unless something failed; warnings do not fail", () => {
    expect(summarize([ok])).toBe("All clear.");
    expect(summarize([ok, warn])).toBe("All clear. 1 warning.");
    expect(summarize([ok, fail, warn, fail])).toBe("2 problems. 1 warning.");
    expect(countProblems([fail, warn, skippedChecks()])).toEqual({ problems: 1, warnings: 2 });
  });
});
