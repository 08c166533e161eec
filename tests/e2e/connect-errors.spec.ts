import { expect, test, type Page } from "@playwright/test";
import {
  accountMenu,
  connect,
  EMULATOR_SCREEN,
  ownerEmail,
  signOut,
  signUp,
  uniqueEmail,
} from "./helpers";

// The Connect outcomes no carmaker screen of the emulator leads to by itself, as a person sees
// them: the heading, the retry prompt (or none), and the way back. Each is reached the way
// Connect would send it: the emulator's own answer to a malformed launch, a callback carrying this
// browser's state, or a second account connecting an owner who is already linked.

/** Signs up, launches Connect, and returns the authorize URL the app sent the browser to. */
async function launch(page: Page): Promise<URL> {
  await signUp(page, uniqueEmail());
  const authorize = page.waitForRequest((r) => r.url().includes("/oauth/authorize"));
  await page.goto("/connect");
  await expect(page).toHaveURL(EMULATOR_SCREEN);
  return new URL((await authorize).url());
}

async function expectErrorPage(page: Page, code: string, heading: string) {
  await expect(page).toHaveURL(new RegExp(`^http://localhost:\\d+/connect/error/${code}$`));
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

/** The way back is always there, and leads home, signed in still. */
async function followBackHome(page: Page) {
  await page.getByRole("link", { name: "Back to home" }).click();
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/$/);
  await expect(accountMenu(page)).toBeVisible();
}

test("configuration_error: Connect's answer to a malformed launch says sorry, offers no retry, and leads home", async ({
  page,
}) => {
  const authorize = await launch(page);
  // The emulator answers a launch it cannot read as Connect does: back to the app with
  // error=configuration_error, status_code=400, error_message and the state (emulator/README.md).
  authorize.searchParams.set("response_type", "token");
  const callback = page.waitForRequest((r) => r.url().includes("/connect/callback"));
  await page.goto(authorize.toString());
  const sent = new URL((await callback).url()).searchParams;
  expect(sent.get("error")).toBe("configuration_error");
  expect(sent.get("status_code")).toBe("400");
  await expectErrorPage(
    page,
    "configuration_error",
    "We're sorry, we can't connect vehicles right now",
  );
  await expect(page.getByText("It's not something you did")).toBeVisible();
  // No retry: trying again would fail the same way. The control is the next test's Try again.
  await expect(page.getByRole("link", { name: /try again|start again/i })).toHaveCount(0);
  await followBackHome(page);
});

test("unknown: an error code Connect has not documented gets Try again, which starts Connect again", async ({
  page,
}) => {
  const state = (await launch(page)).searchParams.get("state")!;
  await page.goto(
    `/connect/callback?error=brand_new_error&error_description=${encodeURIComponent("Something new.")}&state=${state}`,
  );
  await expectErrorPage(page, "unknown", "The connection didn't complete");
  await expect(page.getByText("Something new.")).toHaveCount(0);
  const retry = page.getByRole("link", { name: "Try again" });
  await expect(retry).toHaveAttribute("href", "/connect/retry?after=unknown");
  await expect(page.getByRole("link", { name: "Back to home" })).toBeVisible();
  await retry.click();
  await expect(page).toHaveURL(EMULATOR_SCREEN);
  await page.goBack();
  await followBackHome(page);
});

test("invalid_response: a malformed answer (user_id and error at once) gets Start again, which starts Connect again", async ({
  page,
}) => {
  const state = (await launch(page)).searchParams.get("state")!;
  await page.goto(
    `/connect/callback?user_id=${crypto.randomUUID()}&error=access_denied&state=${state}`,
  );
  await expectErrorPage(page, "invalid_response", "We couldn't read the response from Smartcar");
  await expect(page.getByText("nothing was saved")).toBeVisible();
  const retry = page.getByRole("link", { name: "Start again" });
  await expect(retry).toHaveAttribute("href", "/connect/retry?after=invalid_response");
  await retry.click();
  await expect(page).toHaveURL(EMULATOR_SCREEN);
  await page.goBack();
  await followBackHome(page);
  // Nothing was connected.
  await page.goto("/vehicles");
  await expect(page.getByRole("link", { name: "Connect a vehicle" })).toBeVisible();
  await expect(page.locator("article.vehicle-card")).toHaveCount(0);
});

test("already_linked: a carmaker account another user connected is refused, theirs untouched, with a way to use another account", async ({
  page,
}) => {
  const owner = ownerEmail(1);
  // Positive control: the first user connects that carmaker account, and sees its vehicle.
  await signUp(page, uniqueEmail("first"));
  await connect(page, owner);
  await expect(page.locator("article.vehicle-card")).toHaveCount(1);
  const title = await page
    .locator("article.vehicle-card")
    .getByRole("heading")
    .first()
    .textContent();
  await signOut(page);

  await signUp(page, uniqueEmail("second"));
  await page.goto("/connect");
  await page.getByRole("button", { name: "Tesla", exact: true }).click();
  await page.getByLabel("Email").fill(owner);
  await page.getByLabel("Password").fill("carmaker password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expectErrorPage(page, "already_linked", "This vehicle owner is linked to another account");
  await expect(page.getByText("nothing was changed")).toBeVisible();
  const retry = page.getByRole("link", { name: "Connect a different account" });
  await expect(retry).toHaveAttribute("href", "/connect/retry?after=already_linked");
  await followBackHome(page);
  await page.goto("/vehicles");
  await expect(page.locator("article.vehicle-card")).toHaveCount(0);
  await expect(page.getByText(title!)).toHaveCount(0);
});
