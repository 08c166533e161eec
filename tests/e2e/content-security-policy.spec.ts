import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

// The production build under its real Content-Security-Policy (a nonce per request, the prerendered
// shells' own inline scripts by hash, no unsafe-inline): the main pages load, hydrate and work with
// no violation and no console error.

type Problem = string;

/** Records CSP violations (as the page sees them) and console errors, from before any script runs. */
async function watch(page: Page): Promise<Problem[]> {
  const problems: Problem[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      );
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

test("signed out: home, sign-in, sign-up, the status pages and a 404 have no CSP violation or console error", async ({
  page,
}) => {
  const problems = await watch(page);
  for (const path of [
    "/",
    "/sign-in",
    "/sign-up",
    "/sign-in?notice=signed-up",
    "/busy?form=sign-in&reason=busy",
    "/busy?form=sign-up&reason=too-many&retry=90",
  ]) {
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
  expect(
    problems.filter(
      (p) =>
        !/Failed to load resource: the server responded with a status of (404|429|503)/.test(p),
    ),
  ).toEqual([]);
});

test("signed in: home, vehicles, history, disconnect, an error page and the emulated Connect have no CSP violation or console error", async ({
  page,
}) => {
  const problems = await watch(page);
  await signUp(page, uniqueEmail("csp"));
  for (const path of [
    "/",
    "/vehicles",
    "/connect/history",
    "/vehicles/disconnect",
    "/connect/error/access_denied",
  ])
    await visit(page, path);
  await page.goto("/");
  await page.getByRole("link", { name: "Connect a vehicle" }).click();
  await expect(page.getByRole("heading", { name: "Choose your vehicle's brand" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(problems).toEqual([]);
});

test("every script of a page is the build's own: from this origin, with this response's nonce, or a listed hash", async ({
  request,
}) => {
  const nonces = new Set<string>();
  // Served from the build whole (no nonce can be in them), or prerendered with a part that streams in.
  const streams: Record<string, boolean> = {
    "/sign-in": false,
    "/": true,
    "/connect/error/access_denied": false,
  };
  for (const path of ["/sign-in", "/", "/connect/error/access_denied", "/sign-in", "/sign-in"]) {
    const response = await request.get(path);
    const csp = response.headers()["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    let streamed = 0;
    for (const [, attributes, body] of scripts) {
      if (attributes!.includes(`nonce="${nonce}"`)) streamed += 1;
      else if (/\bsrc="\/_next\/static\//.test(attributes!)) continue;
      else
        expect(csp, `an inline script without the nonce: ${body!.slice(0, 80)}`).toContain(
          `'sha256-${createHash("sha256").update(body!).digest("base64")}'`,
        );
    }
    // What streams in after a prerendered shell (the home's greeting) carries the nonce.
    if (streams[path]) expect(streamed, path).toBeGreaterThan(0);
    else expect(streamed, path).toBe(0);
    expect(csp).not.toContain("unsafe-inline");
    nonces.add(nonce);
  }
  expect(nonces.size).toBe(5);
});
