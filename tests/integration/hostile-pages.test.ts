import { describe, expect, it } from "vitest";
import { get, signedInUser } from "./http";

// The pages that read a query besides the callback: hostile values get a plain answer, never a
// 5xx, and never come back as markup or as a redirect off this site.

const MARK = "zq9x";
const MARKUP = [
  `<script>${MARK}</script>`,
  `"><img src=x onerror=${MARK}>`,
  `'><svg onload=${MARK}>`,
];
const VALUES = [
  ...MARKUP,
  `//evil.example/${MARK}`,
  `https://evil.example/${MARK}`,
  `/\\evil.example/${MARK}`,
  `%0d%0aSet-Cookie:${MARK}=1`,
  `${MARK}%00`,
  `${MARK}🚗\u202e`,
  `${MARK}${"A".repeat(6000)}`,
];

function query(name: string, value: string): string {
  return `${name}=${encodeURIComponent(value)}`;
}

const CASES = VALUES.flatMap((v) => [
  { path: `/unavailable?${query("next", v)}&${query("form", v)}`, signedIn: false },
  { path: `/sign-in?${query("next", v)}`, signedIn: false },
  { path: `/sign-up?${query("next", v)}`, signedIn: false },
  { path: `/sign-in?${query("next", v)}`, signedIn: true },
  { path: `/connect/error/${encodeURIComponent(v)}`, signedIn: false },
  { path: `/connect?${query("make", v)}&${query("next", v)}`, signedIn: true },
  { path: `/vehicles?${query("connected", v)}`, signedIn: true },
]);

describe("/unavailable with the database up", () => {
  it("sends the browser straight back to the form it came from", async () => {
    const response = await get("/unavailable?form=sign-up&next=/vehicles");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-up?next=%2Fvehicles");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect((await get("/unavailable")).headers.get("location")).toBe("/sign-in");
  });
});

describe("hostile queries on the other pages", () => {
  it(`answer ${CASES.length} requests without a 5xx, markup from the query, or a redirect elsewhere`, async () => {
    const { cookie } = await signedInUser();
    for (const { path, signedIn } of CASES) {
      const response = await get(path, signedIn ? cookie : undefined);
      const context = `${response.status} ${path.slice(0, 120)}`;
      expect(response.status, context).toBeLessThan(500);
      const body = await response.text();
      for (const markup of MARKUP) expect(body, context).not.toContain(markup);
      const location = response.headers.get("location");
      if (location) {
        const target = new URL(location, "http://localhost");
        // Same site, or the emulated Connect this server points at.
        expect(["localhost", "127.0.0.1"], context).toContain(target.hostname);
        expect(location, context).not.toContain("evil.example");
      }
      for (const [name, value] of response.headers)
        expect(`${name}: ${value}`, context).not.toMatch(
          /<script|onerror=|onload=|set-cookie:zq9x/i,
        );
    }
  }, 120_000);
});
