import { afterEach, describe, expect, it, vi } from "vitest";
import {
  deleteConnection,
  deleteUser,
  listConnections,
  readSignals,
  readVehicle,
  sendCommand,
} from "@/lib/smartcar/client";
import {
  classifySmartcarError,
  SmartcarApiError,
  SmartcarRateLimitedError,
  SmartcarResponseError,
  SmartcarUnavailableError,
} from "@/lib/smartcar/errors";
import { backoffMs, requestJson, retryAfterSeconds, type RetryPolicy } from "@/lib/smartcar/http";
import { SIGNAL } from "@/lib/smartcar/signals";
import { createTokenProvider, EXPIRY_MARGIN_MS } from "@/lib/smartcar/token";
import type { SmartcarTransport } from "@/lib/smartcar/transport";

const policy: RetryPolicy = { retries: 2, baseDelayMs: 100, maxDelayMs: 2_000, timeoutMs: 1_000 };

type Call = { url: string; init?: RequestInit };

/** A fetch that answers from a script of responses, recording each call. */
function scriptedFetch(script: (call: Call, index: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return script({ url, init }, calls.length - 1);
  };
  return { fetch, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
const tokenBody = (token: string) =>
  json({ access_token: token, token_type: "Bearer", expires_in: 3600 });

describe("application token", () => {
  it("is requested with the client-credentials grant and cached until shortly before it expires", async () => {
    let now = 1_000_000;
    const { fetch, calls } = scriptedFetch((_c, i) => tokenBody(`t${i}`));
    const tokens = createTokenProvider({
      authUrl: "https://iam.example",
      clientId: "id",
      clientSecret: "secret",
      fetch,
      now: () => now,
      policy,
    });
    expect(await tokens.getToken()).toBe("t0");
    expect(calls[0]!.url).toBe("https://iam.example/oauth2/token");
    expect(calls[0]!.init!.method).toBe("POST");
    expect(Object.fromEntries(new URLSearchParams(String(calls[0]!.init!.body)))).toEqual({
      grant_type: "client_credentials",
      client_id: "id",
      client_secret: "secret",
    });
    now += 3600_000 - EXPIRY_MARGIN_MS - 1;
    expect(await tokens.getToken()).toBe("t0");
    now += 2;
    expect(await tokens.getToken()).toBe("t1");
    expect(calls).toHaveLength(2);
  });

  it("shares one request among concurrent callers", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { fetch, calls } = scriptedFetch(async () => {
      await gate;
      return tokenBody("shared");
    });
    const tokens = createTokenProvider({
      authUrl: "https://iam.example",
      clientId: "id",
      clientSecret: "s",
      fetch,
      policy,
    });
    const waiting = Promise.all(Array.from({ length: 10 }, () => tokens.getToken()));
    release();
    expect(await waiting).toEqual(Array(10).fill("shared"));
    expect(calls).toHaveLength(1);
  });

  it("rejects an unexpected shape", async () => {
    const { fetch } = scriptedFetch(() => json({ token: "x" }));
    const tokens = createTokenProvider({
      authUrl: "https://iam.example",
      clientId: "id",
      clientSecret: "s",
      fetch,
      policy,
    });
    await expect(tokens.getToken()).rejects.toBeInstanceOf(SmartcarResponseError);
  });
});

const error = (
  status: number,
  type: string,
  code: string | null = null,
  extra: Record<string, unknown> = {},
) => ({ errors: [{ status: String(status), type, code, title: "t", detail: "d", ...extra }] });

describe("requestJson: retries as Smartcar advises", () => {
  function run(script: (call: Call, index: number) => Response, p: RetryPolicy = policy) {
    const waits: number[] = [];
    const { fetch, calls } = scriptedFetch(script);
    const result = requestJson(
      fetch,
      "https://api.example/x",
      {},
      { policy: p, sleep: async (ms) => void waits.push(ms) },
    );
    return { result, calls, waits };
  }

  it("waits what Retry-After says on a 429, then retries", async () => {
    const { result, calls, waits } = run((_c, i) =>
      i === 0
        ? json(error(429, "RATE_LIMIT", "SMARTCAR_API"), 429, { "Retry-After": "1" })
        : json({ ok: true }),
    );
    expect(await result).toEqual({ ok: true });
    expect(calls).toHaveLength(2);
    expect(waits).toEqual([1000]);
  });

  it("fails at once, saying when, when Retry-After is longer than the request can wait", async () => {
    const { result, calls, waits } = run(() =>
      json(error(429, "RATE_LIMIT", "SMARTCAR_API"), 429, { "Retry-After": "30" }),
    );
    const failure = await result.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SmartcarRateLimitedError);
    expect(failure).toMatchObject({ status: 429, retryAfterSeconds: 30 });
    expect(String((failure as Error).message)).toContain("30 s");
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("does not retry RATE_LIMIT/VEHICLE automatically", async () => {
    const { result, calls } = run(() =>
      json(error(429, "RATE_LIMIT", "VEHICLE"), 429, { "Retry-After": "1" }),
    );
    await expect(result).rejects.toMatchObject({
      status: 429,
      code: "VEHICLE",
      retryAfterSeconds: 1,
    });
    expect(calls).toHaveLength(1);
  });

  it.each([
    [409, "VEHICLE_STATE", "ASLEEP"],
    [430, "BILLING", "VEHICLE_REQUEST_LIMIT"],
    [501, "COMPATIBILITY", "VEHICLE_NOT_CAPABLE"],
    [403, "PERMISSION", null],
    [400, "CONNECTED_SERVICES_ACCOUNT", "AUTHENTICATION_FAILED"],
    [502, "UPSTREAM", "RATE_LIMIT"],
    [404, "RESOURCE_NOT_FOUND", "PATH"],
  ])("does not retry %i %s", async (status, type, code) => {
    const { result, calls } = run(() => json(error(status, type, code), status));
    await expect(result).rejects.toMatchObject({ status, type, code });
    expect(calls).toHaveLength(1);
  });

  it("does not retry a server error that says to contact support", async () => {
    const { result, calls } = run(() =>
      json(
        error(500, "SERVER", "RECORD_NOT_FOUND", { resolution: { type: "CONTACT_SUPPORT" } }),
        500,
      ),
    );
    await expect(result).rejects.toMatchObject({ status: 500, code: "RECORD_NOT_FOUND" });
    expect(calls).toHaveLength(1);
  });

  it.each([
    [500, "SERVER", "INTERNAL"],
    [502, "UPSTREAM", "NO_RESPONSE"],
    [503, "SERVER", null],
    [504, "SERVER", null],
  ])("retries %i %s with backoff, a bounded number of times", async (status, type, code) => {
    const { result, calls, waits } = run(() => json(error(status, type, code), status));
    await expect(result).rejects.toMatchObject({ status, type });
    expect(calls).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it("retries network failures, then reports Smartcar unreachable", async () => {
    const waits: number[] = [];
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      throw new TypeError("fetch failed");
    };
    const result = requestJson(
      fetch,
      "https://api.example/x",
      {},
      { policy, sleep: async (ms) => void waits.push(ms) },
    );
    await expect(result).rejects.toBeInstanceOf(SmartcarUnavailableError);
    expect(calls).toBe(3);
  });

  it("times out a request that hangs", async () => {
    const fetch = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason)),
      );
    await expect(
      requestJson(
        fetch,
        "https://api.example/x",
        {},
        { policy: { ...policy, retries: 0, timeoutMs: 20 } },
      ),
    ).rejects.toBeInstanceOf(SmartcarUnavailableError);
  });

  it("maps a body that is neither documented error shape to the type of its status", async () => {
    const { result } = run(() => new Response("<html>", { status: 409 }));
    await expect(result).rejects.toMatchObject({ status: 409, type: "VEHICLE_STATE", code: null });
  });
});

