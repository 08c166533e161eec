import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ownerEmail, signUp, uniqueEmail } from "./helpers";

// The vehicles page reads the emulated vehicle API with the stored user_id.

async function setFaults(request: APIRequestContext, faults: unknown[]) {
  const response = await request.put("/emulator/control/faults", { data: faults });
  expect(response.ok()).toBe(true);
}

async function connect(page: Page, ownerEmail: string, brand = "Tesla") {
  await page.goto("/connect");
  await page.getByRole("button", { name: brand, exact: true }).click();
  await page.getByLabel("Email").fill(ownerEmail);
  await page.getByLabel("Password").fill("carmaker password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText("Your vehicle is connected.")).toBeVisible();
}

test.afterEach(async ({ request }) => {
  await setFaults(request, []);
});

test("after connecting, the vehicles show their battery level, odometer and location", async ({ page }) => {
  await signUp(page, uniqueEmail());
  await page.goto("/vehicles");
  await expect(page.getByRole("link", { name: "Connect a vehicle" })).toBeVisible();
  await connect(page, ownerEmail(2));
  const cards = page.locator("article.vehicle-card");
  await expect(cards).toHaveCount(2);
  for (const card of await cards.all()) {
    await expect(card.locator("[data-signal=tractionbattery-stateofcharge] .signal-value")).toHaveText(/^\d{1,3}%$/);
    await expect(card.locator("[data-signal=odometer-traveleddistance] .signal-value")).toHaveText(/^[\d,]+ km$/);
    await expect(card.locator("[data-signal=location-preciselocation] .signal-value")).toHaveText(/^-?\d+\.\d{4}, -?\d+\.\d{4}$/);
  }
  await page.screenshot({ path: "test-results/screens/vehicles.png", fullPage: true });
});

test("one failing vehicle shows its error in place while the others show", async ({ page, request }) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(3), "BMW");
  const cards = page.locator("article.vehicle-card:not([aria-busy])");
  await expect(cards).toHaveCount(3);
  const broken = await cards.nth(1).getAttribute("data-vehicle-id");
  await setFaults(request, [{ kind: "vehicle-error", vehicleId: broken, status: 500 }]);
  await page.reload();
  await expect(page.locator(`article[data-vehicle-id="${broken}"]`).getByRole("status")).toHaveText(
    "The vehicle didn't respond. It may be asleep or out of coverage.",
  );
  await expect(page.locator("[data-signal=tractionbattery-stateofcharge]")).toHaveCount(2);
  await page.screenshot({ path: "test-results/screens/vehicles-one-failing.png", fullPage: true });

  await setFaults(request, []);
  await page.reload();
  await expect(page.locator("[data-signal=tractionbattery-stateofcharge]")).toHaveCount(3);
});

test("a rate-limited API is retried after Retry-After, and an API that is down degrades to a message", async ({ page, request }) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(1));
  await setFaults(request, [{ kind: "rate-limit", count: 1, retryAfterSeconds: 1 }]);
  await page.reload();
  await expect(page.locator("[data-signal=tractionbattery-stateofcharge]")).toHaveCount(1);

  await setFaults(request, [{ kind: "down" }]);
  await page.reload();
  await expect(page.locator(".alert-error")).toHaveText("Your vehicles can't be read from Smartcar right now. Try again in a moment.");
  await setFaults(request, []);
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page.locator("[data-signal=tractionbattery-stateofcharge]")).toHaveCount(1);
});

test("disconnect asks first, revokes access, and returns to the prompt", async ({ page }) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(1));
  await page.getByRole("link", { name: "Disconnect" }).click();
  await expect(page.getByRole("heading", { name: "Disconnect your vehicles?" })).toBeVisible();
  await page.getByRole("link", { name: "Cancel, keep them connected" }).click();
  await expect(page.locator("article.vehicle-card")).toHaveCount(1);

  await page.getByRole("link", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByText("Your vehicles are disconnected.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Connect a vehicle" })).toBeVisible();
});

test("the history lists a denied attempt and then a successful one, newest first", async ({ page }) => {
  await signUp(page, uniqueEmail());
  const owner = ownerEmail(1);
  await page.goto("/connect");
  await page.getByRole("button", { name: "Tesla", exact: true }).click();
  await page.getByLabel("Email").fill(owner);
  await page.getByLabel("Password").fill("pw");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page).toHaveURL(/\/connect\/error\/access_denied$/);
  await connect(page, owner);

  await page.getByRole("link", { name: "History", exact: true }).click();
  const rows = page.locator("table.history tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Connected");
  await expect(rows.nth(1)).toContainText("Denied access");
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

  await page.getByRole("link", { name: "History", exact: true }).click();
  const rows = page.locator("table.history tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText("Connected");
});
