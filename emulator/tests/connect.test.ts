import { describe, expect, it } from "vitest";
import { APPLICATION_ID, CLIENT_ID, queryOf, REDIRECT_URI } from "./support/client";
import { setUpEmulator } from "./support/setup";

type Owned = { relationships: { user: { data: { id: string } } } };

// Connect (contract 1): the checks on /oauth/authorize, the screens, and exactly which query
// parameters each ending sends back to the app.

const { client } = setUpEmulator({ env: { EMULATOR_APP_NAME: "Test App" } });

const keys = (url: URL | string) => Object.keys(queryOf(url)).sort();
const toApp = (url: string) => `${new URL(url).origin}${new URL(url).pathname}`;

describe("/oauth/authorize checks the request", () => {
  it("shows an error page, and redirects nowhere, for an unregistered redirect_uri", async () => {
    const response = await client.fetch(
      client.authorizePath({ redirect_uri: "https://evil.example/callback" }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain("This redirect URI isn&#x27;t registered");
  });

  it("treats a redirect_uri that only starts like a registered one as unregistered", async () => {
    const response = await client.fetch(
      client.authorizePath({ redirect_uri: `${REDIRECT_URI}/../x` }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
  });

  it("takes the Application ID as application_id or client_id, and nothing else", async () => {
    // Positive control: the Application ID under either name opens Connect.
    for (const params of <Record<string, string | null>[]>[
      { application_id: APPLICATION_ID },
      { application_id: null, client_id: APPLICATION_ID },
      { application_id: APPLICATION_ID.toUpperCase() },
    ]) {
      const response = await client.fetch(client.authorizePath(params));
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/connect\//);
    }
    // The API client id, or anything else: the page integrators of the live service report.
    for (const params of <Record<string, string | null>[]>[
      { application_id: null, client_id: CLIENT_ID },
      { application_id: CLIENT_ID },
      { application_id: "someone-else" },
      { application_id: null },
      { application_id: null, client_id: "<b>x</b>" },
    ]) {
      const response = await client.fetch(client.authorizePath(params));
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      const text = await response.text();
      expect(text).toContain("400: Invalid parameter client_id");
      expect(text).not.toContain("<b>x</b>");
    }
  });

  it("stores external_id on the connection and returns it on the redirect", async () => {
    const back = await client.connect({ email: "external@example.com", externalId: "app-user-7" });
    expect(queryOf(back)).toMatchObject({ external_id: "app-user-7" });
    const userId = queryOf(back).user_id!;
    // Where Smartcar shows it on a connection is not documented (contract 4.1): the emulator
    // filters by it, under the name two live clients use, and shows it nowhere else.
    const byExternalId = async (id: string) =>
      (
        await client.api(
          "GET",
          `/v3/connections?${new URLSearchParams({ "filter[user.externalId]": id })}`,
        )
      ).json.data.map((c: Owned) => c.relationships.user.data.id);
    const tagged = await byExternalId("app-user-7");
    expect(tagged.length).toBeGreaterThan(0);
    expect(new Set(tagged)).toEqual(new Set([userId]));
    expect(await byExternalId("someone-else")).toEqual([]);
    // Without one, the redirect carries none, and the stored one stays.
    const again = await client.connect({ email: "external@example.com" });
    expect(queryOf(again).external_id).toBeUndefined();
    expect(await byExternalId("app-user-7")).toEqual(tagged);
  });

  it.each([
    ["no scope", { scope: null }, "scope"],
    ["a malformed scope", { scope: "read_battery,read_odometer" }, "scope"],
    ["a wrong response_type", { response_type: "token" }, "response_type"],
    ["an unknown mode", { mode: "fast" }, "mode"],
  ])(
    "answers a malformed request (%s) with configuration_error",
    async (_name, overrides, field) => {
      const location = await client.location(client.authorizePath(overrides));
      expect(toApp(location)).toBe(REDIRECT_URI);
      expect(queryOf(location)).toEqual({
        error: "configuration_error",
        error_description: "There has been an error in the configuration of your application.",
        status_code: "400",
        error_message: `Invalid or missing parameter: ${field}`,
        state: "state-123",
      });
    },
  );

  it("shows the brand list without `make`, and skips it with `make`", async () => {
    const list = await client.page(await client.location(client.authorizePath()));
    expect(list.status).toBe(200);
    expect(list.html).toContain("<h1>Choose your vehicle's brand</h1>");
    for (const brand of ["Tesla", "Ford", "Hyundai", "BMW", "Toyota", "Volkswagen"]) {
      expect(list.html).toMatch(
        new RegExp(`<button type="submit" name="make" value="[A-Z]+" [^>]*>${brand}</button>`),
      );
    }
    const direct = await client.page(await client.location(client.authorizePath({ make: "FORD" })));
    expect(direct.html).toContain("<h1>Sign in to Ford</h1>");
    expect(direct.html).toContain('<label for="email">Email</label>');
    expect(direct.html).toContain('<label for="password">Password</label>');
    expect(direct.html).toMatch(/>Sign in<\/button>/);
    expect(direct.html).toMatch(/>Cancel<\/button>/);
  });

  it("ignores the documented options it does not act on", async () => {
    const location = await client.location(
      client.authorizePath({
        single_select: "true",
        single_select_vin: "0SCAUDI037A5ADB1C",
        approval_prompt: "force",
        user: "u1",
        flags: "country:GB",
      }),
    );
    expect(location).toMatch(/^\/connect\/[\w-]{43}$/);
  });
});

describe("the screens and what Connect sends back", () => {
  it("sends back user_id and state only; one account keeps its user_id", async () => {
    const first = await client.connect({ email: "Owner@Example.com" });
    expect(keys(first)).toEqual(["state", "user_id"]);
    expect(first.searchParams.get("state")).toBe("state-123");
    expect(first.searchParams.get("user_id")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const again = await client.connect({ email: "owner@example.com" });
    expect(again.searchParams.get("user_id")).toBe(first.searchParams.get("user_id"));
    const otherBrand = await client.connect({ email: "owner@example.com", make: "BMW" });
    expect(otherBrand.searchParams.get("user_id")).not.toBe(first.searchParams.get("user_id"));
  });

  it("sends no state when none was given", async () => {
    const back = await client.connect({ email: "stateless@example.com", state: null });
    expect(keys(back)).toEqual(["user_id"]);
  });

  it("the brand list leads to that brand's sign-in", async () => {
    const screen = await client.location(client.authorizePath());
    expect(await client.press(screen, { make: "VOLKSWAGEN" })).toBe(screen);
    expect((await client.page(screen)).html).toContain("<h1>Sign in to Volkswagen</h1>");
  });

  it("asks again for a bad email; the permissions screen lists what was asked", async () => {
    const screen = await client.location(
      client.authorizePath({ make: "TESLA", scope: "required:read_battery read_odometer" }),
    );
    await client.press(screen, { action: "sign-in", email: "not an email", password: "x" });
    expect((await client.page(screen)).html).toContain(
      "Enter the email address and password of your carmaker account.",
    );
    await client.press(screen, { action: "sign-in", email: "perm@example.com", password: "x" });
    const { html } = await client.page(screen);
    expect(html).toContain("<h1>Test App wants to</h1>");
    expect(html).toContain("<li>Read EV battery&#x27;s capacity and state of charge</li>");
    expect(html).toContain("<li>Retrieve total distance traveled</li>");
    for (const button of ["Allow", "Deny", "Back to application"])
      expect(html).toContain(`>${button}</button>`);
  });

  it("Deny sends access_denied", async () => {
    const screen = await client.location(client.authorizePath({ make: "BMW" }));
    await client.signIn(screen, "deny@example.com");
    const back = await client.press(screen, { action: "deny" });
    expect(queryOf(back)).toEqual({
      error: "access_denied",
      error_description: "User denied access to application.",
      state: "state-123",
    });
  });

  it("Cancel at the carmaker's sign-in sends oem_cancelled_login without make", async () => {
    const screen = await client.location(client.authorizePath({ make: "VOLKSWAGEN" }));
    const back = await client.press(screen, { action: "cancel" });
    expect(toApp(back)).toBe(REDIRECT_URI);
    expect(keys(back)).toEqual(["error", "error_description", "state"]);
    expect(queryOf(back).error).toBe("oem_cancelled_login");
  });

  it("Ford asks for a 6-digit verification code", async () => {
    const screen = await client.location(client.authorizePath({ make: "FORD" }));
    await client.press(screen, { action: "sign-in", email: "ford@example.com", password: "x" });
    let { html } = await client.page(screen);
    expect(html).toContain("<h1>Verify it&#x27;s you</h1>");
    expect(html).toContain('<label for="code">Verification code</label>');
    expect(html).toContain(">Verify</button>");
    expect(html).toContain(">Back to application</button>");
    await client.press(screen, { action: "verify", code: "12345" });
    expect((await client.page(screen)).html).toContain("Enter the 6-digit verification code.");
    await client.press(screen, { action: "verify", code: "654321" });
    ({ html } = await client.page(screen));
    expect(html).toContain("wants to</h1>");
  });

  it("Hyundai asks for a 4-digit PIN", async () => {
    const screen = await client.location(client.authorizePath({ make: "HYUNDAI" }));
    await client.press(screen, { action: "sign-in", email: "hyundai@example.com", password: "x" });
    const { html } = await client.page(screen);
    expect(html).toContain("<h1>Enter your PIN</h1>");
    expect(html).toContain('<label for="pin">PIN</label>');
    expect(html).toContain(">Continue</button>");
    await client.press(screen, { action: "continue", pin: "12a4" });
    expect((await client.page(screen)).html).toContain("Enter your 4-digit PIN.");
    await client.press(screen, { action: "continue", pin: "0000" });
    expect(queryOf(await client.press(screen, { action: "allow" }))).toHaveProperty("user_id");
  });

  it.each([
    ["the permissions screen", "TESLA"],
    ["the MFA screen", "FORD"],
    ["the PIN screen", "HYUNDAI"],
  ])(
    "Back to application on %s sends user_manually_returned_to_application",
    async (_screen, make) => {
      const screen = await client.location(client.authorizePath({ make }));
      await client.press(screen, { action: "sign-in", email: "back@example.com", password: "x" });
      const back = await client.press(screen, { action: "back" });
      expect(queryOf(back)).toEqual({
        error: "user_manually_returned_to_application",
        error_description: "The user exited Connect before granting your application access",
        state: "state-123",
      });
    },
  );

  it("smartcar@vehicle-incompatible.com sends vehicle_incompatible with its extras", async () => {
    const screen = await client.location(client.authorizePath({ make: "FORD" }));
    const back = await client.press(screen, {
      action: "sign-in",
      email: "smartcar@vehicle-incompatible.com",
      password: "x",
    });
    expect(queryOf(back)).toEqual({
      error: "vehicle_incompatible",
      error_description: "The user's vehicle is not compatible.",
      vin: "0SCAUDI012FE3B132",
      make: "FORD",
      model: "F-150",
      year: "2013",
      state: "state-123",
    });
  });

  it.each([
    ["smartcar@invalid-subscription.com", "invalid_subscription"],
    ["smartcar@no-vehicles.com", "no_vehicles"],
    ["smartcar@server-error.com", "server_error"],
  ])("%s sends %s with error, error_description and state only", async (email, code) => {
    const screen = await client.location(client.authorizePath({ make: "TESLA" }));
    const back = await client.press(screen, { action: "sign-in", email, password: "x" });
    expect(keys(back)).toEqual(["error", "error_description", "state"]);
    expect(queryOf(back).error).toBe(code);
  });

  it("gives <n>-vehicles@smartcar.com n vehicles and name+N@example.com N", async () => {
    expect(await client.vehicles(await client.owner("5-vehicles@smartcar.com"))).toHaveLength(5);
    expect(await client.vehicles(await client.owner("someone+3@example.com"))).toHaveLength(3);
    const vehicles = await client.vehicles(await client.owner("someone+1@example.com", "TOYOTA"));
    expect(vehicles).toHaveLength(1);
    expect(vehicles[0]!.vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
    expect(vehicles[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("stores mode=test as simulated", async () => {
    const userId = await client.owner("tester+1@example.com", "TESLA", "read_battery", "test");
    const [vehicle] = await client.vehicles(userId);
    expect(vehicle!.mode).toBe("simulated");
  });

  it("a finished or unknown session, and a POST to it, show that it has ended", async () => {
    const screen = await client.location(client.authorizePath({ make: "TESLA" }));
    await client.press(screen, { action: "cancel" });
    expect(
      await client.press(screen, { action: "sign-in", email: "a@example.com", password: "x" }),
    ).toBe(screen);
    const ended = await client.page(screen);
    expect(ended.status).toBe(410);
    expect(ended.html).toContain("This session has ended");
    const unknown = await client.page(`/connect/${"x".repeat(43)}`);
    expect(unknown.html).toContain("This session has ended");
  });

  it("serves the screens with a strict policy and its own stylesheet", async () => {
    const screen = await client.page(await client.location(client.authorizePath()));
    expect(screen.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' data:; " +
        "form-action 'self' http://localhost:3000; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(screen.headers.get("referrer-policy")).toBe("no-referrer");
    expect(screen.headers.get("x-content-type-options")).toBe("nosniff");
    expect(screen.headers.get("cache-control")).toBe("no-store");
    expect(screen.html).toContain(
      "Smartcar Connect emulator.</strong> Nothing here reaches a real carmaker.",
    );
    expect(screen.html).not.toContain("<script");
    const css = await client.fetch("/static/connect.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
  });
});

describe("/oauth/reauthenticate", () => {
  async function needsReauth(email: string, make = "TESLA") {
    const userId = await client.owner(email, make);
    const [vehicle] = await client.vehicles(userId);
    await client.patchVehicle(vehicle!.id, { needsReauthentication: true });
    const signals = await client.api("GET", `/v3/vehicles/${vehicle!.id}/signals`, { userId });
    expect(signals.status).toBe(400);
    const error = signals.json.errors[0];
    expect(error).toMatchObject({
      status: "400",
      type: "CONNECTED_SERVICES_ACCOUNT",
      code: "AUTHENTICATION_FAILED",
    });
    expect(error.resolution.type).toBe("REAUTHENTICATE");
    return { userId, vehicleId: vehicle!.id, url: new URL(error.resolution.url as string) };
  }

  function reauthPath(url: URL, extra: Record<string, string> = {}) {
    const query = new URLSearchParams(url.search);
    for (const [name, value] of Object.entries({
      redirect_uri: REDIRECT_URI,
      state: "re-state",
      ...extra,
    }))
      query.set(name, value);
    return `${url.pathname}?${query}`;
  }

  it("the error's URL, completed, sends vehicle_id + state and clears the error", async () => {
    const { userId, vehicleId, url } = await needsReauth("reauth@example.com");
    expect(`${url.origin}${url.pathname}`).toBe(`${client.origin}/oauth/reauthenticate`);
    expect(queryOf(url)).toEqual({
      response_type: "vehicle_id",
      application_id: APPLICATION_ID,
      vehicle_id: vehicleId,
    });
    const screen = await client.location(reauthPath(url));
    expect((await client.page(screen)).html).toContain("<h1>Sign in to Tesla</h1>");
    await client.press(screen, {
      action: "sign-in",
      email: "someone-else@example.com",
      password: "x",
    });
    expect((await client.page(screen)).html).toContain(
      "Enter the email address of the account this vehicle belongs to",
    );
    const back = await client.press(screen, {
      action: "sign-in",
      email: "REAUTH@example.com",
      password: "x",
    });
    expect(toApp(back)).toBe(REDIRECT_URI);
    expect(queryOf(back)).toEqual({ vehicle_id: vehicleId, state: "re-state" });
    expect((await client.api("GET", `/v3/vehicles/${vehicleId}/signals`, { userId })).status).toBe(
      200,
    );
  });

  it("asks for the brand's MFA before sending vehicle_id", async () => {
    const { vehicleId, url } = await needsReauth("reauth-ford@example.com", "FORD");
    const screen = await client.location(reauthPath(url));
    expect(
      await client.press(screen, {
        action: "sign-in",
        email: "reauth-ford@example.com",
        password: "x",
      }),
    ).toBe(screen);
    expect((await client.page(screen)).html).toContain("Verification code");
    expect(queryOf(await client.press(screen, { action: "verify", code: "111111" }))).toEqual({
      vehicle_id: vehicleId,
      state: "re-state",
    });
  });

  it("Cancel and Back to application send the same errors as Connect", async () => {
    const { url } = await needsReauth("reauth-cancel@example.com", "HYUNDAI");
    const cancelled = await client.press(await client.location(reauthPath(url)), {
      action: "cancel",
    });
    expect(keys(cancelled)).toEqual(["error", "error_description", "state"]);
    expect(queryOf(cancelled).error).toBe("oem_cancelled_login");
    const screen = await client.location(reauthPath(url));
    await client.press(screen, {
      action: "sign-in",
      email: "reauth-cancel@example.com",
      password: "x",
    });
    expect((await client.page(screen)).html).toContain('name="pin"');
    expect(queryOf(await client.press(screen, { action: "back" })).error).toBe(
      "user_manually_returned_to_application",
    );
  });

  it("configuration_error for an unconnected vehicle; unknown clients rejected", async () => {
    const url = new URL(
      `${client.origin}/oauth/reauthenticate?response_type=vehicle_id&application_id=${APPLICATION_ID}`,
    );
    const location = await client.location(reauthPath(url, { vehicle_id: "no-such-vehicle" }));
    expect(queryOf(location)).toMatchObject({
      error: "configuration_error",
      status_code: "400",
      state: "re-state",
    });
    expect(keys(location)).toEqual([
      "error",
      "error_description",
      "error_message",
      "state",
      "status_code",
    ]);
    const stranger = await client.fetch(
      reauthPath(url, { vehicle_id: "x", application_id: CLIENT_ID }),
    );
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toContain("400: Invalid parameter client_id");
    const badRedirect = await client.fetch(
      reauthPath(url, { vehicle_id: "x", redirect_uri: "https://evil.example/" }),
    );
    expect(await badRedirect.text()).toContain("This redirect URI isn&#x27;t registered");
  });

  it("with response_type=none and no redirect_uri, ends on Connect's own page", async () => {
    const { userId, vehicleId } = await needsReauth("reauth-none@example.com");
    const query = new URLSearchParams({
      response_type: "none",
      application_id: APPLICATION_ID,
      vehicle_id: vehicleId,
    });
    const screen = await client.location(`/oauth/reauthenticate?${query}`);
    expect(
      await client.press(screen, {
        action: "sign-in",
        email: "reauth-none@example.com",
        password: "x",
      }),
    ).toBe(screen);
    expect((await client.page(screen)).html).toContain("Your vehicle is reconnected");
    expect((await client.api("GET", `/v3/vehicles/${vehicleId}/signals`, { userId })).status).toBe(
      200,
    );
  });
});