describe("Retry-After and backoff", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterSeconds("3")).toBe(3);
    expect(retryAfterSeconds(new Date(10_000).toUTCString(), 4_000)).toBe(6);
    expect(retryAfterSeconds("soon")).toBeNull();
    expect(retryAfterSeconds("1.5")).toBe(2);
    expect(retryAfterSeconds("2 minutes")).toBeNull();
    expect(retryAfterSeconds(null)).toBeNull();
  });

  it("caps every wait", () => {
    expect(backoffMs(5, policy, () => 1)).toBe(2000);
    expect(backoffMs(1, policy, () => 0)).toBe(100);
  });
});

const USER = "93b3ea96-ca37-43a9-9073-f4334719iok7";

/** A connection resource in the documented shape (tests/fixtures/smartcar/connections-page.json). */
function connection(id: string, vehicleId: string, userId = USER) {
  return {
    id,
    type: "connection",
    attributes: {
      permissions: ["read_battery"],
      vehicle: { make: "TESLA", model: "Model 3", year: 2022, mode: "live", powertrainType: "BEV" },
    },
    relationships: {
      vehicle: { data: { id: vehicleId, type: "vehicle" } },
      user: { data: { id: userId, type: "user" } },
    },
  };
}

function clientWith(
  script: (call: Call) => Response,
  mode: "live" | "simulated" | "test" = "live",
  apiUrl = "https://api.example",
) {
  const { fetch, calls } = scriptedFetch((call) =>
    call.url.endsWith("/oauth2/token") ? tokenBody("app-token") : script(call),
  );
  const tokens = createTokenProvider({
    authUrl: "https://iam.example",
    clientId: "id",
    clientSecret: "s",
    fetch,
    policy,
  });
  const transport: SmartcarTransport = {
    apiUrl,
    tokens,
    fetch,
    mode,
    policy,
    sleep: async () => {},
  };
  return {
    transport,
    calls,
    apiCalls: () => calls.filter((c) => !c.url.endsWith("/oauth2/token")),
  };
}

