import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import {
  connect,
  EMULATOR,
  emulatedVehicles,
  ownerEmail,
  setFaults,
  signUp,
  uniqueEmail,
} from "./helpers";

// What a vehicle's card says when Smartcar answers its Refresh with a problem of that vehicle (the
// emulator's fault controls, emulator/README.md), and what a failed revocation at Smartcar leaves
// when a person disconnects a vehicle.

const cards = "article.vehicle-card:not([aria-busy])";

test.afterEach(async ({ request }) => {
  await setFaults(request, []);
});

const card = (page: Page, vehicleId: string) =>
  page.locator(`article.vehicle-card[data-vehicle-id="${vehicleId}"]`);

/** Presses the card's Refresh and returns where the card then shows its problem. */
async function refresh(page: Page, vehicleId: string) {
  await card(page, vehicleId).getByRole("button", { name: "Refresh" }).click();
  return card(page, vehicleId).locator(".alert");
}

/** Removes a vehicle's connection at the emulated Smartcar, as its owner could there. */
async function deleteConnectionAtSmartcar(request: APIRequestContext, connectionId: string) {
  const token = await request.post(`${EMULATOR}/oauth2/token`, {
    form: {
      grant_type: "client_credentials",
      client_id: "client_emulator",
      client_secret: "emulator-client-secret",
    },
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const deleted = await request.delete(`${EMULATOR}/v3/connections/${connectionId}`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(deleted.ok()).toBe(true);
}

test("a vehicle's rate limit, the plan's limit and a missing permission each show their words on that card only", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(3));
  await expect(page.locator(cards)).toHaveCount(3);
  const ids = await page
    .locator(cards)
    .evaluateAll((all) => all.map((a) => a.getAttribute("data-vehicle-id")!));
  const [limited, billed, forbidden] = ids as [string, string, string];

  // One vehicle throttled by its carmaker (RATE_LIMIT/VEHICLE, Retry-After 120 s): not retried,
  // the card says when to try again.
  await setFaults(request, [
    { kind: "rate-limit", code: "VEHICLE", count: 1, retryAfterSeconds: 120 },
  ]);
  await expect(await refresh(page, limited)).toHaveText(
    "Too many requests for this vehicle right now. Try again in 2 minutes.",
  );
  // Only that card: the positive control is the alert just shown.
  await expect(card(page, billed).locator(".alert")).toHaveCount(0);
  await expect(card(page, forbidden).locator(".alert")).toHaveCount(0);

  await setFaults(request, [{ kind: "vehicle-error", vehicleId: billed, status: 430 }]);
  await expect(await refresh(page, billed)).toHaveText(
    "This app has reached its Smartcar plan's limit for this vehicle.",
  );

  await setFaults(request, [{ kind: "vehicle-error", vehicleId: forbidden, status: 403 }]);
  await expect(await refresh(page, forbidden)).toHaveText(
    "This app doesn't have permission to read this vehicle. Connect it again and allow access.",
  );

  // Each message stayed on its own card, which kept its stored readings.
  for (const id of ids) {
    await expect(card(page, id).locator(".alert")).toHaveCount(1);
    await expect(card(page, id).locator("[data-signal=odometer-traveleddistance]")).toHaveCount(1);
  }
  await page.screenshot({ path: "test-results/screens/vehicle-problems.png", fullPage: true });
});

test("a vehicle whose connection was removed at Smartcar says it is no longer connected; the other reads", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(2));
  await expect(page.locator(cards)).toHaveCount(2);
  const [gone, kept] = (await page
    .locator(cards)
    .evaluateAll((all) => all.map((a) => a.getAttribute("data-vehicle-id")!))) as [string, string];
  const { connectionId } = (await emulatedVehicles(request)).find((v) => v.id === gone)!;
  await deleteConnectionAtSmartcar(request, connectionId!);

  await expect(await refresh(page, gone)).toHaveText("This vehicle is no longer connected.");
  // Positive control: the other vehicle of the same account still reads.
  await card(page, kept).getByRole("button", { name: "Refresh" }).click();
  await expect(card(page, kept).getByText("Read just now.")).toBeVisible();
  await expect(card(page, kept).locator(".alert")).toHaveCount(0);
});

test("a failed revocation at Smartcar disconnects nothing: the page says why, the vehicle stays; then it works", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail());
  await connect(page, ownerEmail(2));
  await expect(page.locator(cards)).toHaveCount(2);
  const first = page.locator(cards).first();
  const title = (await first.getByRole("heading").first().textContent())!;
  const vehicleId = (await first.getAttribute("data-vehicle-id"))!;
  await first.getByRole("link", { name: "Disconnect" }).click();
  await expect(page.getByRole("heading", { name: `Disconnect the ${title}?` })).toBeVisible();

  // Smartcar fails every call, DELETE /v3/connections/{id} included.
  await setFaults(request, [{ kind: "down" }]);
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.locator("form [role=alert]")).toHaveText(
    "Disconnecting didn't finish: Smartcar can't be reached right now. Try again later.",
  );
  await expect(page.getByRole("heading", { name: `Disconnect the ${title}?` })).toBeVisible();
  // Still connected at Smartcar, and still stored here: both vehicles on the page.
  expect((await emulatedVehicles(request)).find((v) => v.id === vehicleId)!.connectionId).not.toBe(
    null,
  );
  await setFaults(request, []);
  await page.goto("/vehicles");
  await expect(page.locator(cards)).toHaveCount(2);
  await expect(card(page, vehicleId)).toHaveCount(1);

  // Positive control: with Smartcar back, the same disconnect goes through.
  await card(page, vehicleId).getByRole("link", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByText("The vehicle is disconnected.")).toBeVisible();
  await expect(page.locator(cards)).toHaveCount(1);
  await expect(card(page, vehicleId)).toHaveCount(0);
  expect((await emulatedVehicles(request)).find((v) => v.id === vehicleId)!.connectionId).toBe(
    null,
  );
});
