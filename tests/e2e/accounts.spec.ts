import { expect, test, type Page } from "@playwright/test";
import {
  accountMenu,
  asNewClient,
  chooseFromAccountMenu,
  expectSignedOutHeader,
  PASSWORD,
  signIn,
  signOut,
  signUp,
  uniqueEmail,
} from "./helpers";

const AFTER_SIGN_UP =
  "If this email is new, your account is ready: sign in with the password you chose. If it was already registered, sign in with your existing password.";

async function submitSignUp(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
}

test("sign up, sign in, see the signed-in home, sign out, sign in again", async ({
  page,
  context,
}) => {
  await asNewClient(page);
  const email = uniqueEmail();
  await page.goto("/");
  await expect(page.getByText("Emulator mode", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Sign up" }).first().click();
  await expect(page).toHaveURL(/\/sign-up$/);
  await page.screenshot({ path: "test-results/screens/sign-up.png", fullPage: true });

  // Signing up does not sign in: the sign-in form says what to do, whether the email was new or not.
  await submitSignUp(page, email);
  await expect(page).toHaveURL(/\/sign-in\?notice=signed-up$/);
  await expect(page.getByRole("status")).toHaveText(AFTER_SIGN_UP);
  expect((await context.cookies()).find((c) => c.name === "sc_session")).toBeUndefined();
  await page.screenshot({ path: "test-results/screens/sign-in-after-sign-up.png", fullPage: true });

  await signIn(page, email, PASSWORD, { goto: false });
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator("main").getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Connect a vehicle" })).toHaveAttribute(
    "href",
    "/connect",
  );
  await page.screenshot({ path: "test-results/screens/home-signed-in.png", fullPage: true });

  const cookie = (await context.cookies()).find((c) => c.name === "sc_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });

  await signOut(page);
  await expect(page.getByText(email)).toHaveCount(0);
  expect((await context.cookies()).find((c) => c.name === "sc_session")).toBeUndefined();

  await signIn(page, email);
  await expect(page.locator("main").getByText(`Signed in as ${email}`)).toBeVisible();
});

test("a wrong password gets one message that does not say which part was wrong", async ({
  page,
}) => {
  const email = uniqueEmail();
  await signUp(page, email);
  await signOut(page);

  await signIn(page, email, "not the password");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.screenshot({ path: "test-results/screens/sign-in-wrong.png", fullPage: true });

  await signIn(page, uniqueEmail("nobody"), PASSWORD);
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
});

test("a taken email is answered like a new one, changes nothing, and its owner is told once at sign-in", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail();
  await signUp(page, email);
  await signOut(page);

  const other = await browser.newPage();
  await asNewClient(other);
  await submitSignUp(other, email.toUpperCase(), "someone else's password");
  await expect(other).toHaveURL(/\/sign-in\?notice=signed-up$/);
  await expect(other.getByRole("status")).toHaveText(AFTER_SIGN_UP);
  // Nothing changed: the other password does not open the account.
  await signIn(other, email, "someone else's password", { goto: false });
  await expect(other.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await other.close();

  await signIn(page, email);
  const notice = page
    .getByRole("status")
    .filter({ hasText: "Someone tried to create an account with your email" });
  await expect(notice).toContainText(/on \d{1,2} \w+ \d{4} \(UTC\); nothing was changed\./);
  await page.screenshot({
    path: "test-results/screens/sign-up-attempt-notice.png",
    fullPage: true,
  });
  // Shown on every page of this session until dismissed, then never again.
  await page.goto("/connect/history");
  await expect(notice).toBeVisible();
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(notice).toHaveCount(0);
  await signOut(page);
  await signIn(page, email);
  await expect(page.locator("main").getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(notice).toHaveCount(0);
});

test("invalid input is explained next to each field", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("failed sign-ins are rate limited per email", async ({ page }) => {
  const email = uniqueEmail();
  await signUp(page, email);
  await signOut(page);

  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong password ${i}`);
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  }
  // A new client does not help: the limit is the email's.
  await asNewClient(page);
  await signIn(page, email, PASSWORD);
  await expect(page.locator("form").getByRole("alert")).toContainText(
    /Too many failed sign-in attempts\. Try again later \(in about 1[45] minutes\)\./,
  );
  await expectSignedOutHeader(page);

  // Another account is not affected.
  await signUp(page, uniqueEmail());
});

test("too many sign-ups from one client: a 429 page that says when to retry, and leads back to the form", async ({
  page,
}) => {
  await asNewClient(page);
  for (let i = 0; i < 10; i++) {
    await submitSignUp(page, uniqueEmail("many"));
    await expect(page).toHaveURL(/\/sign-in\?notice=signed-up$/);
  }
  await page.goto("/sign-up?next=/vehicles");
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === "/busy");
  await page.getByLabel("Email").fill(uniqueEmail("many"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  const busy = await answer;
  expect(busy.status()).toBe(429);
  expect(Number(busy.headers()["retry-after"])).toBeGreaterThan(800);
  await expect(
    page.getByRole("heading", { level: 1, name: "Too many sign-up attempts" }),
  ).toBeVisible();
  await expect(page.getByText(/Please try again in about 1[45] minutes\./)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/too-many-sign-ups.png", fullPage: true });
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page).toHaveURL(/\/sign-up\?next=%2Fvehicles$/);
});

test("?next= after sign-in accepts only a same-origin path, dot segments and all", async ({
  page,
}) => {
  const email = uniqueEmail();
  await signUp(page, email);
  await signOut(page);

  for (const next of [
    "https://evil.example/steal",
    "/.//evil.example",
    "/%2e//evil.example/phish",
  ]) {
    await page.goto(`/sign-in?next=${next}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("main").getByText(`Signed in as ${email}`)).toBeVisible();
    expect(page.url()).toMatch(/^http:\/\/localhost:\d+\/$/);
    // Signed in, the same links go straight on, and still only here.
    await page.goto(`/sign-in?next=${next}`);
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/$/);
    await signOut(page);
  }
});

test("a signed-in visitor to an account form goes straight on to its next, on this site", async ({
  page,
}) => {
  await signUp(page, uniqueEmail());
  await page.goto("/sign-in?next=/connect/history");
  await expect(page).toHaveURL(/\/connect\/history$/);
  await page.goto(`/sign-up?next=${encodeURIComponent("/.//evil.example")}`);
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/$/);
});