const headersOf = (call: Call) => call.init!.headers as Record<string, string>;

describe("vehicle API client", () => {
  it("lists connections with the user and mode filters, and the application token", async () => {
    const { transport, apiCalls } = clientWith(
      () => json({ data: [connection("c1", "v1")], meta: { totalCount: 1 } }),
      "simulated",
    );
    expect(await listConnections(transport, USER)).toMatchObject([
      { id: "c1", vehicleId: "v1", userId: USER, make: "TESLA" },
    ]);
    const url = new URL(apiCalls()[0]!.url);
    expect(url.pathname).toBe("/v3/connections");
    expect(url.searchParams.get("filter[userId]")).toBe(USER);
    expect(url.searchParams.get("filter[vehicle.mode]")).toBe("simulated");
    expect(headersOf(apiCalls()[0]!).Authorization).toBe("Bearer app-token");
  });

  it("pages through every page of connections, by totalCount", async () => {
    const { transport, apiCalls } = clientWith((call) => {
      const page = Number(new URL(call.url).searchParams.get("page[number]"));
      const items =
        page === 1
          ? [connection("c1", "v1"), connection("c2", "v2")]
          : page === 2
            ? [connection("c3", "v3")]
            : [];
      return json({
        data: items,
        meta: { pageNumber: page, pageSize: 2, totalCount: 3 },
        links: { next: "whatever" },
      });
    });
    expect((await listConnections(transport, USER)).map((c) => c.id)).toEqual(["c1", "c2", "c3"]);
    expect(apiCalls()).toHaveLength(2);
  });

  it("pages by links.next when there is no totalCount, and stops at a bound", async () => {
    const next = clientWith((call) => {
      const page = Number(new URL(call.url).searchParams.get("page[number]"));
      return json({
        data: [connection(`c${page}`, `v${page}`)],
        links: { next: page < 3 ? "more" : null },
      });
    });
    expect(await listConnections(next.transport, USER)).toHaveLength(3);
    const endless = clientWith((call) =>
      json({ data: [connection(call.url, "v")], links: { next: "more" } }),
    );
    expect(await listConnections(endless.transport, USER)).toHaveLength(20);
  });

  it("drops (and never shows) a connection of another owner", async () => {
    const { transport } = clientWith(() =>
      json({
        data: [connection("c1", "v1"), connection("c2", "v2", "someone-else")],
        meta: { totalCount: 2 },
      }),
    );
    expect((await listConnections(transport, USER)).map((c) => c.id)).toEqual(["c1"]);
  });

  it("sends sc-user-id on signals and commands, not on the vehicle", async () => {
    const { transport, apiCalls } = clientWith((call) =>
      call.url.includes("/commands/")
        ? json({
            data: { attributes: { commandType: "security-lock", status: { value: "SUCCESS" } } },
          })
        : call.url.endsWith("/signals")
          ? json({ data: [] })
          : json({
              data: { id: "v1", attributes: { make: "TESLA", model: "Model 3", year: 2022 } },
            }),
    );
    await readVehicle(transport, "v1");
    await readSignals(transport, USER, "v1", [SIGNAL.battery]);
    await sendCommand(transport, USER, "v1", "lock");
    const [vehicle, signals, command] = apiCalls();
    expect(headersOf(vehicle!)["sc-user-id"]).toBeUndefined();
    expect(headersOf(signals!)["sc-user-id"]).toBe(USER);
    expect(headersOf(command!)["sc-user-id"]).toBe(USER);
    expect(command!.url).toBe("https://api.example/v3/vehicles/v1/commands/security/lock");
    expect(command!.init!.method).toBe("POST");
  });

  it("sends the charge limit as a documented body", async () => {
    const { transport, apiCalls } = clientWith(() =>
      json({ data: { attributes: { status: { value: "SUCCESS" } } } }),
    );
    await sendCommand(transport, USER, "v1", { setChargeLimit: 80 });
    expect(apiCalls()[0]!.url).toBe("https://api.example/v3/vehicles/v1/commands/charge/set-limit");
    expect(JSON.parse(String(apiCalls()[0]!.init!.body))).toEqual({
      data: { attributes: { percent: 80 } },
    });
    expect(headersOf(apiCalls()[0]!)["Content-Type"]).toBe("application/json");
  });

  it("reads a command's result from the body, and never re-sends a command", async () => {
    const failed = clientWith(() =>
      json({ data: { attributes: { status: { value: "FAILURE" } } } }, 202),
    );
    expect(await sendCommand(failed.transport, USER, "v1", "unlock")).toEqual({
      succeeded: false,
      status: "FAILURE",
    });
    const broken = clientWith(() => json(error(500, "SERVER", "INTERNAL"), 500));
    await expect(sendCommand(broken.transport, USER, "v1", "unlock")).rejects.toMatchObject({
      status: 500,
    });
    expect(broken.apiCalls()).toHaveLength(1);
  });

  it("follows links.next exactly as sent until it is null, building no page parameter", async () => {
    const page = (code: string, next: string | null) =>
      json({
        data: [
          {
            attributes: {
              code,
              status: { value: "SUCCESS" },
              body: code === SIGNAL.battery ? { unit: "percent", value: 50 } : { value: true },
            },
          },
        ],
        meta: { page: 1, pageSize: 1, totalCount: 3 },
        links: { next },
      });
    const { transport, apiCalls } = clientWith((call) => {
      const url = new URL(call.url);
      if (!url.search) return page(SIGNAL.battery, "/vehicles/v1/signals?page=2&pageSize=1");
      if (url.search === "?page=2&pageSize=1")
        return page(SIGNAL.locked, "https://api.example/v3/vehicles/v1/signals?page=3&pageSize=1");
      return page(SIGNAL.charging, null);
    });
    const signals = await readSignals(transport, USER, "v1", [
      SIGNAL.battery,
      SIGNAL.locked,
      SIGNAL.charging,
      SIGNAL.odometer,
    ]);
    expect(signals.map((s) => s.code)).toEqual([SIGNAL.battery, SIGNAL.locked, SIGNAL.charging]);
    expect(apiCalls().map((c) => c.url)).toEqual([
      "https://api.example/v3/vehicles/v1/signals",
      "https://api.example/v3/vehicles/v1/signals?page=2&pageSize=1",
      "https://api.example/v3/vehicles/v1/signals?page=3&pageSize=1",
    ]);
  });

  it("follows next links under an API origin with a path of its own", async () => {
    const { transport, apiCalls } = clientWith(
      (call) =>
        json({
          data: [{ attributes: { code: SIGNAL.locked, body: { value: true } } }],
          links: {
            next: new URL(call.url).search
              ? null
              : "https://proxy.example/smartcar/v3/vehicles/v1/signals?page=2&pageSize=1",
          },
        }),
      "live",
      "https://proxy.example/smartcar",
    );
    await readSignals(transport, USER, "v1", [SIGNAL.battery, SIGNAL.locked]);
    expect(apiCalls().map((c) => c.url)).toEqual([
      "https://proxy.example/smartcar/v3/vehicles/v1/signals",
      "https://proxy.example/smartcar/v3/vehicles/v1/signals?page=2&pageSize=1",
    ]);
  });

  it("never follows a next link to another host, another path, or back to a page it read", async () => {
    for (const next of [
      "https://elsewhere.example/v3/vehicles/v1/signals?page=2",
      "/vehicles/v2/signals?page=2",
      "/vehicles/v1/signals",
    ]) {
      const { transport, apiCalls } = clientWith(() =>
        json({
          data: [{ attributes: { code: SIGNAL.locked, body: { value: true } } }],
          links: { next },
        }),
      );
      await readSignals(transport, USER, "v1", [SIGNAL.battery, SIGNAL.locked]);
      expect(apiCalls()).toHaveLength(1);
    }
  });

  it("drops the token and retries once on a 401", async () => {
    let apiCalls = 0;
    const { fetch, calls } = scriptedFetch((call, i) => {
      if (call.url.endsWith("/oauth2/token")) return tokenBody(`token-${i}`);
      apiCalls += 1;
      return apiCalls === 1
        ? json(error(401, "AUTHENTICATION"), 401)
        : json({ data: [connection("c1", "v1")] });
    });
    const tokens = createTokenProvider({
      authUrl: "https://iam.example",
      clientId: "id",
      clientSecret: "s",
      fetch,
      policy,
    });
    const transport: SmartcarTransport = {
      apiUrl: "https://api.example",
      tokens,
      fetch,
      mode: "live",
      policy,
    };
    expect(await listConnections(transport, USER)).toHaveLength(1);
    expect(calls.filter((c) => c.url.endsWith("/oauth2/token"))).toHaveLength(2);
    expect((calls[3]!.init!.headers as Record<string, string>).Authorization).toBe(
      "Bearer token-2",
    );
  });

  it("does not loop on a second 401", async () => {
    const { transport } = clientWith(() => json(error(401, "AUTHENTICATION"), 401));
    await expect(listConnections(transport, USER)).rejects.toMatchObject({ status: 401 });
  });

  it("treats an unexpected shape as an error, not a crash", async () => {
    const { transport } = clientWith(() => json({ connections: [{ vehicleId: 42 }] }));
    await expect(listConnections(transport, USER)).rejects.toBeInstanceOf(SmartcarResponseError);
  });

  it("skips one malformed connection or signal and keeps the others", async () => {
    const { transport } = clientWith((call) =>
      call.url.includes("/signals")
        ? json({
            data: [
              { attributes: { code: 42 } },
              {
                attributes: {
                  code: SIGNAL.battery,
                  status: { value: "SUCCESS" },
                  body: { unit: "percent", value: 9 },
                },
              },
            ],
          })
        : json({ data: [{ vehicleId: 42 }, connection("c1", "v1")], meta: { totalCount: 2 } }),
    );
    expect((await listConnections(transport, USER)).map((c) => c.id)).toEqual(["c1"]);
    expect(await readSignals(transport, USER, "v1", [SIGNAL.battery])).toMatchObject([
      { value: { percent: 9 } },
    ]);
  });

  it("reads timestamps kept in attributes.meta when meta is empty", async () => {
    const { transport } = clientWith(() =>
      json({
        data: [
          {
            attributes: {
              code: SIGNAL.battery,
              body: { value: 1 },
              meta: { retrievedAt: 1696156800 },
            },
            meta: {},
          },
        ],
      }),
    );
    const [signal] = await readSignals(transport, USER, "v1", [SIGNAL.battery]);
    expect(signal!.retrievedAt).toEqual(new Date(1696156800_000));
  });

  it("reads the final body of a slow command: an error there is the vehicle's refusal", async () => {
    const { transport } = clientWith(() =>
      json(
        { errors: [{ status: "409", type: "VEHICLE_STATE", code: "DOOR_OPEN", title: "t" }] },
        202,
      ),
    );
    await expect(sendCommand(transport, USER, "v1", "lock")).rejects.toMatchObject({
      status: 409,
      type: "VEHICLE_STATE",
      code: "DOOR_OPEN",
    });
  });

  it("escapes ids in paths", async () => {
    const { transport, apiCalls } = clientWith(() => new Response(null, { status: 204 }));
    await deleteUser(transport, "../admin?x=1");
    await deleteConnection(transport, "a/b");
    expect(apiCalls()[0]!.url).toBe("https://api.example/v3/users/..%2Fadmin%3Fx%3D1");
    expect(apiCalls()[0]!.init!.method).toBe("DELETE");
    expect(apiCalls()[1]!.url).toBe("https://api.example/v3/connections/a%2Fb");
  });
});

