import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { baseUrl, get, launchConnect } from "./http";

afterAll(async () => {
  await db().$disconnect();
});

function authorizePath(overrides: Record<string, string | null>) {
  const params: Record<string, string | null> = {
    response_type: "code",
    client_id: "emulator-client-id",
    redirect_uri: `${baseUrl()}/connect/callback`,
    scope: "read_vehicle_info read_battery",
    state: "s".repeat(43),
    mode: "live",
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null) query.set(k, v);
  return `/emulator/connect/oauth/authorize?${query}`;
}

async function post(path: string, fields: Record<string, string>) {
  return fetch(`${baseUrl()}${path}`, { method: "POST", redirect: "manual", body: new URLSearchParams(fields) });
}

/** Goes through the emulated screens as a person would, and returns where Connect sent them. */
async function connectAs(email: string, make = "TESLA"): Promise<URL> {
  const start = await get(authorizePath({ make }));
  const screen = start.headers.get("location")!;
  await post(`${screen}/step`, { action: "sign-in", email, password: "pw" });
  const done = await post(`${screen}/step`, { action: "allow" });
  return new URL(done.headers.get("location")!);
}

describe("the emulated Connect", () => {
  it("shows an error itself, and redirects nowhere, for an unknown redirect_uri", async () => {
    const response = await get(authorizePath({ redirect_uri: "https://evil.example/callback" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/emulator/connect/rejected/unknown_redirect_uri");
    const page = await get("/emulator/connect/rejected/unknown_redirect_uri");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("This redirect URI isn&#x27;t registered");
  });

  it("shows an error for an unknown client_id", async () => {
    const response = await get(authorizePath({ client_id: "someone-else" }));
    expect(response.headers.get("location")).toBe("/emulator/connect/rejected/unknown_client");
  });

  it.each([
    ["no scope", { scope: null }, "scope"],
    ["a wrong response_type", { response_type: "token" }, "response_type"],
    ["an unknown mode", { mode: "fast" }, "mode"],
  ])("answers a malformed request (%s) with configuration_error", async (_name, overrides, field) => {
    const response = await get(authorizePath(overrides));
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${baseUrl()}/connect/callback`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: "configuration_error",
      error_description: "The request to Connect is malformed.",
      status_code: "400",
      error_message: `Invalid or missing parameter: ${field}`,
      state: "s".repeat(43),
    });
  });

  it("sends back user_id and state only, and the same account always gets the same user_id", async () => {
    const email = `owner-${Date.now()}@example.com`;
    const first = await connectAs(email);
    expect([...first.searchParams.keys()].sort()).toEqual(["state", "user_id"]);
    expect(first.searchParams.get("user_id")).toMatch(/^[0-9a-f-]{36}$/);
    const second = await connectAs(email);
    expect(second.searchParams.get("user_id")).toBe(first.searchParams.get("user_id"));
    const otherBrand = await connectAs(email, "BMW");
    expect(otherBrand.searchParams.get("user_id")).not.toBe(first.searchParams.get("user_id"));
  });

  it("sends back a vehicle_incompatible error with the vehicle", async () => {
    const start = await get(authorizePath({ make: "FORD" }));
    const screen = start.headers.get("location")!;
    const done = await post(`${screen}/step`, { action: "sign-in", email: "smartcar@vehicle-incompatible.com", password: "pw" });
    const location = new URL(done.headers.get("location")!);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: "vehicle_incompatible",
      error_description: "The user's vehicle is not compatible.",
      vin: "1FTFW1ET5DFC10312",
      make: "FORD",
      model: "F-150",
      year: "2013",
      state: "s".repeat(43),
    });
  });

  it("a finished session cannot be used again", async () => {
    const start = await get(authorizePath({ make: "TESLA" }));
    const screen = start.headers.get("location")!;
    const cancelled = await post(`${screen}/step`, { action: "cancel" });
    expect(new URL(cancelled.headers.get("location")!).searchParams.get("error")).toBe("oem_cancelled_login");
    const again = await post(`${screen}/step`, { action: "sign-in", email: "a@example.com", password: "pw" });
    expect(again.headers.get("location")).toBe(screen);
    expect(await (await get(screen)).text()).toContain("This session has ended");
  });

  it("the whole round trip through the app stores the emulator's user_id", async () => {
    const { user, location, cookie } = await launchConnect();
    const start = await get(`${location.pathname}${location.search}`);
    const screen = start.headers.get("location")!;
    await post(`${screen}/step`, { make: "TESLA" });
    await post(`${screen}/step`, { action: "sign-in", email: `rt-${Date.now()}@example.com`, password: "pw" });
    const done = await post(`${screen}/step`, { action: "allow" });
    const callback = new URL(done.headers.get("location")!);
    const response = await get(`${callback.pathname}${callback.search}`, cookie);
    expect(response.headers.get("location")).toBe("/vehicles?connected=1");
    const link = await db().smartcarLink.findUniqueOrThrow({ where: { userId: user.id } });
    expect(link.smartcarUserId).toBe(callback.searchParams.get("user_id"));
  });
});
