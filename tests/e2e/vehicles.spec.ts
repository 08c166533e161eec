import { expect, test } from "@playwright/test";
import {
  changeVehicle,
  EMULATOR,
  chooseFromAccountMenu,
  connect,
  emulatedVehicles,
  ownerEmail,
  PASSWORD,
  setFaults,
  signUp,
  uniqueEmail,
} from "./helpers";

// The vehicles page shows what is stored about each vehicle (webhooks, earlier reads) and reads
// Smartcar (here the emulator) only for a vehicle whose readings are stale, or on Refresh.

const cards = "article.vehicle-card:not([aria-busy])";
const battery = "[data-signal=tractionbattery-stateofcharge] .signal-value";

test.afterEach(async ({ request }) => {
  await setFaults(request, []);
});

test("after connecting, the vehicles show their battery level, odometer and location", async ({
  page,
}) => {
  await signUp(page, uniqueEmail());
  await page.goto("/vehicles");
  await expect(page.getByRole("link", { name: "Connect a vehicle" })).toBeVisible();
  await connect(page, ownerEmail(2));
  await expect(page.locator(cards)).toHaveCount(2);
  for (const card of await page.locator(cards).all()) {
    await expect(card.getByRole("heading", { level: 2 })).toHaveText(/^20\d\d Tesla Model [3SY]$/);
    await expect(card.locator(battery)).toHaveText(/^\d{1,3}%$/);
    await expect(card.locator("[data-signal=odometer-traveleddistance] .signal-value")).toHaveText(
      /^[\d,]+ km$/,
    );
    await expect(card.locator("[data-signal=location-preciselocation] .signal-value")).toHaveText(
      /^-?\d+\.\d{4}, -?\d+\.\d{4}$/,
    );
  }
  await page.screenshot({ path: "test-results/screens/vehicles.png", fullPage: true });
});

test("vehicles at two carmakers are both shown; disconnecting one leaves the other; disconnect all", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(1), "Tesla");
  await page.getByRole("link", { name: "Connect another vehicle" }).click();
  await page.getByRole("button", { name: "BMW", exact: true }).click();
  await page.getByLabel("Email").fill(ownerEmail(1));
  await page.getByLabel("Password").fill("carmaker password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText("Your vehicle is connected.")).toBeVisible();

  const tesla = page.locator(cards).filter({ has: page.getByRole("heading", { name: /Tesla/ }) });
  const bmw = page.locator(cards).filter({ has: page.getByRole("heading", { name: /BMW/ }) });
  await expect(page.locator(cards)).toHaveCount(2);
  await expect(tesla).toHaveCount(1);
  await expect(bmw).toHaveCount(1);
  await page.screenshot({
    path: "test-results/screens/vehicles-two-carmakers.png",
    fullPage: true,
  });

  // Disconnect the Tesla: a confirmation that names it, then only the BMW is left.
  const teslaTitle = (await tesla.getByRole("heading").textContent())!;
  const teslaId = (await tesla.getAttribute("data-vehicle-id"))!;
  await tesla.getByRole("link", { name: "Disconnect" }).click();
  await expect(page.getByRole("heading", { name: `Disconnect the ${teslaTitle}?` })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/disconnect-one.png", fullPage: true });
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByText("The vehicle is disconnected.")).toBeVisible();
  await expect(page.locator(cards)).toHaveCount(1);
  await expect(bmw).toHaveCount(1);
  expect((await emulatedVehicles(request)).find((v) => v.id === teslaId)).toMatchObject({
    connectionId: null,
  });

  // Disconnect all.
  await page.getByRole("link", { name: "Disconnect all" }).click();
  await expect(page.getByRole("heading", { name: "Disconnect all your vehicles?" })).toBeVisible();
  await page.getByRole("link", { name: "Cancel, keep them connected" }).click();
  await expect(page.locator(cards)).toHaveCount(1);
  await page.getByRole("link", { name: "Disconnect all" }).click();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByText("Your vehicles are disconnected.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Connect a vehicle" })).toBeVisible();
  await expect(page.locator("article.vehicle-card")).toHaveCount(0);
});

