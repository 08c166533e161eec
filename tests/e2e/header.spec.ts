import { expect, test, type Page } from "@playwright/test";
import { accountMenu, connect, ownerEmail, setLatency, signUp, uniqueEmail } from "./helpers";

// The header's account part is filled in by the browser once GET /session answers (the pages are
// prerendered for everyone): it must not move the page when it does, at any width, signed in or
// out, and its menu must behave like a disclosure (docs/references.md [aria-apg-disclosure]).

type ShiftWindow = Window & { layoutShifts: number[]; shiftObserver: PerformanceObserver };

/**
 * Records every layout shift of each page from its first paint (docs/references.md [web-dev-cls]).
 */
async function recordLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as ShiftWindow;
    w.layoutShifts = [];
    const keep = (entries: PerformanceEntryList) => {
      for (const entry of entries)
        w.layoutShifts.push((entry as unknown as { value: number }).value);
    };
    w.shiftObserver = new PerformanceObserver((list) => keep(list.getEntries()));
    w.shiftObserver.observe({ type: "layout-shift", buffered: true });
  });
}

/** The page's layout shift so far, after two more frames: shifts are reported after the frame. */
async function layoutShiftTotal(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const w = window as unknown as ShiftWindow;
    for (let frame = 0; frame < 2; frame++) await new Promise(requestAnimationFrame);
    for (const entry of w.shiftObserver.takeRecords())
      w.layoutShifts.push((entry as unknown as { value: number }).value);
    return w.layoutShifts.reduce((a, b) => a + b, 0);
  });
}

const menu = (page: Page) => page.locator("details.account-menu");
const panel = (page: Page) => page.locator(".account-menu-panel");

async function expectClosed(page: Page): Promise<void> {
  await expect(accountMenu(page)).toBeVisible();
  await expect(menu(page)).toHaveJSProperty("open", false);
  await expect(panel(page)).toBeHidden();
}

async function expectOpen(page: Page): Promise<void> {
  await expect(menu(page)).toHaveJSProperty("open", true);
  await expect(panel(page)).toBeVisible();
}

test.afterEach(async ({ request }) => {
  await setLatency(request, 0);
});

for (const width of [320, 412, 1280]) {
  test(`at ${width} pixels, the account part fills in without moving the page`, async ({
    page,
    request,
  }) => {
    await page.setViewportSize({ width, height: 800 });
    await recordLayoutShifts(page);

    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Account" });
    await expect(nav.getByRole("link", { name: "Sign up" })).toBeVisible();
    await expect(nav.getByText(/^Emulator( mode)?$/)).toBeVisible();
    expect(await layoutShiftTotal(page)).toBe(0);

    await signUp(page, uniqueEmail());
    await connect(page, ownerEmail(2));
    // A slow Smartcar: the list streams in well after the page's first paint.
    await setLatency(request, 300);
    await page.goto("/vehicles");
    await expect(accountMenu(page)).toBeVisible();
    await expect(page.locator("article.vehicle-card:not([aria-busy])")).toHaveCount(2);
    expect(await layoutShiftTotal(page)).toBe(0);

    // Nothing in the header is cut off or overflows the screen.
    const overflow = await page.evaluate(() => {
      const items = [...document.querySelectorAll("header a, header summary, header .mode-badge")];
      return items
        .map((item) => item.getBoundingClientRect())
        .filter((box) => box.left < 0 || box.right > document.documentElement.clientWidth).length;
    });
    expect(overflow).toBe(0);
  });
}

test("the account menu opens, and closes with Escape, a click elsewhere, or a choice", async ({
  page,
}) => {
  const email = uniqueEmail();
  await signUp(page, email);
  await expectClosed(page);

  await accountMenu(page).click();
  await expectOpen(page);
  await expect(panel(page)).toContainText(`Signed in as ${email}`);
  await page.keyboard.press("Escape");
  await expectClosed(page);
  await expect(accountMenu(page)).toBeFocused();

  await accountMenu(page).click();
  await expectOpen(page);
  await page.locator("main").click({ position: { x: 5, y: 5 } });
  await expectClosed(page);

  await accountMenu(page).click();
  await panel(page).getByRole("link", { name: "Connect history" }).click();
  await expect(page).toHaveURL(/\/connect\/history$/);
  await expectClosed(page);

  // The same choice on the page it leads to changes no address, and still closes the menu.
  await accountMenu(page).click();
  await panel(page).getByRole("link", { name: "Connect history" }).click();
  await expectClosed(page);
});

test("the account menu works from the keyboard, and closes when focus leaves it", async ({
  page,
}) => {
  await signUp(page, uniqueEmail());
  await accountMenu(page).focus();
  await page.keyboard.press("Enter");
  await expectOpen(page);

  // Through its items, then on out of it.
  for (const item of ["Connect history", "Sign out", "Sign out everywhere"]) {
    await page.keyboard.press("Tab");
    await expect(
      panel(page).getByRole(item === "Connect history" ? "link" : "button", {
        name: item,
        exact: true,
      }),
    ).toBeFocused();
    await expectOpen(page);
  }
  await page.keyboard.press("Tab");
  await expectClosed(page);

  // Signing out from the keyboard.
  await accountMenu(page).focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const nav = page.getByRole("navigation", { name: "Account" });
  await expect(nav.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(accountMenu(page)).toHaveCount(0);
});
