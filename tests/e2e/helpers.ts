import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

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
  await expect(accountMenu(page)).toBeVisible();
}

export async function signIn(
  page: Page,
  email: string,
  password = PASSWORD,
  { goto = true } = {},
): Promise<void> {
  if (goto) await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The header's menu of a signed-in user; there is none while signed out. */
export function accountMenu(page: Page): Locator {
  return page
    .getByRole("navigation", { name: "Account" })
    .locator("summary", { hasText: "Account" });
}

/** The header as a signed-out visitor sees it, once it has asked who is signed in. */
export async function expectSignedOutHeader(page: Page): Promise<void> {
  const nav = page.getByRole("navigation", { name: "Account" });
  await expect(nav.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(accountMenu(page)).toHaveCount(0);
}

/** Opens the header's account menu and picks one of its items. */
export async function chooseFromAccountMenu(
  page: Page,
  item: "Sign out" | "Sign out everywhere" | "Connect history",
): Promise<void> {
  await accountMenu(page).click();
  const role = item === "Connect history" ? "link" : "button";
  await page.locator(".account-menu-panel").getByRole(role, { name: item, exact: true }).click();
}

export async function signOut(page: Page): Promise<void> {
  await chooseFromAccountMenu(page, "Sign out");
  await expectSignedOutHeader(page);
}

/** A carmaker account the emulator gives exactly `vehicles` vehicles. */
export function ownerEmail(vehicles: 1 | 2 | 3 = 1): string {
  return `owner-${Date.now()}-${counter++}+${vehicles}@example.com`;
}

/** The Smartcar emulator the end-to-end tests run beside the app (playwright.config.ts). */
export const EMULATOR = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 4010}`;

/** The emulator's Connect screens, on its own origin. */
export const EMULATOR_SCREEN = /^http:\/\/127\.0\.0\.1:\d+\/connect\//;

export async function setFaults(
  request: APIRequestContext,
  faults: unknown[],
  emulator = EMULATOR,
): Promise<void> {
  const response = await request.put(`${emulator}/_emulator/control/faults`, { data: faults });
  expect(response.ok()).toBe(true);
}

/** Makes the emulator answer every API call `ms` later (0: at once). */
export async function setLatency(
  request: APIRequestContext,
  ms: number,
  emulator = EMULATOR,
): Promise<void> {
  const response = await request.put(`${emulator}/_emulator/control/settings`, {
    data: { latencyMs: ms },
  });
  expect(response.ok()).toBe(true);
}

export type EmulatedVehicle = {
  id: string;
  userId: string;
  email: string;
  connectionId: string | null;
  make: string;
  model: string;
  year: number;
  powertrain: string;
};

/** The emulator's vehicles of one Smartcar user, or of everyone. */
export async function emulatedVehicles(
  request: APIRequestContext,
  userId?: string,
  emulator = EMULATOR,
): Promise<EmulatedVehicle[]> {
  const response = await request.get(
    `${emulator}/_emulator/control/vehicles${userId ? `?userId=${userId}` : ""}`,
  );
  expect(response.ok()).toBe(true);
  return (await response.json()).vehicles;
}

export async function changeVehicle(
  request: APIRequestContext,
  vehicleId: string,
  patch: Record<string, unknown>,
  emulator = EMULATOR,
) {
  const response = await request.patch(`${emulator}/_emulator/control/vehicles/${vehicleId}`, {
    data: patch,
  });
  expect(response.ok(), await response.text()).toBe(true);
}

/** Connects the carmaker account `ownerEmail` at `brand` through the emulated Connect. */
export async function connect(page: Page, ownerEmail: string, brand = "Tesla"): Promise<void> {
  await page.goto("/connect");
  await page.getByRole("button", { name: brand, exact: true }).click();
  await page.getByLabel("Email").fill(ownerEmail);
  await page.getByLabel("Password").fill("carmaker password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText("Your vehicle is connected.")).toBeVisible();
}
