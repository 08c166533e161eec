import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/safe-redirect";

describe("safeNextPath", () => {
  it.each([
    ["/connect", "/connect"],
    ["/vehicles?tab=1#x", "/vehicles?tab=1#x"],
    ["/a/../b", "/b"],
    ["/a/./b/", "/a/b/"],
    ["/connect/history?next=//evil.example", "/connect/history?next=//evil.example"],
    ["/sign-in?next=%2Fvehicles", "/sign-in?next=%2Fvehicles"],
    ["/caf\u00e9", "/caf%C3%A9"],
    // A path segment that looks like a scheme is still a path of this site.
    ["/javascript:alert(1)//", "/javascript:alert(1)//"],
  ])("keeps the same-origin path %j as %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  // The payloads of the security review first: dot segments that only make `//host` once resolved.
  it.each([
    "/.//evil.com",
    "/..//evil.com/phish",
    "/a/..//evil.com",
    "/%2e//evil.com",
    "/%2E%2E//evil.com",
    "/a/%2e%2e//evil.com",
    "/./\\evil.com",
    // Other hosts, schemes and slashes.
    "https://evil.example/",
    "http://same-origin.invalid.evil.example/",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "/%2f%2fevil.example",
    "/%2F%2Fevil.example",
    "/%5cevil.example",
    "/%5C%5Cevil.example",
    "/%2f%5cevil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "connect",
    "evil.example",
    // Control characters, raw and encoded: header splitting, and the parser dropping tabs/newlines.
    "/\r\nLocation: https://evil.example",
    "/%0d%0aSet-Cookie:x=1",
    "/%0D%0ALocation:%20https://evil.example",
    "/a\tb",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/\u0000",
    "/%00",
    "/%7f",
    "/%c2%85",
    // Malformed encodings, and inputs too long to be a link of ours.
    "/%E0%A4%A",
    "/%",
    `/${"a".repeat(3000)}`,
    `/${"../".repeat(1000)}`,
    "",
    undefined,
    null,
    42,
    ["/connect"],
    { toString: () => "/connect" },
  ])("falls back to / for %j", (input) => {
    expect(safeNextPath(input)).toBe("/");
  });

  it("uses the given fallback", () => {
    expect(safeNextPath("//evil.example", "/vehicles")).toBe("/vehicles");
  });

  it("returns only what it resolved: a path with exactly one leading slash, never a host", () => {
    const inputs = [
      "/.//x",
      "/x/../../../y",
      "/%2e%2e/%2e%2e//z",
      "/a/b/../../..//c",
      "/?//x",
      "/#//x",
    ];
    for (const input of inputs) {
      const result = safeNextPath(input);
      expect(result, input).toMatch(/^\/(?![/\\])/);
      expect(new URL(result, "http://app.example").host, input).toBe("app.example");
    }
  });
});
