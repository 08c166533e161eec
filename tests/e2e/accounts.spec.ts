import { expect, test } from "@playwright/test";
import { PASSWORD, signIn, signOut, signUp, uniqueEmail } from "./helpers";

test("sign up, see the signed-in home, sign out, sign in again", async ({ page, context }) => {
  const email = uniqueEmail();
  await page.goto("/");
  await expect(page.getByText("Emulator mode.")).toBeVisible();
  await page.getByRole("link", { name: "Sign up" }).first().click();
  await expect(page).toHaveURL(/\/sign-up$/);
  await page.screenshot({ path: "test-results/screens/sign-up.png", fullPage: true });

  await signUp(page, email);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Connect a vehicle" })).toHaveAttribute("href", "/connect");
  await page.screenshot({ path: "test-results/screens/home-signed-in.png", fullPage: true });

  const cookie = (await context.cookies()).find((c) => c.name === "sc_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });

  await signOut(page);
  await expect(page.getByText(email)).toHaveCount(0);
  expect((await context.cookies()).find((c) => c.name === "sc_session")).toBeUndefined();

  await signIn(page, email);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("a wrong password gets one message that does not say which part was wrong", async ({ page }) => {
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

test("a taken email gets a clear message", async ({ page, browser }) => {
  const email = uniqueEmail();
  await signUp(page, email);

  const other = await browser.newPage();
  await other.goto("/sign-up");
  await other.getByLabel("Email").fill(email.toUpperCase());
  await other.getByLabel("Password").fill(PASSWORD);
  await other.getByRole("button", { name: "Sign up" }).click();
  await expect(other.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
  await other.close();
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
  await signIn(page, email, PASSWORD);
  await expect(page.locator("form").getByRole("alert")).toContainText("Too many failed sign-in attempts. Try again later");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  // Another account is not affected.
  const other = uniqueEmail();
  await page.goto("/");
  await signUp(page, other);
});

test("?next= after sign-in accepts only a same-origin path", async ({ page }) => {
  const email = uniqueEmail();
  await signUp(page, email);
  await signOut(page);

  await page.goto("/sign-in?next=https://evil.example/steal");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  expect(page.url()).toMatch(/^http:\/\/localhost:\d+\/$/);
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
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("every page carries the security headers", async ({ request }) => {
  const response = await request.get("/sign-in");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
});

test("a tampered session cookie is treated as signed out", async ({ page, context }) => {
  const email = uniqueEmail();
  await signUp(page, email);
  const cookie = (await context.cookies()).find((c) => c.name === "sc_session")!;
  for (const value of [cookie.value.slice(0, -4) + "AAAA", cookie.value.slice(0, 20), "Fe26.2**garbage", "%00%ff"]) {
    await context.clearCookies();
    await context.addCookies([{ ...cookie, value }]);
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  }
});
