import { describe, expect, it } from "vitest";
import { createSmartcarClient } from "@/lib/smartcar/client";
import { describeSmartcarError, SmartcarApiError, SmartcarResponseError, SmartcarUnavailableError } from "@/lib/smartcar/errors";
import { backoffMs, requestJson, retryAfterMs, type RetryPolicy } from "@/lib/smartcar/http";
import { createTokenProvider, EXPIRY_MARGIN_MS } from "@/lib/smartcar/token";

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
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
const tokenBody = (token: string) => json({ access_token: token, token_type: "Bearer", expires_in: 3600 });

describe("application token", () => {
  it("is requested with the client-credentials grant and cached until shortly before it expires", async () => {
    let now = 1_000_000;
    const { fetch, calls } = scriptedFetch((_c, i) => tokenBody(`t${i}`));
    const tokens = createTokenProvider({ authUrl: "https://iam.example", clientId: "id", clientSecret: "secret", fetch, now: () => now, policy });
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
    const tokens = createTokenProvider({ authUrl: "https://iam.example", clientId: "id", clientSecret: "s", fetch, policy });
    const waiting = Promise.all(Array.from({ length: 10 }, () => tokens.getToken()));
    release();
    expect(await waiting).toEqual(Array(10).fill("shared"));
    expect(calls).toHaveLength(1);
  });

  it("rejects an unexpected shape", async () => {
    const { fetch } = scriptedFetch(() => json({ token: "x" }));
    const tokens = createTokenProvider({ authUrl: "https://iam.example", clientId: "id", clientSecret: "s", fetch, policy });
    await expect(tokens.getToken()).rejects.toBeInstanceOf(SmartcarResponseError);
  });
});

describe("requestJson", () => {
  const noSleep = { waits: [] as number[], sleep: async (ms: number) => void noSleep.waits.push(ms) };

  it("retries 429 honouring Retry-After, and 5xx with backoff, a bounded number of times", async () => {
    noSleep.waits = [];
    const { fetch, calls } = scriptedFetch((_c, i) =>
      i === 0 ? json({ errors: [{ status: 429, type: "RATE_LIMIT", title: "slow down" }] }, 429, { "Retry-After": "1" }) : i === 1 ? json({}, 503) : json({ ok: true }),
    );
    expect(await requestJson(fetch, "https://api.example/x", {}, { policy, sleep: noSleep.sleep })).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    expect(noSleep.waits[0]).toBe(1000);
    expect(noSleep.waits[1]).toBeGreaterThanOrEqual(100);
    expect(noSleep.waits[1]).toBeLessThanOrEqual(200);
  });

  it("gives up after the retries with a typed error carrying the API's error", async () => {
    const { fetch, calls } = scriptedFetch(() => json({ errors: [{ status: 500, type: "SERVER", code: "INTERNAL", title: "Boom", detail: "d" }] }, 500));
    const error = await requestJson(fetch, "https://api.example/x", {}, { policy, sleep: async () => {} }).catch((e) => e);
    expect(calls).toHaveLength(3);
    expect(error).toBeInstanceOf(SmartcarApiError);
    expect(error).toMatchObject({ status: 500, type: "SERVER", code: "INTERNAL", title: "Boom" });
  });

  it("does not retry a 4xx other than 429", async () => {
    const { fetch, calls } = scriptedFetch(() => json({ errors: [{ status: 404, type: "RESOURCE_NOT_FOUND", title: "nope" }] }, 404));
    await expect(requestJson(fetch, "https://api.example/x", {}, { policy, sleep: async () => {} })).rejects.toMatchObject({ status: 404 });
    expect(calls).toHaveLength(1);
  });

  it("turns an unreachable API into SmartcarUnavailableError", async () => {
    const fetch = async () => {
      throw new TypeError("fetch failed");
    };
    await expect(requestJson(fetch, "https://api.example/x", {}, { policy, sleep: async () => {} })).rejects.toBeInstanceOf(SmartcarUnavailableError);
  });

  it("times out a request that hangs", async () => {
    const fetch = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason)));
    await expect(requestJson(fetch, "https://api.example/x", {}, { policy: { ...policy, retries: 0, timeoutMs: 20 } })).rejects.toBeInstanceOf(
      SmartcarUnavailableError,
    );
  });

  it("maps an error body that is not the documented shape to a plain API error", async () => {
    const { fetch } = scriptedFetch(() => new Response("<html>", { status: 400 }));
    await expect(requestJson(fetch, "https://api.example/x", {}, { policy })).rejects.toMatchObject({ status: 400, type: "UNKNOWN" });
  });
});

