import { expect, test } from "@playwright/test";
import { changeVehicle, connect, ownerEmail, PASSWORD, signUp, uniqueEmail } from "./helpers";

// Unlock and Disconnect all ask for the account password, every time (lib/vehicles/step-up.ts).

const cards = "article.vehicle-card:not([aria-busy])";
const lock = "[data-signal=closure-islocked] .signal-value";

test("Unlock asks for the password: a wrong one unlocks nothing, the right one unlocks", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail("unlock"));
  await connect(page, ownerEmail(1), "Tesla");
  const card = page.locator(cards).first();
  const vehicleId = (await card.getAttribute("data-vehicle-id"))!;
  await changeVehicle(request, vehicleId, { locked: true, doorOpen: false });
  await page.reload();
  await expect(card.locator(lock)).toHaveText("Locked");

  // It asks, and there is a way back.
  await card.getByRole("button", { name: "Unlock" }).click();
  const dialog = page.getByRole("dialog", { name: "Unlock this vehicle?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Password")).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  // A wrong password: told so, and the car (the emulator's state, read again) stays locked.
  await card.getByRole("button", { name: "Unlock" }).click();
  await dialog.getByLabel("Password").fill("not my password");
  await dialog.getByRole("button", { name: "Unlock" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Wrong password. Nothing was unlocked.", {
    timeout: 30_000,
  });
  await page.reload();
  await expect(card.locator(lock)).toHaveText("Locked");

  // The right password unlocks it.
  await card.getByRole("button", { name: "Unlock" }).click();
  await dialog.getByLabel("Password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Unlock" }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(card.getByRole("status").filter({ hasText: "Unlocked." })).toBeVisible();
  await expect(card.locator(lock)).toHaveText("Unlocked");
  await page.reload();
  await expect(card.locator(lock)).toHaveText("Unlocked");

  // Lock does not ask.
  await card.getByRole("button", { name: "Lock", exact: true }).click();
  await expect(card.getByRole("status").filter({ hasText: "Locked." })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("Disconnect all asks for the password too", async ({ page }) => {
  await signUp(page, uniqueEmail("disconnect-all"));
  await connect(page, ownerEmail(1), "Tesla");
  await expect(page.locator(cards)).toHaveCount(1);
  await page.getByRole("link", { name: "Disconnect all" }).click();
  await expect(page.getByRole("heading", { name: "Disconnect all your vehicles?" })).toBeVisible();

  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.locator("p.alert-error[role=alert]")).toHaveText(
    "Wrong password. Nothing was disconnected.",
    { timeout: 30_000 },
  );
  await page.goto("/vehicles");
  await expect(page.locator(cards)).toHaveCount(1);

  await page.getByRole("link", { name: "Disconnect all" }).click();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByText("Your vehicles are disconnected.")).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("article.vehicle-card")).toHaveCount(0);
});
