import { expect, type Page } from "@playwright/test";

let counter = 0;
export const PASSWORD = "correct horse battery";

export function uniqueEmail(prefix = "driver"): string {
  return `${prefix}-${Date.now()}-${counter++}@example.com`;
}

export async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
}

/** A carmaker account the emulator gives exactly `vehicles` vehicles. */
export function ownerEmail(vehicles: 1 | 2 | 3 = 1): string {
  return `owner-${Date.now()}-${counter++}+${vehicles}@example.com`;
}