test("a forged vehicle id in a disconnect changes nothing for its owner", async ({
  page,
  browser,
  request,
}) => {
  // Someone else's vehicle, connected in another browser.
  const other = await browser.newPage({ baseURL: test.info().project.use.baseURL });
  await signUp(other, uniqueEmail("victim"));
  await connect(other, ownerEmail(1), "Toyota");
  const victimId = (await other.locator(cards).first().getAttribute("data-vehicle-id"))!;
  await other.close();

  await signUp(page, uniqueEmail("attacker"));
  await connect(page, ownerEmail(1), "Tesla");
  // Their own disconnect page, for another user's vehicle: refused.
  await page.goto(`/vehicles/${victimId}/disconnect`);
  await expect(page.getByText("This vehicle isn't one of your connected vehicles.")).toBeVisible();
  // Their own vehicle's confirmation, with the vehicle id in the request swapped for the victim's.
  await page.goto("/vehicles");
  const ownId = (await page.locator(cards).first().getAttribute("data-vehicle-id"))!;
  await page.locator(cards).first().getByRole("link", { name: "Disconnect" }).click();
  await expect(page.getByRole("heading", { name: /^Disconnect the / })).toBeVisible();
  await page.route(/\/vehicles\/.+\/disconnect$/, async (route) => {
    const body = route.request().postData() ?? "";
    if (route.request().method() !== "POST" || !body.includes(ownId)) return route.continue();
    await route.continue({ postData: body.replaceAll(ownId, victimId) });
  });
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.locator(".alert")).toHaveText(
    "This vehicle isn't one of your connected vehicles, so nothing was changed.",
  );
  const vehicles = await emulatedVehicles(request);
  expect(vehicles.find((v) => v.id === victimId)).toMatchObject({
    connectionId: expect.any(String),
  });
  expect(vehicles.find((v) => v.id === ownId)).toMatchObject({ connectionId: expect.any(String) });
});

test("a vehicle that needs re-authentication shows Reconnect, and after the flow its battery again", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(1), "BMW");
  const card = page.locator(cards).first();
  await expect(card.locator(battery)).toHaveText(/%$/);
  const vehicleId = (await card.getAttribute("data-vehicle-id"))!;

  await changeVehicle(request, vehicleId, { needsReauthentication: true });
  // Stored readings are fresh, so only Refresh asks Smartcar.
  await card.getByRole("button", { name: "Refresh" }).click();
  await expect(card.locator(".alert")).toHaveText(
    "Your sign-in with the carmaker has expired for this vehicle. Reconnect to sign in again.",
  );
  await page.screenshot({
    path: "test-results/screens/vehicle-needs-reauthentication.png",
    fullPage: true,
  });
  await card.getByRole("link", { name: "Reconnect" }).click();

  await expect(page.getByRole("heading", { name: "Sign in to BMW" })).toBeVisible();
  await page
    .getByLabel("Email")
    .fill((await emulatedVehicles(request)).find((v) => v.id === vehicleId)!.email);
  await page.getByLabel("Password").fill("carmaker password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/vehicles\?reconnected=1$/);
  await expect(page.getByText("Your vehicle is reconnected.")).toBeVisible();
  await expect(page.locator(cards).first().locator(battery)).toHaveText(/%$/);

  await chooseFromAccountMenu(page, "Connect history");
  await expect(page.locator("table.history tbody tr").first()).toContainText("Reconnect");
  await expect(page.locator("table.history tbody tr").first()).toContainText("Reconnected");
});