describe("Retry-After and backoff", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs("soon")).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });

  it("caps every wait", () => {
    expect(backoffMs(0, policy, 60_000)).toBe(2000);
    expect(backoffMs(5, policy, null, () => 1)).toBe(2000);
    expect(backoffMs(1, policy, null, () => 0)).toBe(100);
  });
});

describe("vehicle API client", () => {
  const connections = { data: [{ vehicleId: "v1", make: "TESLA", model: "Model 3", year: 2022, permissions: ["read_battery"] }] };

  it("sends the application token and sc-user-id, and validates the answer", async () => {
    const { fetch, calls } = scriptedFetch((call) => (call.url.endsWith("/oauth2/token") ? tokenBody("app-token") : json(connections)));
    const tokens = createTokenProvider({ authUrl: "https://iam.example", clientId: "id", clientSecret: "s", fetch, policy });
    const client = createSmartcarClient({ apiUrl: "https://api.example", tokens, fetch, policy });
    expect(await client.listConnections("user-1")).toEqual(connections.data);
    const headers = calls[1]!.init!.headers as Record<string, string>;
    expect(calls[1]!.url).toBe("https://api.example/v3/connections");
    expect(headers.Authorization).toBe("Bearer app-token");
    expect(headers["sc-user-id"]).toBe("user-1");
  });

  it("drops the token and retries once on a 401", async () => {
    let apiCalls = 0;
    const { fetch, calls } = scriptedFetch((call, i) => {
      if (call.url.endsWith("/oauth2/token")) return tokenBody(`token-${i}`);
      apiCalls += 1;
      return apiCalls === 1 ? json({ errors: [{ status: 401, type: "AUTHENTICATION", title: "expired" }] }, 401) : json(connections);
    });
    const tokens = createTokenProvider({ authUrl: "https://iam.example", clientId: "id", clientSecret: "s", fetch, policy });
    const client = createSmartcarClient({ apiUrl: "https://api.example", tokens, fetch, policy });
    expect(await client.listConnections("u")).toHaveLength(1);
    expect(calls.filter((c) => c.url.endsWith("/oauth2/token"))).toHaveLength(2);
    expect((calls[3]!.init!.headers as Record<string, string>).Authorization).toBe("Bearer token-2");
  });

  it("does not loop on a second 401", async () => {
    const { fetch } = scriptedFetch((call) => (call.url.endsWith("/oauth2/token") ? tokenBody("t") : json({ errors: [{ status: 401, type: "AUTHENTICATION", title: "no" }] }, 401)));
    const tokens = createTokenProvider({ authUrl: "https://iam.example", clientId: "id", clientSecret: "s", fetch, policy });
    const client = createSmartcarClient({ apiUrl: "https://api.example", tokens, fetch, policy });
    await expect(client.listConnections("u")).rejects.toMatchObject({ status: 401 });
  });

  it("treats an unexpected shape as an error, not a crash", async () => {
    const { fetch } = scriptedFetch((call) => (call.url.endsWith("/oauth2/token") ? tokenBody("t") : json({ data: [{ vehicleId: 42 }] })));
    const tokens = createTokenProvider({ authUrl: "https://iam.example", clientId: "id", clientSecret: "s", fetch, policy });
    const client = createSmartcarClient({ apiUrl: "https://api.example", tokens, fetch, policy });
    await expect(client.listConnections("u")).rejects.toBeInstanceOf(SmartcarResponseError);
  });

  it("escapes ids in paths", async () => {
    const { fetch, calls } = scriptedFetch((call) => (call.url.endsWith("/oauth2/token") ? tokenBody("t") : new Response(null, { status: 204 })));
    const tokens = createTokenProvider({ authUrl: "https://iam.example", clientId: "id", clientSecret: "s", fetch, policy });
    const client = createSmartcarClient({ apiUrl: "https://api.example", tokens, fetch, policy });
    await client.deleteUser("../admin?x=1");
    expect(calls[1]!.url).toBe("https://api.example/v3/users/..%2Fadmin%3Fx%3D1");
    expect(calls[1]!.init!.method).toBe("DELETE");
  });
});

describe("describeSmartcarError", () => {
  it("speaks to a person, never echoing the wire", () => {
    expect(describeSmartcarError(new SmartcarApiError(429, "RATE_LIMIT", null, "x", "<b>"))).toMatch(/Too many requests/);
    expect(describeSmartcarError(new SmartcarApiError(500, "SERVER", null, "x", "secret detail"))).not.toContain("secret");
    expect(describeSmartcarError(new SmartcarUnavailableError("x"))).toMatch(/can't be reached/);
  });
});