describe("classifySmartcarError", () => {
  const api = (
    status: number,
    type: string,
    code: string | null = null,
    resolution: string | null = null,
  ) =>
    new SmartcarApiError(
      status,
      type,
      code,
      resolution ? { type: resolution, url: null } : null,
      null,
    );

  it.each([
    [api(400, "CONNECTED_SERVICES_ACCOUNT", "AUTHENTICATION_FAILED"), "reauthenticate"],
    [api(403, "PERMISSION", null, "REAUTHENTICATE"), "reauthenticate"],
    [api(400, "CONNECTED_SERVICES_ACCOUNT", "SUBSCRIPTION"), "account"],
    [api(409, "VEHICLE_STATE", "ASLEEP"), "asleep"],
    [api(409, "VEHICLE_STATE", "REMOTE_ACCESS_DISABLED"), "remote-access"],
    [api(501, "COMPATIBILITY", "VEHICLE_NOT_CAPABLE"), "not-capable"],
    [api(403, "PERMISSION"), "permission"],
    [api(430, "BILLING", "VEHICLE_LIMIT"), "billing"],
    [api(429, "RATE_LIMIT", "VEHICLE"), "rate-limited"],
    [api(404, "RESOURCE_NOT_FOUND"), "gone"],
    [api(502, "UPSTREAM", "NO_RESPONSE"), "unavailable"],
    [new SmartcarUnavailableError("x"), "unavailable"],
    [new SmartcarResponseError("x"), "unknown"],
  ])("%s is %s", (failure, kind) => {
    expect(classifySmartcarError(failure).kind).toBe(kind);
  });
});