test("a failing Refresh shows its error in place, keeping the stored readings; the others show", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(3), "BMW");
  await expect(page.locator(cards)).toHaveCount(3);
  const broken = await page.locator(cards).nth(1).getAttribute("data-vehicle-id");
  await setFaults(request, [{ kind: "vehicle-error", vehicleId: broken, status: 409 }]);
  const failing = page.locator(`article[data-vehicle-id="${broken}"]`);
  await failing.getByRole("button", { name: "Refresh" }).click();
  await expect(failing.locator(".alert")).toHaveText(
    "The vehicle didn't respond. It may be asleep or out of coverage.",
  );
  // Its stored readings stay, and the others are untouched.
  await expect(page.locator("[data-signal=odometer-traveleddistance]")).toHaveCount(3);
  await expect(page.locator("article .alert")).toHaveCount(1);
  await page.screenshot({ path: "test-results/screens/vehicles-one-failing.png", fullPage: true });

  await setFaults(request, []);
  await page.reload();
  await expect(page.locator("article .alert")).toHaveCount(0);
});

test("a rate-limited Refresh is retried after Retry-After; with Smartcar down the page shows what is stored", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(1));
  await setFaults(request, [
    { kind: "rate-limit", code: "SMARTCAR_API", count: 1, retryAfterSeconds: 1 },
  ]);
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Read just now." })).toBeVisible();
  await expect(page.locator(battery)).toHaveCount(1);
  await expect(page.locator("article .alert")).toHaveCount(0);

  // Smartcar down: the page still shows what is stored, and Refresh says why it can't read.
  await setFaults(request, [{ kind: "down" }]);
  await page.reload();
  await expect(page.locator(battery)).toHaveText(/%$/);
  await expect(page.getByRole("button", { name: "Refresh" })).toBeDisabled();
});

test("the history lists a denied attempt and then a successful one, newest first, naming the brand and vehicle", async ({
  page,
}) => {
  await signUp(page, uniqueEmail());
  const owner = ownerEmail(1);
  await page.goto("/connect?make=TESLA");
  await page.getByLabel("Email").fill(owner);
  await page.getByLabel("Password").fill("pw");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page).toHaveURL(/\/connect\/error\/access_denied$/);
  await connect(page, owner);
  await expect(page.locator(cards)).toHaveCount(1);

  await chooseFromAccountMenu(page, "Connect history");
  const rows = page.locator("table.history tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Connected");
  await expect(rows.nth(0)).toContainText(/20\d\d Tesla Model/);
  await expect(rows.nth(1)).toContainText("Denied access");
  await expect(rows.nth(1)).toContainText("Tesla");
  await page.screenshot({ path: "test-results/screens/history.png", fullPage: true });
});

test("each click on a Connect button starts exactly one launch", async ({ page }) => {
  await signUp(page, uniqueEmail());
  await page.goto("/vehicles");
  const launches: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/connect") launches.push(r.url());
  });
  await page.getByRole("link", { name: "Connect a vehicle" }).click();
  await page.getByRole("button", { name: "Tesla", exact: true }).click();
  await page.getByLabel("Email").fill(ownerEmail(1));
  await page.getByLabel("Password").fill("pw");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText("Your vehicle is connected.")).toBeVisible();
  expect(launches).toHaveLength(1);

  await chooseFromAccountMenu(page, "Connect history");
  const rows = page.locator("table.history tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText("Connected");
});

