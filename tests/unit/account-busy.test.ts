import { describe, expect, it } from "vitest";
import { accountBusyPath, answerAccountBusy } from "@/lib/accounts/busy";
import { accountFormPath } from "@/lib/accounts/form-paths";
import { signUpAttemptNotice } from "@/lib/accounts/messages";

function retryHref(html: string): string {
  return /<a class="button" href="([^"]*)">Try again<\/a>/.exec(html)![1]!;
}

function pageFor(path: string): Response {
  return answerAccountBusy(new URL(path, "http://x").searchParams);
}

describe("/busy", () => {
  it("busy hashing: 503, Retry-After of a moment, not cached, Try again back to the form", async () => {
    const response = pageFor(accountBusyPath("sign-in", "busy", "/vehicles"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain("<h1>We're handling a lot of sign-ins</h1>");
    expect(retryHref(html)).toBe("/sign-in?next=%2Fvehicles");
  });

  it("too many attempts from this client: 429 with the seconds until the window ends", async () => {
    const response = pageFor(accountBusyPath("sign-up", "too-many", "/", 601));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("601");
    const html = await response.text();
    expect(html).toContain("Too many sign-up attempts");
    expect(html).toContain("in about 11 minutes");
    expect(retryHref(html)).toBe("/sign-up");
  });

  it.each([
    ["form=admin&reason=busy", 503, "2", "/sign-in"],
    ["form=sign-in&reason=too-many&retry=99999999", 429, "60", "/sign-in"],
    ["form=sign-in&reason=too-many&retry=-5", 429, "60", "/sign-in"],
    ["form=sign-in&reason=too-many&retry=1e3", 429, "1000", "/sign-in"],
    ["form=sign-in&reason=<b>&next=/.//evil.example", 503, "2", "/sign-in"],
    ["form=sign-up&next=/%2e//evil.example", 503, "2", "/sign-up"],
    ["form=sign-up&next=%2Fa%0d%0aSet-Cookie:x", 503, "2", "/sign-up"],
  ])("bounds a hostile query %s", async (query, status, retryAfter, href) => {
    const response = pageFor(`/busy?${query}`);
    expect(response.status).toBe(status);
    expect(response.headers.get("retry-after")).toBe(retryAfter);
    const html = await response.text();
    expect(retryHref(html)).toBe(href);
    expect(html).not.toContain("<b>");
  });
});

describe("accountFormPath", () => {
  it("keeps a safe next and a known notice, drops everything else", () => {
    expect(accountFormPath("sign-in", "/vehicles", "signed-up")).toBe(
      "/sign-in?next=%2Fvehicles&notice=signed-up",
    );
    expect(accountFormPath("sign-in", "/", "signed-up")).toBe("/sign-in?notice=signed-up");
    expect(accountFormPath("sign-up", "/.//evil.example")).toBe("/sign-up");
    expect(accountFormPath("sign-up", "https://evil.example")).toBe("/sign-up");
    expect(accountFormPath("sign-up", ["/a", "/b"])).toBe("/sign-up");
  });
});

describe("the sign-up notice for the owner", () => {
  it("gives the date of one attempt, or the span of several, in UTC", () => {
    expect(
      signUpAttemptNotice({
        count: 1,
        firstAt: "2026-11-27T10:00:00Z",
        lastAt: "2026-11-27T10:00:00Z",
      }),
    ).toBe(
      "Someone tried to create an account with your email on 27 November 2026 (UTC); nothing was changed. If it wasn't you, no action is needed.",
    );
    expect(
      signUpAttemptNotice({
        count: 3,
        firstAt: "2026-11-25T23:59:00Z",
        lastAt: "2026-11-27T00:01:00Z",
      }),
    ).toContain("with your email 3 times between 25 November 2026 and 27 November 2026 (UTC)");
    expect(
      signUpAttemptNotice({
        count: 2,
        firstAt: "2026-11-27T01:00:00Z",
        lastAt: "2026-11-27T02:00:00Z",
      }),
    ).toContain("2 times on 27 November 2026");
  });
});
