import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { signIn, signUp } from "@/lib/accounts/accounts";
import { withHashSlot } from "@/lib/accounts/hash-slots";
import {
  SIGN_IN_PER_CLIENT,
  SIGN_IN_PER_EMAIL,
  SIGN_IN_PER_EMAIL_AND_CLIENT,
  SIGN_UP_PER_CLIENT,
} from "@/lib/accounts/limits";
import { takeSignUpNotice } from "@/lib/accounts/sign-up-notices";
import { db } from "@/lib/db";
import { hashedSubject, usesOf } from "@/lib/rate-limit";
import { newClient } from "./http";

// Every password hash goes through this instance's gate (lib/accounts/hash-slots.ts): counting
// its calls tells whether a request hashed, with no clock involved.
vi.mock("@/lib/accounts/hash-slots", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/accounts/hash-slots")>();
  return { withHashSlot: vi.fn(actual.withHashSlot) };
});
const hashes = () => vi.mocked(withHashSlot).mock.calls.length;

const password = "correct horse battery";
let n = 0;
const freshEmail = () => `user${Date.now()}${n++}@example.com`;
const from = () => ({ client: newClient() });

afterAll(async () => {
  await db().$disconnect();
});

describe("signUp", () => {
  it("creates a user with a hashed password and a normalised email, and does not sign in", async () => {
    const email = freshEmail();
    const outcome = await signUp({ email: `  ${email.toUpperCase()} `, password }, from());
    expect(outcome).toEqual({ kind: "submitted" });
    const row = await db().user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(password);
    expect(await db().session.count({ where: { userId: row.id } })).toBe(0);
  });

  it("answers a registered email, whatever its case, exactly like a new one, changes nothing, and tells the owner once", async () => {
    const email = freshEmail();
    await signUp({ email, password }, from());
    const before = await db().user.findUniqueOrThrow({ where: { email } });
    const users = await db().user.count();

    expect(
      await signUp({ email: email.toUpperCase(), password: "another password" }, from()),
    ).toEqual({ kind: "submitted" });
    expect(await signUp({ email, password: "a third password" }, from())).toEqual({
      kind: "submitted",
    });

    expect(await db().user.count()).toBe(users);
    expect((await db().user.findUniqueOrThrow({ where: { email } })).passwordHash).toBe(
      before.passwordHash,
    );
    const notice = await takeSignUpNotice(before.id);
    expect(notice).toMatchObject({ count: 2 });
    expect(Date.parse(notice!.lastAt)).toBeGreaterThanOrEqual(Date.parse(notice!.firstAt));
    expect(await takeSignUpNotice(before.id)).toBeNull();
  });

  it("writes nothing for invalid input", async () => {
    const before = await db().user.count();
    expect(await signUp({ email: "nope", password: "short" }, from())).toMatchObject({
      kind: "invalid",
    });
    expect(await db().user.count()).toBe(before);
  });

  it(`refuses a client's sign-up after ${SIGN_UP_PER_CLIENT.max} in a window, before hashing, and says when to retry`, async () => {
    const origin = from();
    for (let i = 0; i < SIGN_UP_PER_CLIENT.max; i++)
      expect(await signUp({ email: "nope", password: "x" }, origin)).toMatchObject({
        kind: "invalid",
      });
    // Invalid input is refused before any limit: the window is still empty.
    expect(await usesOf(SIGN_UP_PER_CLIENT, origin.client)).toBe(0);
    // Nine taken already; the tenth is a real sign-up, the eleventh is refused.
    await db().rateLimit.create({
      data: {
        key: `${SIGN_UP_PER_CLIENT.name}:${origin.client}`,
        count: SIGN_UP_PER_CLIENT.max - 1,
        windowEndsAt: new Date(Date.now() + SIGN_UP_PER_CLIENT.windowMs),
      },
    });
    expect(await signUp({ email: freshEmail(), password }, origin)).toEqual({ kind: "submitted" });
    const email = freshEmail();
    const refused = await signUp({ email, password }, origin);
    expect(refused.kind).toBe("rate-limited");
    expect(refused.kind === "rate-limited" && refused.retryAfterSeconds).toBeGreaterThan(
      SIGN_UP_PER_CLIENT.windowMs / 1000 - 120,
    );
    expect(await db().user.count({ where: { email } })).toBe(0);
    // Another client is not affected.
    expect(await signUp({ email, password }, from())).toEqual({ kind: "submitted" });
  }, 60_000);
});