test("fresh webhook data costs no Smartcar read; a new vehicle is read at most once; Refresh once, then says when", async ({
  page,
  request,
}) => {
  const signalsCalls = async () =>
    ((await (await request.get(`${EMULATOR}/_emulator/stats`)).json()).counts.signals ??
      0) as number;
  await signUp(page, uniqueEmail());
  const beforeConnect = await signalsCalls();
  await connect(page, ownerEmail(1), "Tesla");
  const card = page.locator(cards).first();
  await expect(card.locator(battery)).toHaveText(/%$/);
  // Never read before: read at most once (none when the emulator's FIRST_DELIVERY webhook, as
  // Smartcar's, stored fresh readings first; tests/integration/vehicles.test.ts makes one stale).
  expect(await signalsCalls()).toBeLessThanOrEqual(beforeConnect + 1);

  // A webhook delivery brings fresh data: views show it and read nothing.
  const vehicleId = (await card.getAttribute("data-vehicle-id"))!;
  await changeVehicle(request, vehicleId, { batteryPercent: 42 });
  await expect(card.locator(battery)).toHaveText("42%", { timeout: 20_000 });
  const before = await signalsCalls();
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await expect(page.locator(cards).first().locator(battery)).toHaveText("42%");
  }
  expect(await signalsCalls()).toBe(before);
  // How old the data is, in words, and exactly on hover and to screen readers.
  const age = card.locator(".card-updated time");
  await expect(age).toContainText(/just now|minutes? ago/);
  await expect(age).toHaveAttribute("title", /^\d{1,2} \w{3,4} \d{4}, \d\d:\d\d UTC$/);
  await expect(age.locator(".visually-hidden")).toHaveText(/ \(\d{1,2} \w{3,4} \d{4}, .* UTC\)$/);

  await card.getByRole("button", { name: "Refresh" }).click();
  await expect(
    card
      .getByRole("status")
      .filter({ hasText: "Read just now. You can refresh again in 1 minute." }),
  ).toBeVisible();
  expect(await signalsCalls()).toBe(before + 1);
  await expect(card.getByRole("button", { name: "Refresh" })).toBeDisabled();
  // Another page (or instance) is held to the same minute.
  await page.reload();
  await expect(page.locator(cards).first().getByRole("button", { name: "Refresh" })).toBeDisabled();
  expect(await signalsCalls()).toBe(before + 1);
});

test.describe("commands and live updates", () => {
  test("Lock shows Locked; Start charging shows Charging; a refusal says why", async ({
    page,
    request,
  }) => {
    await signUp(page, uniqueEmail());
    await connect(page, ownerEmail(1), "Tesla");
    const card = page.locator(cards).first();
    const vehicleId = (await card.getAttribute("data-vehicle-id"))!;
    await changeVehicle(request, vehicleId, {
      locked: false,
      pluggedIn: true,
      charging: false,
      batteryPercent: 40,
      chargeLimit: 90,
    });
    await page.reload();
    await expect(card.locator("[data-signal=closure-islocked] .signal-value")).toHaveText(
      "Unlocked",
    );

    await card.getByRole("button", { name: "Lock", exact: true }).click();
    await expect(card.getByRole("status").filter({ hasText: "Locking…" })).toBeVisible();
    await expect(card.getByRole("button", { name: "Unlock" })).toBeDisabled();
    await expect(card.getByRole("status").filter({ hasText: "Locked." })).toBeVisible({
      timeout: 30_000,
    });
    await expect(card.locator("[data-signal=closure-islocked] .signal-value")).toHaveText("Locked");

    await card.getByRole("button", { name: "Start charging" }).click();
    await expect(card.getByRole("status").filter({ hasText: "Charging started." })).toBeVisible({
      timeout: 30_000,
    });
    await expect(card.locator("[data-signal=charge-ischarging] .signal-value")).toHaveText(
      "Charging",
    );
    await page.screenshot({ path: "test-results/screens/vehicle-commands.png", fullPage: true });

    // Documented refusal: already charging.
    await card.getByRole("button", { name: "Start charging" }).click();
    await expect(
      card.locator(".alert").filter({ hasText: "The vehicle is already charging." }),
    ).toBeVisible({ timeout: 30_000 });

    // Another documented refusal: a door open when locking.
    await changeVehicle(request, vehicleId, { doorOpen: true });
    await card.getByRole("button", { name: "Lock", exact: true }).click();
    await expect(
      card.locator(".alert").filter({ hasText: "A door is open. Close it and try again." }),
    ).toBeVisible({ timeout: 30_000 });

    await card.getByLabel("New charge limit (%)").fill("70");
    await card.getByRole("button", { name: "Set limit" }).click();
    await expect(card.locator("[data-signal=charge-chargelimits] .signal-value")).toHaveText(
      "70%",
      { timeout: 30_000 },
    );
  });

  test("an open page changes when the vehicle's battery level changes, with no reload", async ({
    page,
    request,
  }) => {
    await signUp(page, uniqueEmail());
    await connect(page, ownerEmail(1), "Tesla");
    const card = page.locator(cards).first();
    const vehicleId = (await card.getAttribute("data-vehicle-id"))!;
    await expect(card.locator(battery)).toHaveText(/%$/);
    let reloads = 0;
    page.on("framenavigated", () => (reloads += 1));

    // The emulator sends a signed VEHICLE_STATE to the app's webhook; the page hears of it.
    await changeVehicle(request, vehicleId, { batteryPercent: 42 });
    await expect(card.locator(battery)).toHaveText("42%", { timeout: 20_000 });
    await changeVehicle(request, vehicleId, { batteryPercent: 43 });
    await expect(card.locator(battery)).toHaveText("43%", { timeout: 20_000 });
    expect(reloads).toBe(0);
  });
});

