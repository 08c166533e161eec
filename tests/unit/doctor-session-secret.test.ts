import { describe, expect, it } from "vitest";
import { checkSessionSecret, judgeSecret } from "@/lib/doctor/session-secret";

const strong = "k7Qz2Rw9Xa4Lm1Pb8Nc3Vd6Hf0Js5Tg2Yu";
const hex = "3f9a0c1b7e4d2a6f8b5c0e9d1a7f3b2c";

describe("judgeSecret", () => {
  it("accepts random base64 and hex of 32+ characters", () => {
    expect(judgeSecret(strong)).toBeNull();
    expect(judgeSecret(hex)).toBeNull();
  });

  it("refuses fewer than 32 characters, one repeated character, example text, or too few characters", () => {
    expect(judgeSecret("abc")).toBe("is 3 characters long; it must be at least 32");
    expect(judgeSecret("x".repeat(40))).toBe("is one character repeated");
    expect(judgeSecret("change-me-to-a-long-random-string-now")).toBe(
      "looks like example text, not a random secret",
    );
    expect(judgeSecret("your-session-secret-goes-here-32chars")).toBe(
      "looks like example text, not a random secret",
    );
    expect(judgeSecret("$(openssl rand -base64 32)xxxxxxxxxxxx")).toBe(
      "looks like example text, not a random secret",
    );
    expect(judgeSecret("abababababababababababababababab")).toBe(
      "uses only 2 different characters: it is easy to guess",
    );
  });
});

describe("the Session secret check", () => {
  const production = { isProduction: true, defaulted: false, developmentSecret: null };
  const development = { isProduction: false, developmentSecret: null };

  it("in production: ok for a strong secret, fails a weak one with the fix", () => {
    expect(checkSessionSecret({ ...production, secret: strong })).toEqual({
      name: "Session secret",
      status: "ok",
      message: `set, ${strong.length} characters`,
    });
    const weak = checkSessionSecret({ ...production, secret: "a".repeat(32) });
    expect(weak).toMatchObject({ status: "fail", message: "is one character repeated" });
    expect(weak.fix).toContain("openssl rand -base64 32");
  });

  it("in production: warns when it is the development one from .data/session-secret", () => {
    const result = checkSessionSecret({ ...production, secret: strong, developmentSecret: strong });
    expect(result).toMatchObject({
      status: "warn",
      message: "is the development one from .data/session-secret",
    });
  });

  it("in development: ok when unset (a random one is kept under .data/), a warning when set but weak", () => {
    const made = checkSessionSecret({ ...development, secret: strong, defaulted: true });
    expect(made).toMatchObject({
      status: "ok",
      message: expect.stringContaining(".data/session-secret"),
    });
    expect(
      checkSessionSecret({ ...development, secret: "x".repeat(32), defaulted: false }).status,
    ).toBe("warn");
    expect(checkSessionSecret({ ...development, secret: strong, defaulted: false }).status).toBe(
      "ok",
    );
  });
});
