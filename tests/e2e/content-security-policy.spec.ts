import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

// The production build under its real Content-Security-Policy (a nonce per request, no
// unsafe-inline): the main pages load, hydrate and work with no violation and no console error.

type Problem = string;

/** Records CSP violations (as the page sees them) and console errors, from before any script runs. */
async function watch(page: Page): Promise<Problem[]> {
  const problems: Problem[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  return problems;
}

/** Loads `path` and waits until React has hydrated it (a client form reacts), or the page settles. */
async function visit(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

test("signed out: home, sign-in, sign-up, the status pages and a 404 have no CSP violation or console error", async ({ page }) => {
  const problems = await watch(page);
  for (const path of ["/", "/sign-in", "/sign-up", "/sign-in?notice=signed-up", "/busy?form=sign-in&reason=busy", "/busy?form=sign-up&reason=too-many&retry=90"]) {
    await visit(page, path);
  }
  // The form works, so its scripts ran: a client-side validation message from the server action.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("x");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  const notFound = await page.goto("/no-such-page");
  expect(notFound?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  // Chromium logs a document answered with 404, 429 or 503 as a failed load: the statuses these
  // pages mean to send, so the only errors allowed.
  expect(problems.filter((p) => !/Failed to load resource: the server responded with a status of (404|429|503)/.test(p))).toEqual([]);
});

test("signed in: home, vehicles, history, disconnect, an error page and the emulated Connect have no CSP violation or console error", async ({ page }) => {
  const problems = await watch(page);
  await signUp(page, uniqueEmail("csp"));
  for (const path of ["/", "/vehicles", "/connect/history", "/vehicles/disconnect", "/connect/error/access_denied"]) await visit(page, path);
  await page.goto("/");
  await page.getByRole("link", { name: "Connect a vehicle" }).click();
  await expect(page.getByRole("heading", { name: "Choose your vehicle's brand" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(problems).toEqual([]);
});

test("every script of a page carries this response's nonce, and the nonce changes with every response", async ({ request }) => {
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const response = await request.get("/sign-in");
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"]!)![1]!;
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    nonces.add(nonce);
  }
  expect(nonces.size).toBe(3);
});
