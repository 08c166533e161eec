import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

let counter = 0;
export const PASSWORD = "correct horse battery";

export function uniqueEmail(prefix = "driver"): string {
  return `${prefix}-${Date.now()}-${counter++}@example.com`;
}

/**
 * Gives the page a client address of its own: the server trusts one proxy hop (playwright.config.ts),
 * so X-Forwarded-For names the client, and each test's sign-ins count against its own limits.
 */
export async function asNewClient(page: Page): Promise<void> {
  const [a, b] = randomBytes(4).toString("hex").match(/.{4}/g)!;
  await page.setExtraHTTPHeaders({ "x-forwarded-for": `2001:db8:${a}:${b}::1` });
}

/** Creates the account, then signs in with it: sign-up itself never signs in. */
export async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await asNewClient(page);
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=signed-up$/);
  await signIn(page, email, password, { goto: false });
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
}

export async function signIn(page: Page, email: string, password = PASSWORD, { goto = true } = {}): Promise<void> {
  if (goto) await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
}

/** A carmaker account the emulator gives exactly `vehicles` vehicles. */
export function ownerEmail(vehicles: 1 | 2 | 3 = 1): string {
  return `owner-${Date.now()}-${counter++}+${vehicles}@example.com`;
}
