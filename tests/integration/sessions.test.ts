import { randomUUID } from "node:crypto";
import { sealData } from "iron-session";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "@/lib/accounts/accounts";
import { db } from "@/lib/db";
import { hashOf } from "@/lib/session-store";
import {
  actionForm,
  baseUrl,
  callbackPath,
  get,
  launchConnect,
  newClient,
  type PageForm,
  postForm,
  readForm,
  signedInAs,
  signedInUser,
  streamedRedirect,
} from "./http";

// Sessions that can be ended: the cookie names a row, and the row decides, on every request.

const password = "correct horse battery";
let n = 0;
const freshEmail = () => `sessions-${Date.now()}-${n++}@example.com`;
let signInForm: PageForm;

beforeAll(async () => {
  signInForm = await readForm("/sign-in", "Sign in");
});

afterAll(async () => {
  await db().$disconnect();
});

async function signedUp(): Promise<string> {
  const email = freshEmail();
  await signUp({ email, password }, { client: newClient() });
  return email;
}

/** Signs in over HTTP, as the form does: the cookie the browser gets. */
async function signIn(email: string): Promise<string> {
  const answer = await postForm(signInForm, { email, password }, { client: newClient() });
  expect(answer.status).toBe(303);
  expect(answer.cookie).toBeTruthy();
  return answer.cookie!;
}

/** What the cookie opens: the vehicles page, or a redirect to sign in. */
async function opens(cookie: string): Promise<boolean> {
  const response = await get("/vehicles", cookie);
  // A cookie that unseals passes the proxy's check of its presence; the page itself checks the
  // session, and sends the browser to sign in from inside its stream.
  expect(response.status).toBe(200);
  const to = streamedRedirect(await response.text());
  if (to === null) return true;
  expect(to).toMatch(/^\/sign-in\?next=(%2F|\/)vehicles$/);
  return false;
}