describe("diagnostics of a failed call", () => {
  afterEach(() => vi.restoreAllMocks());

  /** The JSON lines lib/log.ts wrote while `run` ran. */
  async function logLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    await run().catch(() => {});
    return lines.map((line) => JSON.parse(line));
  }

  it("logs the requestId (body, else sc-request-id), type, code and status, never the token or a whole user_id", async () => {
    const flat = clientWith(() =>
      json(
        {
          type: "VEHICLE_STATE",
          code: "ASLEEP",
          statusCode: 409,
          requestId: "5dea93a1-3f79-4246-90c5-89610a20471b",
        },
        409,
        { "sc-request-id": "from-the-header" },
      ),
    );
    const [fromBody] = await logLines(() =>
      readSignals(flat.transport, USER, "v1", [SIGNAL.battery]),
    );
    expect(fromBody).toMatchObject({
      event: "smartcar.request_failed",
      method: "GET",
      endpoint: "/vehicles/v1/signals",
      status: 409,
      type: "VEHICLE_STATE",
      code: "ASLEEP",
      requestId: "5dea93a1-3f79-4246-90c5-89610a20471b",
      user: "93b3ea96…",
    });

    const v3 = clientWith(() =>
      json({ errors: [{ status: "403", type: "PERMISSION", code: null }] }, 403, {
        "sc-request-id": "req-from-header",
      }),
    );
    const lines = await logLines(() => sendCommand(v3.transport, USER, "v1", "lock"));
    expect(lines).toEqual([
      expect.objectContaining({
        status: 403,
        type: "PERMISSION",
        code: null,
        requestId: "req-from-header",
      }),
    ]);
    const text = JSON.stringify(lines.concat(fromBody!));
    expect(text).not.toContain("app-token");
    expect(text).not.toContain(USER);
  });

  it("names no owner in a path: a failed DELETE /users/{id} logs the placeholder", async () => {
    const gone = clientWith(() =>
      json({ errors: [{ status: "404", type: "RESOURCE_NOT_FOUND", code: "PATH" }] }, 404),
    );
    const [line] = await logLines(() => deleteUser(gone.transport, USER));
    expect(line).toMatchObject({ endpoint: "/users/{userId}", status: 404 });
    expect(JSON.stringify(line)).not.toContain(USER);
  });

  it("logs a refused token request with its status and request id, never the secret", async () => {
    const { fetch } = scriptedFetch(() =>
      json({ error: "invalid_client" }, 401, { "sc-request-id": "token-req-1" }),
    );
    const tokens = createTokenProvider({
      authUrl: "https://iam.example",
      clientId: "client_01abc",
      clientSecret: "the-secret",
      fetch,
      policy,
    });
    const lines = await logLines(() => tokens.getToken());
    expect(lines).toEqual([
      expect.objectContaining({
        event: "smartcar.request_failed",
        method: "POST",
        endpoint: "/oauth2/token",
        status: 401,
        requestId: "token-req-1",
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain("the-secret");
  });

  it("logs nothing for a call that succeeds", async () => {
    const ok = clientWith(() => json({ data: [] }));
    expect(await logLines(() => readSignals(ok.transport, USER, "v1", [SIGNAL.battery]))).toEqual(
      [],
    );
  });
});
