import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { CONNECT_ERROR_CODES } from "@/lib/connect/codes";
import { LAUNCHES_PER_USER } from "@/lib/connect/launch";
import { hashState } from "@/lib/connect/state";
import { db } from "@/lib/db";
import {
  baseUrl,
  callbackPath,
  emulatorUrl,
  get,
  launchConnect,
  sessionCookieFrom,
  signedInUser,
  snapshot,
} from "./http";

afterAll(async () => {
  await db().$disconnect();
});

function expectPrivate(response: Response) {
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
}

describe("GET /connect", () => {
  it("sends a signed-out visitor to sign in first", async () => {
    const response = await get("/connect");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?next=%2Fconnect");
  });

  it("records a hashed state with a 10-minute expiry and redirects to Connect", async () => {
    const before = Date.now();
    const { user, state, location, response } = await launchConnect();
    expect(response.status).toBe(303);
    expectPrivate(response);
    expect(`${location.origin}${location.pathname}`).toBe(`${emulatorUrl()}/oauth/authorize`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      response_type: "code",
      // The Application ID, never the API client id (contract 1.1, "Two identifiers").
      application_id: "00000000-0000-4000-a000-000000000001",
      redirect_uri: `${new URL(response.url).origin}/connect/callback`,
      scope:
        "read_vehicle_info read_battery read_odometer read_location read_security read_charge control_security control_charge",
      state,
      mode: "live",
      // Opaque: the app's own user id, never the email (contract 1.3).
      external_id: user.id,
    });
    expect(state).toMatch(/^[\w-]{43}$/);
    const attempt = await db().connectAttempt.findUniqueOrThrow({
      where: { stateHash: hashState(state) },
    });
    expect(attempt.userId).toBe(user.id);
    expect(attempt.usedAt).toBeNull();
    expect(attempt.expiresAt.getTime() - before).toBeGreaterThan(9.9 * 60_000);
    expect(attempt.expiresAt.getTime() - before).toBeLessThan(10.1 * 60_000);
  });

  it("runs nothing for the client router's payload fetch (RSC), so a router navigation launches once", async () => {
    const { user, cookie } = await signedInUser();
    for (const path of [
      "/connect",
      "/connect?make=TESLA",
      "/connect/retry?after=access_denied",
      "/connect/reauthenticate?vehicle=x",
    ]) {
      // Followed: Next.js first sends an RSC request without its cache-busting `_rsc` to the
      // address with it (307), as the router's own requests carry it.
      const response = await fetch(`${baseUrl()}${path}`, { headers: { cookie, rsc: "1" } });
      expect(response.status, path).toBe(204);
      expect(response.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
    expect(await db().connectAttempt.count({ where: { userId: user.id } })).toBe(0);
    expect((await get("/connect", cookie)).status).toBe(303);
    expect(await db().connectAttempt.count({ where: { userId: user.id } })).toBe(1);
  });

  it("passes a valid make through, and drops an invalid one", async () => {
    const { cookie } = await signedInUser();
    const ok = new URL((await get("/connect?make=tesla", cookie)).headers.get("location")!);
    expect(ok.searchParams.get("make")).toBe("TESLA");
    const bad = new URL((await get("/connect?make=%3Cscript%3E", cookie)).headers.get("location")!);
    expect(bad.searchParams.has("make")).toBe(false);
  });
});

describe("GET /connect from another site, or too often", () => {
  it("a link on another site starts nothing and records nothing", async () => {
    const { user, cookie } = await signedInUser();
    const response = await fetch(`${baseUrl()}/connect`, {
      redirect: "manual",
      headers: { cookie, "sec-fetch-site": "cross-site" },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/vehicles");
    expect(await db().connectAttempt.count({ where: { userId: user.id } })).toBe(0);
    const same = await fetch(`${baseUrl()}/connect`, {
      redirect: "manual",
      headers: { cookie, "sec-fetch-site": "same-origin" },
    });
    expect(new URL(same.headers.get("location")!).pathname).toBe("/oauth/authorize");
  });

  it("refuses a user's launches beyond the limit, with 429 and when to retry, even in a burst", async () => {
    const { user, cookie } = await signedInUser();
    const answers = await Promise.all(
      Array.from({ length: LAUNCHES_PER_USER.max + 5 }, () => get("/connect", cookie)),
    );
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(5);
    expect(Number(refused[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused[0]!.text()).toContain("Try again in 15 minutes");
    expect(await db().connectAttempt.count({ where: { userId: user.id } })).toBe(
      LAUNCHES_PER_USER.max,
    );
  });
});

describe("GET /connect/callback", () => {
  it("stores the user_id and goes to /vehicles", async () => {
    const { user, state, cookie } = await launchConnect();
    const smartcarUserId = randomUUID();
    const response = await get(callbackPath({ user_id: smartcarUserId, state }), cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/vehicles?connected=1");
    expectPrivate(response);
    const link = await db().smartcarLink.findUniqueOrThrow({ where: { smartcarUserId } });
    expect(link.userId).toBe(user.id);
    const attempt = await db().connectAttempt.findUniqueOrThrow({
      where: { stateHash: hashState(state) },
    });
    expect(attempt).toMatchObject({ outcome: "connected", smartcarUserId });
    expect(attempt.usedAt).not.toBeNull();
    // No new cookie on success: the attempt is spent, the state left in the cookie can do nothing.
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("fails a replayed state and changes nothing", async () => {
    const { state, cookie } = await launchConnect();
    const path = callbackPath({ user_id: randomUUID(), state });
    expect((await get(path, cookie)).headers.get("location")).toBe("/vehicles?connected=1");
    const before = await snapshot();
    const replay = await get(path, cookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.get("location")).toBe("/connect/error/invalid_state");
    expectPrivate(replay);
    expect(await snapshot()).toBe(before);
  });

  it("reconnecting the same owner is idempotent", async () => {
    const smartcarUserId = randomUUID();
    const first = await launchConnect();
    await get(callbackPath({ user_id: smartcarUserId, state: first.state }), first.cookie);
    const again = await get("/connect", first.cookie);
    const state = new URL(again.headers.get("location")!).searchParams.get("state")!;
    const cookie = again.headers.getSetCookie()[0]!.split(";")[0]!;
    expect(
      (await get(callbackPath({ user_id: smartcarUserId, state }), cookie)).headers.get("location"),
    ).toBe("/vehicles?connected=1");
    expect(await db().smartcarLink.count({ where: { userId: first.user.id } })).toBe(1);
    expect(await db().smartcarLink.count({ where: { smartcarUserId } })).toBe(1);
  });

  it("keeps every owner a user connects: a second carmaker account adds a link", async () => {
    const first = await launchConnect();
    const tesla = randomUUID();
    const bmw = randomUUID();
    await get(callbackPath({ user_id: tesla, state: first.state }), first.cookie);
    const again = await get("/connect", first.cookie);
    const state = new URL(again.headers.get("location")!).searchParams.get("state")!;
    const cookie = sessionCookieFrom(again)!;
    expect((await get(callbackPath({ user_id: bmw, state }), cookie)).headers.get("location")).toBe(
      "/vehicles?connected=1",
    );
    const links = await db().smartcarLink.findMany({
      where: { userId: first.user.id },
      orderBy: { connectedAt: "asc" },
    });
    expect(links.map((l) => l.smartcarUserId)).toEqual([tesla, bmw]);
  });

  it("concurrent callbacks for two owners of one user both land", async () => {
    const { user, cookie: first } = await signedInUser();
    // Two launches from two browsers of the same user, answered at the same moment.
    const launches = await Promise.all([get("/connect", first), get("/connect", first)]);
    const owners = [randomUUID(), randomUUID()];
    const responses = await Promise.all(
      launches.map((launch, i) => {
        const state = new URL(launch.headers.get("location")!).searchParams.get("state")!;
        return get(callbackPath({ user_id: owners[i]!, state }), sessionCookieFrom(launch)!);
      }),
    );
    expect(responses.map((r) => r.headers.get("location"))).toEqual([
      "/vehicles?connected=1",
      "/vehicles?connected=1",
    ]);
    const links = await db().smartcarLink.findMany({ where: { userId: user.id } });
    expect(links.map((l) => l.smartcarUserId).sort()).toEqual([...owners].sort());
  });

  it("two users racing to link one owner: exactly one wins, the other changes nothing", async () => {
    const smartcarUserId = randomUUID();
    const [a, b] = await Promise.all([launchConnect(), launchConnect()]);
    const responses = await Promise.all(
      [a, b].map((x) => get(callbackPath({ user_id: smartcarUserId, state: x.state }), x.cookie)),
    );
    expect(responses.map((r) => r.headers.get("location")).sort()).toEqual([
      "/connect/error/already_linked",
      "/vehicles?connected=1",
    ]);
    expect(await db().smartcarLink.count({ where: { smartcarUserId } })).toBe(1);
    const attempts = await db().connectAttempt.findMany({
      where: { stateHash: { in: [hashState(a.state), hashState(b.state)] } },
    });
    expect(attempts.map((x) => x.outcome).sort()).toEqual(["already_linked", "connected"]);
    expect(attempts.every((x) => x.usedAt !== null)).toBe(true);
  });

  it("refuses a user_id already linked to another user, and spends the state: one try per launch", async () => {
    const smartcarUserId = randomUUID();
    const owner = await launchConnect();
    await get(callbackPath({ user_id: smartcarUserId, state: owner.state }), owner.cookie);
    const other = await launchConnect();
    const linksBefore = await db().smartcarLink.findMany({ orderBy: { id: "asc" } });
    const response = await get(
      callbackPath({ user_id: smartcarUserId, state: other.state }),
      other.cookie,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/connect/error/already_linked");
    expectPrivate(response);
    expect(await db().smartcarLink.findMany({ orderBy: { id: "asc" } })).toEqual(linksBefore);
    const attempt = await db().connectAttempt.findUniqueOrThrow({
      where: { stateHash: hashState(other.state) },
    });
    // Spent, and the other owner's user_id is not recorded against this user.
    expect(attempt).toMatchObject({ outcome: "already_linked", smartcarUserId: null });
    expect(attempt.usedAt).not.toBeNull();
    // The state is gone from the cookie, and the same state is refused with the old cookie too:
    // this launch cannot try another user_id.
    const spentCookie = sessionCookieFrom(response)!;
    expect(spentCookie).toBeDefined();
    for (const cookie of [spentCookie, other.cookie]) {
      const again = await get(callbackPath({ user_id: randomUUID(), state: other.state }), cookie);
      expect(again.status).toBe(303);
      expect(again.headers.get("location")).toBe("/connect/error/invalid_state");
    }
    expect(await db().smartcarLink.count({ where: { userId: other.user.id } })).toBe(0);
  });

  it("an unconfirmed link left by someone else holds its user_id 10 minutes, then its owner takes it", async () => {
    const smartcarUserId = randomUUID();
    const stranger = await launchConnect();
    await get(callbackPath({ user_id: smartcarUserId, state: stranger.state }), stranger.cookie);
    // Within the hold: refused, as any link of another user.
    const early = await launchConnect();
    const refused = await get(
      callbackPath({ user_id: smartcarUserId, state: early.state }),
      early.cookie,
    );
    expect(refused.headers.get("location")).toBe("/connect/error/already_linked");
    // Never confirmed (the stranger never opened the page), and older than the hold: the owner's
    // Connect takes it over, unconfirmed again, theirs now.
    await db().smartcarLink.update({
      where: { smartcarUserId },
      data: { connectedAt: new Date(Date.now() - 11 * 60_000) },
    });
    const owner = await launchConnect();
    const taken = await get(
      callbackPath({ user_id: smartcarUserId, state: owner.state }),
      owner.cookie,
    );
    expect(taken.status).toBe(303);
    expect(taken.headers.get("location")).toBe("/vehicles?connected=1");
    expect(await db().smartcarLink.findUniqueOrThrow({ where: { smartcarUserId } })).toMatchObject({
      userId: owner.user.id,
      confirmedAt: null,
    });
    // The positive control for the hold: a confirmed link is never taken over, however old.
    await db().smartcarLink.update({
      where: { smartcarUserId },
      data: { confirmedAt: new Date(), connectedAt: new Date(Date.now() - 3600_000) },
    });
    const late = await launchConnect();
    const kept = await get(
      callbackPath({ user_id: smartcarUserId, state: late.state }),
      late.cookie,
    );
    expect(kept.headers.get("location")).toBe("/connect/error/already_linked");
    expect((await db().smartcarLink.findUniqueOrThrow({ where: { smartcarUserId } })).userId).toBe(
      owner.user.id,
    );
  });

  it("a Connect error spends the state: the same state then linking a user_id is invalid_state", async () => {
    const { user, state, cookie } = await launchConnect();
    const error = await get(callbackPath({ error: "access_denied", state }), cookie);
    expect(error.headers.get("location")).toBe("/connect/error/access_denied");
    const again = await get(callbackPath({ user_id: randomUUID(), state }), cookie);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe("/connect/error/invalid_state");
    expectPrivate(again);
    expect(await db().smartcarLink.count({ where: { userId: user.id } })).toBe(0);
    // Positive control: a fresh launch of the same browser still links.
    const launch = await get("/connect", sessionCookieFrom(error)!);
    const fresh = new URL(launch.headers.get("location")!).searchParams.get("state")!;
    const linked = await get(
      callbackPath({ user_id: randomUUID(), state: fresh }),
      sessionCookieFrom(launch)!,
    );
    expect(linked.headers.get("location")).toBe("/vehicles?connected=1");
  });

  it.each([...CONNECT_ERROR_CODES])("records %s and goes to its page", async (code) => {
    const { state, cookie } = await launchConnect();
    const response = await get(
      callbackPath({ error: code, error_description: "Something <b>bold</b>", state }),
      cookie,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/connect/error/${code}`);
    expectPrivate(response);
    const attempt = await db().connectAttempt.findUniqueOrThrow({
      where: { stateHash: hashState(state) },
    });
    expect(attempt.outcome).toBe(code);
    expect(attempt.usedAt).not.toBeNull();
  });

  it("records the incompatible vehicle", async () => {
    const { state, cookie } = await launchConnect();
    await get(
      callbackPath({
        error: "vehicle_incompatible",
        error_description: "x",
        vin: "0SCAUDI012FE3B132",
        make: "FORD",
        model: "F-150",
        year: "2013",
        state,
      }),
      cookie,
    );
    const attempt = await db().connectAttempt.findUniqueOrThrow({
      where: { stateHash: hashState(state) },
    });
    expect(attempt).toMatchObject({
      vehicleVin: "0SCAUDI012FE3B132",
      vehicleMake: "FORD",
      vehicleModel: "F-150",
      vehicleYear: 2013,
    });
  });

  it("sends an unknown code to the generic page, keeping the code for the record", async () => {
    const { state, cookie } = await launchConnect();
    const response = await get(callbackPath({ error: "brand_new_error", state }), cookie);
    expect(response.headers.get("location")).toBe("/connect/error/unknown");
    const attempt = await db().connectAttempt.findUniqueOrThrow({
      where: { stateHash: hashState(state) },
    });
    expect(attempt).toMatchObject({ outcome: "unknown", errorCode: "brand_new_error" });
  });

  it("the error page shows the masked VIN and escapes nothing from the query", async () => {
    const { state, cookie } = await launchConnect();
    await get(
      callbackPath({
        error: "vehicle_incompatible",
        error_description: "<script>alert(1)</script>",
        vin: "0SCAUDI012FE3B132",
        make: "<img src=x onerror=alert(1)>",
        model: "F-150",
        year: "2013",
        state,
      }),
      cookie,
    );
    const page = await (await get("/connect/error/vehicle_incompatible", cookie)).text();
    expect(page).toContain("•••••••••••E3B132");
    expect(page).not.toContain("0SCAUDI012FE3B132");
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain("<script>alert(1)");
  });

  describe("invalid requests change nothing", () => {
    const uuid = "5f2b6c0e-8d3a-4c1e-9b7f-2a1d0e3c4b5a";
    const cases: [string, (state: string) => Record<string, string | string[]>, string][] = [
      ["a wrong state", () => ({ user_id: uuid, state: "A".repeat(43) }), "invalid_state"],
      ["no state", () => ({ user_id: uuid }), "invalid_state"],
      ["a malformed state", () => ({ user_id: uuid, state: "<script>" }), "invalid_state"],
      [
        "a malformed answer with a wrong state",
        () => ({ user_id: "not-a-uuid", state: "A".repeat(43) }),
        "invalid_response",
      ],
      [
        "a repeated state",
        (state) => ({ user_id: uuid, state: [state, state] }),
        "invalid_response",
      ],
      [
        "a huge query",
        (state) => ({ user_id: uuid, state, junk: "x".repeat(10_000) }),
        "invalid_response",
      ],
    ];
    it.each(cases)("%s", async (_name, params, page) => {
      const { state, cookie } = await launchConnect();
      const before = await snapshot();
      const response = await get(callbackPath(params(state)), cookie);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/connect/error/${page}`);
      expectPrivate(response);
      expect(await snapshot()).toBe(before);
    });

    const spending: [string, (state: string) => Record<string, string | string[]>, string][] = [
      [
        "both user_id and error",
        (state) => ({ user_id: uuid, error: "access_denied", state }),
        "invalid_response",
      ],
      [
        "a vehicle_id answering a Connect launch",
        (state) => ({ vehicle_id: "v1", state }),
        "invalid_state",
      ],
      ["neither user_id nor error", (state) => ({ state }), "invalid_response"],
      [
        "a user_id that is not a UUID",
        (state) => ({ user_id: "not-a-uuid", state }),
        "invalid_response",
      ],
      [
        "a user_id with markup",
        (state) => ({ user_id: `${uuid}<script>`, state }),
        "invalid_response",
      ],
      [
        "a repeated user_id",
        (state) => ({ user_id: [uuid, randomUUID()], state }),
        "invalid_response",
      ],
    ];
    it.each(spending)(
      "%s with this browser's state: links nothing, spends the state",
      async (_name, params, page) => {
        const { user, state, cookie } = await launchConnect();
        const response = await get(callbackPath(params(state)), cookie);
        expect(response.status).toBe(303);
        expect(response.headers.get("location")).toBe(`/connect/error/${page}`);
        expectPrivate(response);
        const attempt = await db().connectAttempt.findUniqueOrThrow({
          where: { stateHash: hashState(state) },
        });
        expect(attempt).toMatchObject({ outcome: "invalid_response", smartcarUserId: null });
        expect(attempt.usedAt).not.toBeNull();
        const again = await get(callbackPath({ user_id: randomUUID(), state }), cookie);
        expect(again.headers.get("location")).toBe("/connect/error/invalid_state");
        expect(await db().smartcarLink.count({ where: { userId: user.id } })).toBe(0);
      },
    );

    it("a valid state from a browser with no session", async () => {
      const { state } = await launchConnect();
      const before = await snapshot();
      const response = await get(callbackPath({ user_id: uuid, state }));
      expect(response.headers.get("location")).toBe("/connect/error/invalid_state");
      expect(await snapshot()).toBe(before);
    });

    it("another user's state", async () => {
      const victim = await launchConnect();
      const attacker = await launchConnect();
      const before = await snapshot();
      const response = await get(
        callbackPath({ user_id: uuid, state: victim.state }),
        attacker.cookie,
      );
      expect(response.headers.get("location")).toBe("/connect/error/invalid_state");
      expect(await snapshot()).toBe(before);
    });

    it("a state held by a session that was signed out since (its cookie copied before)", async () => {
      const { user, state, cookie } = await launchConnect();
      await db().session.updateMany({
        where: { userId: user.id },
        data: { revokedAt: new Date() },
      });
      const before = await snapshot();
      for (const answer of [
        { user_id: uuid },
        { error: "access_denied" },
        { vehicle_id: "v1" },
      ] as Record<string, string>[]) {
        const response = await get(callbackPath({ ...answer, state }), cookie);
        expect(response.headers.get("location")).toBe("/connect/error/invalid_state");
      }
      expect(await snapshot()).toBe(before);
    });

    it("a tampered session cookie", async () => {
      const { state, cookie } = await launchConnect();
      const before = await snapshot();
      const response = await get(
        callbackPath({ user_id: uuid, state }),
        `${cookie.slice(0, -6)}AAAAAA`,
      );
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/connect/error/invalid_state");
      expect(await snapshot()).toBe(before);
    });

    it("an expired state", async () => {
      const { state, cookie } = await launchConnect();
      await db().connectAttempt.update({
        where: { stateHash: hashState(state) },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const before = await snapshot();
      const response = await get(callbackPath({ user_id: uuid, state }), cookie);
      expect(response.headers.get("location")).toBe("/connect/error/invalid_state");
      expect(await snapshot()).toBe(before);
    });
  });

  it("20 concurrent callbacks with one state give exactly one success", async () => {
    const { user, state, cookie } = await launchConnect();
    const path = callbackPath({ user_id: randomUUID(), state });
    const responses = await Promise.all(Array.from({ length: 20 }, () => get(path, cookie)));
    const locations = responses.map((r) => r.headers.get("location"));
    expect(locations.filter((l) => l === "/vehicles?connected=1")).toHaveLength(1);
    expect(locations.filter((l) => l === "/connect/error/invalid_state")).toHaveLength(19);
    expect(await db().smartcarLink.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("GET /connect/callback answering a re-authentication", () => {
  /** A signed-in user whose browser launched a re-authentication of `vehicleId`. */
  async function launchedReauthentication(vehicleId: string) {
    const { user, cookie } = await signedInUser();
    // A launch records the attempt and puts its state in the session, as /connect/reauthenticate does.
    const launch = await get("/connect", cookie);
    const state = new URL(launch.headers.get("location")!).searchParams.get("state")!;
    await db().connectAttempt.update({
      where: { stateHash: hashState(state) },
      data: { kind: "reauthenticate", vehicleId, vehicleLabel: "2022 Tesla Model 3" },
    });
    return { user, state, cookie: sessionCookieFrom(launch)! };
  }

  it("records it and goes back to /vehicles", async () => {
    const vehicleId = randomUUID();
    const { state, cookie } = await launchedReauthentication(vehicleId);
    const response = await get(callbackPath({ vehicle_id: vehicleId, state }), cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/vehicles?reconnected=1");
    expectPrivate(response);
    const attempt = await db().connectAttempt.findUniqueOrThrow({
      where: { stateHash: hashState(state) },
    });
    expect(attempt).toMatchObject({ outcome: "reauthenticated", kind: "reauthenticate" });
    expect(attempt.usedAt).not.toBeNull();
  });

  it("refuses another vehicle's id or a user_id, spending the state", async () => {
    const answers: Record<string, string>[] = [
      { vehicle_id: randomUUID() },
      { user_id: randomUUID() },
    ];
    for (const answer of answers) {
      const vehicleId = randomUUID();
      const { state, cookie } = await launchedReauthentication(vehicleId);
      expect((await get(callbackPath({ ...answer, state }), cookie)).headers.get("location")).toBe(
        "/connect/error/invalid_state",
      );
      expect(
        (await get(callbackPath({ vehicle_id: vehicleId, state }), cookie)).headers.get("location"),
      ).toBe("/connect/error/invalid_state");
      const attempt = await db().connectAttempt.findUniqueOrThrow({
        where: { stateHash: hashState(state) },
      });
      expect(attempt.outcome).toBe("invalid_response");
    }
  });

  it("refuses a replay, changing nothing", async () => {
    const vehicleId = randomUUID();
    const { state, cookie } = await launchedReauthentication(vehicleId);
    expect(
      (await get(callbackPath({ vehicle_id: vehicleId, state }), cookie)).headers.get("location"),
    ).toBe("/vehicles?reconnected=1");
    const after = await snapshot();
    expect(
      (await get(callbackPath({ vehicle_id: vehicleId, state }), cookie)).headers.get("location"),
    ).toBe("/connect/error/invalid_state");
    expect(await snapshot()).toBe(after);
  });

  it("records an error with the same error pages", async () => {
    const { state, cookie } = await launchedReauthentication(randomUUID());
    const response = await get(
      callbackPath({ error: "oem_cancelled_login", error_description: "x", state }),
      cookie,
    );
    expect(response.headers.get("location")).toBe("/connect/error/oem_cancelled_login");
    const page = await (await get("/connect/error/oem_cancelled_login", cookie)).text();
    expect(page).toContain('href="/connect/retry?after=oem_cancelled_login"');
    // Try again repeats the re-authentication of that vehicle.
    const retry = await get("/connect/retry?after=oem_cancelled_login", cookie);
    expect(retry.status).toBe(303);
    expect(retry.headers.get("location")).toMatch(/^\/connect\/reauthenticate\?vehicle=[\w-]+$/);
  });
});
