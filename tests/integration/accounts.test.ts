import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { signIn, signUp } from "@/lib/accounts/accounts";
import { MAX_FAILURES } from "@/lib/accounts/sign-in-throttle";
import { db } from "@/lib/db";

const password = "correct horse battery";
let n = 0;
const freshEmail = () => `user${Date.now()}${n++}@example.com`;

afterAll(async () => {
  await db().$disconnect();
});

describe("signUp", () => {
  it("creates a user with a hashed password and a normalised email", async () => {
    const email = freshEmail();
    const outcome = await signUp({ email: `  ${email.toUpperCase()} `, password });
    expect(outcome).toMatchObject({ kind: "signed-up", user: { email } });
    const row = await db().user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(password);
  });

  it("refuses a taken email, whatever its case, and changes nothing", async () => {
    const email = freshEmail();
    await signUp({ email, password });
    const before = await db().user.count();
    expect(await signUp({ email: email.toUpperCase(), password: "another password" })).toEqual({ kind: "email-taken" });
    expect(await db().user.count()).toBe(before);
  });

  it("writes nothing for invalid input", async () => {
    const before = await db().user.count();
    expect(await signUp({ email: "nope", password: "short" })).toMatchObject({ kind: "invalid" });
    expect(await db().user.count()).toBe(before);
  });
});

describe("signIn", () => {
  let email: string;
  beforeEach(async () => {
    email = freshEmail();
    await signUp({ email, password });
  });

  it("signs in with the right password", async () => {
    expect(await signIn({ email, password })).toMatchObject({ kind: "signed-in", user: { email } });
  });

  it("answers the same for a wrong password and an unknown email", async () => {
    expect(await signIn({ email, password: "wrong password" })).toEqual({ kind: "wrong-credentials" });
    expect(await signIn({ email: freshEmail(), password })).toEqual({ kind: "wrong-credentials" });
  });

  it(`locks an email out after ${MAX_FAILURES} failures, even for the right password, in the database`, async () => {
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(await signIn({ email, password: `wrong ${i}` })).toEqual({ kind: "wrong-credentials" });
    }
    const locked = await signIn({ email, password });
    expect(locked.kind).toBe("rate-limited");
    expect(locked.kind === "rate-limited" && locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(await db().signInFailure.count({ where: { email } })).toBe(MAX_FAILURES);
    // Another email is not affected.
    const other = freshEmail();
    await signUp({ email: other, password });
    expect(await signIn({ email: other, password })).toMatchObject({ kind: "signed-in" });
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    await signIn({ email, password: "wrong" });
    await signIn({ email, password });
    expect(await db().signInFailure.count({ where: { email } })).toBe(0);
  });
});
