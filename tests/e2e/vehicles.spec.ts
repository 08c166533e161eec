import { expect, test } from "@playwright/test";
import {
  changeVehicle,
  chooseFromAccountMenu,
  connect,
  emulatedVehicles,
  ownerEmail,
  PASSWORD,
  setFaults,
  signUp,
  uniqueEmail,
} from "./helpers";

// The vehicles page reads Smartcar (here the emulator) with the stored user_ids.

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
  await page.reload();
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

test("one failing vehicle shows its error in place while the others show", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(3), "BMW");
  await expect(page.locator(cards)).toHaveCount(3);
  const broken = await page.locator(cards).nth(1).getAttribute("data-vehicle-id");
  await setFaults(request, [{ kind: "vehicle-error", vehicleId: broken, status: 409 }]);
  await page.reload();
  await expect(page.locator(`article[data-vehicle-id="${broken}"] .alert`)).toHaveText(
    "The vehicle didn't respond. It may be asleep or out of coverage.",
  );
  await expect(page.locator("[data-signal=odometer-traveleddistance]")).toHaveCount(2);
  await page.screenshot({ path: "test-results/screens/vehicles-one-failing.png", fullPage: true });

  await setFaults(request, []);
  await page.reload();
  await expect(page.locator("[data-signal=odometer-traveleddistance]")).toHaveCount(3);
});

test("a rate-limited API is retried after Retry-After, and an API that is down degrades to a message", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(1));
  await setFaults(request, [
    { kind: "rate-limit", code: "SMARTCAR_API", count: 1, retryAfterSeconds: 1 },
  ]);
  await page.reload();
  await expect(page.locator(battery)).toHaveCount(1);

  await setFaults(request, [{ kind: "down" }]);
  await page.reload();
  await expect(page.locator(".alert-error")).toHaveText(
    "Smartcar can't be reached right now. Try again later.",
  );
  await setFaults(request, []);
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page.locator(battery)).toHaveCount(1);
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