test("a signal's own error reaches its card: Reconnect, Connect again, or Smartcar's words", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(1));
  const card = page.locator(cards).first();
  await expect(card.locator(battery)).toHaveText(/%$/);
  const vehicleId = (await card.getAttribute("data-vehicle-id"))!;
  const odometer = card.locator("[data-signal=odometer-traveleddistance] .signal-value");

  // Any other type: Smartcar's suggestedUserMessage on that signal's row, the others unchanged.
  const asleep =
    "Your vehicle is in a sleep state. This request was not sent to preserve battery life.";
  await changeVehicle(request, vehicleId, {
    signalErrors: {
      "odometer-traveleddistance": {
        type: "VEHICLE_STATE",
        code: "ASLEEP",
        suggestedUserMessage: asleep,
      },
    },
  });
  await page.reload();
  await expect(odometer).toHaveText(asleep);
  await expect(card.locator(battery)).toHaveText(/^\d{1,3}%$/);
  await expect(card.getByRole("link", { name: "Reconnect" })).toHaveCount(0);

  // PERMISSION: connect again, to grant it (Connect opened for this carmaker).
  await changeVehicle(request, vehicleId, {
    signalErrors: {
      "odometer-traveleddistance": null,
      "location-preciselocation": { type: "PERMISSION", code: "NOT_GRANTED", resolution: null },
    },
  });
  await page.reload();
  await expect(odometer).toHaveText(/^[\d,]+ km$/);
  await expect(card.getByRole("link", { name: "Connect again" })).toHaveAttribute(
    "href",
    "/connect?make=TESLA",
  );

  // REAUTHENTICATE (a string resolution counts as { type }): Reconnect, as on a whole request.
  await changeVehicle(request, vehicleId, {
    signalErrors: {
      "location-preciselocation": null,
      "tractionbattery-stateofcharge": {
        type: "CONNECTED_SERVICES_ACCOUNT",
        code: "AUTHENTICATION_FAILED",
        resolution: "REAUTHENTICATE",
      },
    },
  });
  await page.reload();
  await expect(card.locator(".alert")).toHaveText(
    "Your sign-in with the carmaker has expired for this vehicle. Reconnect to sign in again.",
  );
  await expect(card.getByRole("link", { name: "Reconnect" })).toHaveAttribute(
    "href",
    `/connect/reauthenticate?vehicle=${encodeURIComponent(vehicleId)}`,
  );
  await page.screenshot({ path: "test-results/screens/vehicle-signal-error.png", fullPage: true });
  await changeVehicle(request, vehicleId, {
    signalErrors: { "tractionbattery-stateofcharge": null },
  });
});