test("keyboard users can sign in without a mouse", async ({ page }) => {
  const email = uniqueEmail();
  await signUp(page, email);
  await signOut(page);
  await page.goto("/sign-in");
  await page.getByLabel("Email").focus();
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.locator("main").getByText(`Signed in as ${email}`)).toBeVisible();
});

test("every page carries the security headers", async ({ request }) => {
  const response = await request.get("/sign-in");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["cross-origin-resource-policy"]).toBe("same-origin");
  // The Connect routes' URLs carry a user_id or a state: no referrer at all.
  expect(
    (await request.get("/connect/callback", { maxRedirects: 0 })).headers()["referrer-policy"],
  ).toBe("no-referrer");
});

test("the forms work before their scripts have run, or with none: sign up, then sign in", async ({
  browser,
}) => {
  // A form posted before hydration goes as a plain POST: the browser must still send its Origin,
  // which Next.js's server-action check requires (hence Referrer-Policy: same-origin, not no-referrer).
  const context = await browser.newContext({
    javaScriptEnabled: false,
    baseURL: test.info().project.use.baseURL,
  });
  const page = await context.newPage();
  await asNewClient(page);
  const email = uniqueEmail("nojs");
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=signed-up$/);
  await signIn(page, email, PASSWORD, { goto: false });
  await expect(page).toHaveURL(/\/$/);
  expect((await context.cookies()).find((c) => c.name === "sc_session")).toBeTruthy();
  await context.close();
});

test("a tampered session cookie is treated as signed out", async ({ page, context }) => {
  const email = uniqueEmail();
  await signUp(page, email);
  const cookie = (await context.cookies()).find((c) => c.name === "sc_session")!;
  for (const value of [
    cookie.value.slice(0, -4) + "AAAA",
    cookie.value.slice(0, 20),
    "Fe26.2**garbage",
    "%00%ff",
  ]) {
    await context.clearCookies();
    await context.addCookies([{ ...cookie, value }]);
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  }
});

test("after Sign out, a copy of the old cookie opens nothing", async ({ page, context }) => {
  await signUp(page, uniqueEmail());
  const copy = (await context.cookies()).find((c) => c.name === "sc_session")!;
  await signOut(page);
  await context.addCookies([copy]);
  await page.goto("/vehicles");
  await expect(page).toHaveURL(/\/sign-in\?next=(%2F|\/)vehicles$/);
  await expectSignedOutHeader(page);
});

test("Sign out everywhere, in one browser, ends the session of another", async ({ browser }) => {
  const email = uniqueEmail();
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const here = await first.newPage();
    await signUp(here, email);
    const there = await second.newPage();
    await asNewClient(there);
    await signIn(there, email);
    await expect(accountMenu(there)).toBeVisible();
    await there.goto("/vehicles");
    await expect(there.getByRole("heading", { name: "Your vehicles" })).toBeVisible();

    await chooseFromAccountMenu(here, "Sign out everywhere");
    await expect(here.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

    await there.reload();
    await expect(there).toHaveURL(/\/sign-in\?next=(%2F|\/)vehicles$/);
    await expectSignedOutHeader(there);
  } finally {
    await first.close();
    await second.close();
  }
});
