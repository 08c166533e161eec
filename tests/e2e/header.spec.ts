import { expect, test, type Page } from "@playwright/test";
import { accountMenu, connect, ownerEmail, setLatency, signUp, uniqueEmail } from "./helpers";

// The header's account part is filled in by the browser once GET /session answers (the pages are
// prerendered for everyone): it must not move the page when it does, at any width, signed in or
// out, and its menu must behave like one.

/** Records every layout shift of the page from its first paint (https://web.dev/articles/cls). */
async function recordLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: number[] = [];
    (window as unknown as { layoutShifts: number[] }).layoutShifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        shifts.push((entry as unknown as { value: number }).value);
    }).observe({ type: "layout-shift", buffered: true });
  });
}

async function layoutShiftTotal(page: Page): Promise<number> {
  return page.evaluate(() =>
    (window as unknown as { layoutShifts: number[] }).layoutShifts.reduce((a, b) => a + b, 0),
  );
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
    await expect(page.getByRole("link", { name: "Sign up" }).first()).toBeVisible();
    await expect(page.getByText(/^Emulator( mode)?$/)).toBeVisible();
    expect(await layoutShiftTotal(page)).toBe(0);

    const email = uniqueEmail();
    await signUp(page, email);
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

test("the account menu opens, closes with Escape or a click elsewhere, and after a choice", async ({
  page,
}) => {
  const email = uniqueEmail();
  await signUp(page, email);
  const panel = page.locator(".account-menu-panel");
  await expect(panel).toBeHidden();

  await accountMenu(page).click();
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(`Signed in as ${email}`);
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(accountMenu(page)).toBeFocused();

  await accountMenu(page).click();
  await expect(panel).toBeVisible();
  await page.locator("main").click({ position: { x: 5, y: 5 } });
  await expect(panel).toBeHidden();

  await accountMenu(page).click();
  await panel.getByRole("link", { name: "Connect history" }).click();
  await expect(page).toHaveURL(/\/connect\/history$/);
  await expect(panel).toBeHidden();
});
