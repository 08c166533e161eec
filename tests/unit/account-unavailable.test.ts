import { describe, expect, it } from "vitest";
import { accountUnavailablePath, accountUnavailablePage } from "@/lib/accounts/unavailable";

function retryHref(html: string): string {
  return /<a class="button" href="([^"]*)">Try again<\/a>/.exec(html)![1]!;
}

describe("accountUnavailablePath", () => {
  it("names the form, and keeps next only when it leads somewhere", () => {
    expect(accountUnavailablePath("sign-in", "/")).toBe("/unavailable?form=sign-in");
    expect(accountUnavailablePath("sign-up", "/vehicles?tab=1")).toBe(
      "/unavailable?form=sign-up&next=%2Fvehicles%3Ftab%3D1",
    );
  });
});

describe("accountUnavailablePage", () => {
  it("is a 503 that is not cached, with Retry-After and a way back to the same form", async () => {
    const response = accountUnavailablePage(new URLSearchParams("form=sign-up&next=/vehicles"));
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain("<h1>Sign-up is temporarily unavailable</h1>");
    expect(retryHref(html)).toBe("/sign-up?next=%2Fvehicles");
  });

  it("after a failed sign-out: says the session has not ended, and leads home where the button is", async () => {
    const response = accountUnavailablePage(
      new URLSearchParams(accountUnavailablePath("sign-out").split("?")[1]),
    );
    const html = await response.text();
    expect(html).toContain("<h1>Sign-out is temporarily unavailable</h1>");
    expect(html).toContain("your session has not been ended yet");
    expect(retryHref(html)).toBe("/");
  });

  it("round-trips the path the action sends", async () => {
    const path = accountUnavailablePath("sign-in", "/connect/history");
    const html = await accountUnavailablePage(new URL(path, "http://x").searchParams).text();
    expect(retryHref(html)).toBe("/sign-in?next=%2Fconnect%2Fhistory");
  });

  it.each([
    ["form=admin", "/sign-in"],
    ["", "/sign-in"],
    ["form=sign-in&next=//evil.example", "/sign-in"],
    ["form=sign-in&next=https://evil.example/", "/sign-in"],
    ["form=sign-in&next=/.//evil.example", "/sign-in"],
    ["form=sign-up&next=/..//evil.example/phish", "/sign-up"],
    ["form=sign-in&form=sign-up", "/sign-in"],
    [`form=sign-in&next=${"/a".repeat(2000)}`, "/sign-in"],
  ])("falls back to a safe form for %s", async (query, expected) => {
    expect(retryHref(await accountUnavailablePage(new URLSearchParams(query)).text())).toBe(
      expected,
    );
  });

  it("never puts markup from the query on the page", async () => {
    const html = await accountUnavailablePage(
      new URLSearchParams({ form: "<b>", next: '/"><script>alert(1)</script>' }),
    ).text();
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(retryHref(html)).toMatch(/^\/sign-in\?next=[%\w.\-]+$/);
  });
});