describe("signIn", () => {
  let email: string;
  beforeEach(async () => {
    email = freshEmail();
    await signUp({ email, password }, from());
  });

  it("signs in with the right password", async () => {
    expect(await signIn({ email, password }, from())).toMatchObject({
      kind: "signed-in",
      user: { email },
    });
  });

  it("answers the same for a wrong password and an unknown email", async () => {
    expect(await signIn({ email, password: "wrong password" }, from())).toEqual({
      kind: "wrong-credentials",
    });
    expect(await signIn({ email: freshEmail(), password }, from())).toEqual({
      kind: "wrong-credentials",
    });
  });

  it(`locks an email out after ${SIGN_IN_PER_EMAIL.max} wrong guesses, even for the right password, in the database`, async () => {
    for (let i = 0; i < SIGN_IN_PER_EMAIL.max; i++) {
      expect(await signIn({ email, password: `wrong ${i}` }, from())).toEqual({
        kind: "wrong-credentials",
      });
    }
    const locked = await signIn({ email, password }, from());
    expect(locked).toMatchObject({ kind: "rate-limited", scope: "email" });
    expect(locked.kind === "rate-limited" && locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(await usesOf(SIGN_IN_PER_EMAIL, hashedSubject(email))).toBe(SIGN_IN_PER_EMAIL.max);
    // The table never holds the email itself.
    expect(await db().rateLimit.count({ where: { key: { contains: email } } })).toBe(0);
    // Another email is not affected.
    const other = freshEmail();
    await signUp({ email: other, password }, from());
    expect(await signIn({ email: other, password }, from())).toMatchObject({ kind: "signed-in" });
  }, 60_000);

  it("forgets a client's own wrong guesses after its successful sign-in, not the email's", async () => {
    const origin = from();
    const own = `${hashedSubject(email)}:${origin.client}`;
    await signIn({ email, password: "wrong" }, origin);
    expect(await usesOf(SIGN_IN_PER_EMAIL_AND_CLIENT, own)).toBe(1);
    expect(await usesOf(SIGN_IN_PER_EMAIL, hashedSubject(email))).toBe(1);
    await signIn({ email, password }, origin);
    expect(await usesOf(SIGN_IN_PER_EMAIL_AND_CLIENT, own)).toBe(0);
    // A stranger's guesses get no fresh allowance when the owner signs in (whose right password
    // is not counted as a guess).
    expect(await usesOf(SIGN_IN_PER_EMAIL, hashedSubject(email))).toBe(1);
  });

  it(`one client: ${SIGN_IN_PER_EMAIL_AND_CLIENT.max} wrong guesses lock that client out of this email only`, async () => {
    const origin = from();
    for (let i = 0; i < SIGN_IN_PER_EMAIL_AND_CLIENT.max; i++)
      expect(await signIn({ email, password: `wrong ${i}` }, origin)).toEqual({
        kind: "wrong-credentials",
      });
    expect(await signIn({ email, password }, origin)).toMatchObject({
      kind: "rate-limited",
      scope: "email",
    });
    // Positive control: another client with the right password is not held by this one's guesses.
    expect(await signIn({ email, password }, from())).toMatchObject({ kind: "signed-in" });
  });

  it(`refuses a client after ${SIGN_IN_PER_CLIENT.max} attempts in a window, right or wrong, without hashing`, async () => {
    const origin = from();
    await db().rateLimit.create({
      data: {
        key: `${SIGN_IN_PER_CLIENT.name}:${origin.client}`,
        count: SIGN_IN_PER_CLIENT.max,
        windowEndsAt: new Date(Date.now() + 60_000),
      },
    });
    const before = hashes();
    const refused = await signIn({ email, password }, origin);
    expect(refused).toMatchObject({ kind: "rate-limited", scope: "client" });
    expect(refused.kind === "rate-limited" && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(hashes(), "a refusal costs no hash").toBe(before);
    // The email's own count is untouched: the refusal was not a guess.
    expect(await usesOf(SIGN_IN_PER_EMAIL, hashedSubject(email))).toBe(0);
    // Positive control: a guess from a client with its window left is hashed, once.
    expect(await signIn({ email, password: "wrong" }, from())).toEqual({
      kind: "wrong-credentials",
    });
    expect(hashes()).toBe(before + 1);
  });
});
