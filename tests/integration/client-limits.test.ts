import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "@/lib/accounts/accounts";
import { SIGN_IN_PER_EMAIL, SIGN_IN_PER_EMAIL_AND_CLIENT } from "@/lib/accounts/limits";
import { db } from "@/lib/db";
import { hashedSubject, usesOf } from "@/lib/rate-limit";
import { startServer, type TestServer } from "../support/server";
import { newClient, type PageForm, postForm, readForm } from "./http";

// Who a client is, and whose guesses fill whose bucket (docs/threat-model.md, "Sign-in limits").

const password = "correct horse battery";
let n = 0;
const freshEmail = () => `limits-${Date.now()}-${n++}@example.com`;
const wrong = (answer: { status: number; body: string }) =>
  answer.status === 200 && answer.body.includes("Wrong email or password.");
const locked = (answer: { status: number; body: string }) =>
  answer.status === 200 && answer.body.includes("Too many failed sign-in attempts");
const signedIn = (answer: { status: number; cookie?: string }) =>
  answer.status === 303 && !!answer.cookie;

let form: PageForm;
let direct: TestServer;

beforeAll(async () => {
  form = await readForm("/sign-in", "Sign in");
  // The same build reached directly: no proxy trusted, as by default.
  direct = await startServer(Number(process.env.INTEGRATION_PORT ?? 3211) + 5, {
    DATABASE_URL: inject("databaseUrl"),
    // The shared server's secret: the limits' keys (HMACs of emails) are the same on both.
    SESSION_SECRET: inject("sessionSecret"),
    TRUSTED_PROXY_HOPS: "0",
  });
}, 120_000);

afterAll(async () => {
  await direct?.stop();
  await db().$disconnect();
});

describe("with TRUSTED_PROXY_HOPS=0 (the default)", () => {
  it("a spoofed X-Forwarded-For shares the socket's bucket", async () => {
    const email = freshEmail();
    await signUp({ email, password }, { client: newClient() });
    const spoofed = [newClient(), "203.0.113.7", "198.51.100.1, 203.0.113.8"];
    for (const client of spoofed) {
      const answer = await postForm(
        form,
        { email, password: "wrong" },
        { client, server: direct.url },
      );
      expect(wrong(answer)).toBe(true);
    }
    // Three guesses, three spoofed addresses, one bucket: the socket's (this machine, 127.0.0.1).
    const emailKey = hashedSubject(email);
    const buckets = await db().rateLimit.findMany({
      where: { key: { startsWith: `sign-in:email-client:${emailKey}:` } },
    });
    expect(buckets.map((b) => [b.key.slice(b.key.lastIndexOf(":") + 1), b.count])).toEqual([
      ["127.0.0.1", 3],
    ]);
    for (const client of spoofed)
      expect(
        await usesOf(
          { name: "sign-in:email-client", max: 5, windowMs: 1 },
          `${emailKey}:${client}`,
        ),
      ).toBe(0);
  }, 60_000);

  it("positive control: behind one trusted proxy, the same headers are three clients", async () => {
    const email = freshEmail();
    await signUp({ email, password }, { client: newClient() });
    const clients = [newClient(), newClient(), newClient()];
    for (const client of clients)
      expect(wrong(await postForm(form, { email, password: "wrong" }, { client }))).toBe(true);
    const buckets = await db().rateLimit.count({
      where: { key: { startsWith: `sign-in:email-client:${hashedSubject(email)}:` } },
    });
    expect(buckets).toBe(3);
  }, 60_000);
});

describe("a stranger guessing an owner's password from many addresses", () => {
  it("is refused, while the owner still signs in from a browser that signed in before", async () => {
    const email = freshEmail();
    await signUp({ email, password }, { client: newClient() });
    const home = newClient();
    const first = await postForm(form, { email, password }, { client: home });
    expect(signedIn(first)).toBe(true);
    expect(first.deviceCookie).toMatch(/^sc_device=[\w-]+\.[\w-]+$/);

    // The stranger: a fresh address per guess, until the per-email limit refuses them.
    for (let i = 0; i < SIGN_IN_PER_EMAIL.max; i++)
      expect(
        wrong(await postForm(form, { email, password: `guess ${i}` }, { client: newClient() })),
      ).toBe(true);
    expect(
      locked(await postForm(form, { email, password: "guess" }, { client: newClient() })),
    ).toBe(true);
    // Even the right password, from a browser never used for this account, waits.
    expect(locked(await postForm(form, { email, password }, { client: newClient() }))).toBe(true);

    // The owner's browser, with its device cookie: not held, from home or from another address.
    for (const client of [home, newClient()]) {
      const owner = await postForm(
        form,
        { email, password },
        { client, cookie: first.deviceCookie },
      );
      expect(signedIn(owner)).toBe(true);
    }
    // A device cookie for another email, or a forged one, is no key to this one.
    const other = freshEmail();
    await signUp({ email: other, password }, { client: newClient() });
    const otherDevice = (await postForm(form, { email: other, password }, { client: newClient() }))
      .deviceCookie;
    for (const cookie of [otherDevice, `sc_device=${"A".repeat(22)}.${"B".repeat(43)}`])
      expect(
        locked(await postForm(form, { email, password }, { client: newClient(), cookie })),
      ).toBe(true);
  }, 120_000);
});

describe("a stranger guessing from the owner's own address (a shared NAT, an office)", () => {
  it("is refused there, while the owner's known browser at that address still signs in", async () => {
    const email = freshEmail();
    await signUp({ email, password }, { client: newClient() });
    const shared = newClient();
    const first = await postForm(form, { email, password }, { client: shared });
    expect(signedIn(first)).toBe(true);
    for (let i = 0; i < SIGN_IN_PER_EMAIL_AND_CLIENT.max; i++)
      expect(
        wrong(await postForm(form, { email, password: `guess ${i}` }, { client: shared })),
      ).toBe(true);
    // Without the device cookie, the right password from that address waits (the control)...
    expect(locked(await postForm(form, { email, password }, { client: shared }))).toBe(true);
    // ...with it, the owner is counted per device, not per address, and signs in.
    const owner = await postForm(
      form,
      { email, password },
      { client: shared, cookie: first.deviceCookie },
    );
    expect(signedIn(owner)).toBe(true);
  }, 120_000);
});