describe("a session", () => {
  it("is recorded at sign-in, as the SHA-256 of a 256-bit id that only the sealed cookie carries", async () => {
    const email = await signedUp();
    const cookie = await signIn(email);
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    const rows = await db().session.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toMatch(/^[\w-]{43}$/);
    expect(rows[0]!.revokedAt).toBeNull();
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(
      7 * 24 * 60 * 60 * 1000,
    );
    expect(cookie).not.toContain(rows[0]!.tokenHash);
    expect(await opens(cookie)).toBe(true);
  });

  it("after Sign out, the old cookie opens nothing", async () => {
    const cookie = await signIn(await signedUp());
    expect(await opens(cookie)).toBe(true);
    const answer = await postForm(actionForm("signOutAction"), {}, { cookie });
    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(/^(http:\/\/[^/]+)?\/$/);
    expect(answer.cookie).toBe("sc_session=");
    expect(await opens(cookie)).toBe(false);
    expect((await get("/connect", cookie)).headers.get("location")).toBe(
      "/sign-in?next=%2Fconnect",
    );
    expect(await signedInAs(cookie)).toBeNull();
  });

  it("Sign out everywhere ends every session of the user, and only theirs", async () => {
    const email = await signedUp();
    const [first, second, third] = [await signIn(email), await signIn(email), await signIn(email)];
    const someoneElse = await signIn(await signedUp());
    const answer = await postForm(actionForm("signOutEverywhereAction"), {}, { cookie: first });
    expect(answer.status).toBe(303);
    expect(answer.cookie).toBe("sc_session=");
    for (const cookie of [first, second, third]) expect(await opens(cookie)).toBe(false);
    expect(await opens(someoneElse)).toBe(true);
  });

  it("a copy of a cookie that was signed out cannot sign its owner out everywhere", async () => {
    const email = await signedUp();
    const stolen = await signIn(email);
    const owner = await signIn(email);
    const everywhere = actionForm("signOutEverywhereAction");
    await postForm(actionForm("signOutAction"), {}, { cookie: stolen });
    await postForm(everywhere, {}, { cookie: stolen });
    expect(await opens(owner)).toBe(true);
  });

  it("signing in starts a fresh session and ends the one the browser had (no fixation)", async () => {
    const email = await signedUp();
    const before = await signIn(email);
    const answer = await postForm(
      signInForm,
      { email, password },
      { cookie: before, client: newClient() },
    );
    expect(answer.status).toBe(303);
    expect(answer.cookie).not.toBe(before);
    expect(await opens(before)).toBe(false);
    expect(await opens(answer.cookie!)).toBe(true);
  });

  it("a cross-site POST of Sign out or Sign out everywhere changes nothing (server actions check Origin)", async () => {
    const cookie = await signIn(await signedUp());
    for (const button of ["signOutAction", "signOutEverywhereAction"]) {
      const form = actionForm(button);
      const body = new FormData();
      for (const [name, value] of form.hidden) body.append(name, value);
      const response = await fetch(`${baseUrl()}/`, {
        method: "POST",
        body,
        redirect: "manual",
        headers: { cookie, origin: "https://evil.example" },
      });
      expect(response.status, button).toBeGreaterThanOrEqual(400);
      expect(response.headers.getSetCookie().join(), button).not.toContain("sc_session=");
    }
    expect(await opens(cookie)).toBe(true);
  });

  it("GET /session names the signed-in user to their own browser only, and nobody for a signed-out or tampered cookie", async () => {
    const email = await signedUp();
    const cookie = await signIn(email);
    const response = await get("/session", cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(await response.json()).toEqual({
      signedIn: true,
      emulatorMode: true,
      email,
      notice: null,
    });
    expect(await signedInAs(`${cookie.slice(0, -2)}xx`)).toBeNull();
    expect(await (await get("/session")).json()).toEqual({ signedIn: false, emulatorMode: true });
    await postForm(actionForm("signOutAction"), {}, { cookie });
    expect(await signedInAs(cookie)).toBeNull();
  });

  it("ends at once, on every request, when its row is revoked, expired, or gone", async () => {
    const revoked = await signedInUser();
    await db().session.updateMany({
      where: { userId: revoked.user.id },
      data: { revokedAt: new Date() },
    });
    expect(await opens(revoked.cookie)).toBe(false);

    const expired = await signedInUser();
    await db().session.updateMany({
      where: { userId: expired.user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await opens(expired.cookie)).toBe(false);

    const deleted = await signedInUser();
    await db().session.deleteMany({ where: { userId: deleted.user.id } });
    expect(await opens(deleted.cookie)).toBe(false);

    const live = await signedInUser();
    expect(await opens(live.cookie)).toBe(true);
  });

  it("a cookie sealed before sessions were recorded (no session id), or naming another user's session, is signed out", async () => {
    const { user, sessionId } = await signedInUser();
    const secret = { password: inject("sessionSecret"), ttl: 3600 };
    expect(
      await opens(`sc_session=${await sealData({ userId: user.id, email: user.email }, secret)}`),
    ).toBe(false);
    const other = await signedInUser();
    expect(
      await opens(
        `sc_session=${await sealData({ sessionId, userId: other.user.id, email: other.user.email }, secret)}`,
      ),
    ).toBe(false);
  });
});

describe("idle expiry (24 hours) next to the absolute one (7 days)", () => {
  const HOUR = 60 * 60 * 1000;
  const hash = (sessionId: string) => hashOf(sessionId);

  it("a session unused for 24 hours is signed out; one used 23 hours ago is kept and marked seen", async () => {
    const idle = await signedInUser();
    const recent = await signedInUser();
    await db().session.update({
      where: { tokenHash: hash(idle.sessionId) },
      data: { lastSeenAt: new Date(Date.now() - 24 * HOUR - 1000) },
    });
    const twentyThreeHoursAgo = new Date(Date.now() - 23 * HOUR);
    await db().session.update({
      where: { tokenHash: hash(recent.sessionId) },
      data: { lastSeenAt: twentyThreeHoursAgo },
    });
    expect(await signedInAs(idle.cookie)).toBeNull();
    // Positive control: the same check keeps the one used within the day, and restarts its clock.
    expect(await signedInAs(recent.cookie)).toBe(recent.user.email);
    const row = await db().session.findUniqueOrThrow({
      where: { tokenHash: hash(recent.sessionId) },
    });
    expect(row.lastSeenAt.getTime()).toBeGreaterThan(twentyThreeHoursAgo.getTime() + 22 * HOUR);
  });

  it("a session seen within the minute is read, not written", async () => {
    const { user, sessionId, cookie } = await signedInUser();
    const seen = new Date(Date.now() - 30_000);
    await db().session.update({
      where: { tokenHash: hash(sessionId) },
      data: { lastSeenAt: seen },
    });
    expect(await signedInAs(cookie)).toBe(user.email);
    const row = await db().session.findUniqueOrThrow({ where: { tokenHash: hash(sessionId) } });
    expect(row.lastSeenAt.getTime()).toBe(seen.getTime());
  });

  it("a live-updates stream reconnecting by itself checks the session but never marks it seen", async () => {
    const { user, sessionId, cookie } = await signedInUser();
    const anHourAgo = new Date(Date.now() - HOUR);
    await db().session.update({
      where: { tokenHash: hash(sessionId) },
      data: { lastSeenAt: anHourAgo },
    });
    const abort = new AbortController();
    const stream = await fetch(`${baseUrl()}/vehicles/live`, {
      headers: { cookie, accept: "text/event-stream" },
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    abort.abort();
    const after = await db().session.findUniqueOrThrow({ where: { tokenHash: hash(sessionId) } });
    expect(after.lastSeenAt.getTime()).toBe(anHourAgo.getTime());
    // The positive control: a request the person makes marks it seen.
    expect(await signedInAs(cookie)).toBe(user.email);
    const seen = await db().session.findUniqueOrThrow({ where: { tokenHash: hash(sessionId) } });
    expect(seen.lastSeenAt.getTime()).toBeGreaterThan(anHourAgo.getTime());
  });

  it("the Connect callback refuses a launch whose session went idle", async () => {
    const { user, state, cookie } = await launchConnect();
    await db().session.updateMany({
      where: { userId: user.id },
      data: { lastSeenAt: new Date(Date.now() - 25 * HOUR) },
    });
    const response = await get(callbackPath({ user_id: randomUUID(), state }), cookie);
    expect(response.headers.get("location")).toBe("/connect/error/invalid_state");
    expect(await db().smartcarLink.count({ where: { userId: user.id } })).toBe(0);
  });
});
