import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/accounts/accounts";
import { db } from "@/lib/db";
import { baseUrl, get, newClient, postForm, readForm, signedInUser, type PageForm } from "./http";

// Every `next` of the app, tried with the payloads of the security review and more, on the real
// server: pages that send a signed-in visitor on (from inside their stream: they are prerendered),
// and the server actions (303).

const PAYLOADS = [
  "/.//evil.example",
  "/..//evil.example/phish",
  "/a/..//evil.example",
  "/%2e//evil.example",
  "/%2E%2E//evil.example",
  "/a/%2e%2e//evil.example",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/.\\/evil.example",
  "/%2f%2fevil.example",
  "/%5c%5cevil.example",
  "/%5cevil.example",
  "https://evil.example/",
  "http:evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "/\r\n//evil.example",
  "/%0d%0aLocation:%20https://evil.example",
  "/\t/evil.example",
  "/%09/evil.example",
  `/${"a".repeat(3000)}`,
];

/** Same site, a path with exactly one leading slash, and nothing of evil.example. */
function expectOnSite(location: string | null, context: string) {
  expect(location, context).toBeTruthy();
  const target = new URL(location!, baseUrl());
  expect(target.origin, context).toBe(new URL(baseUrl()).origin);
  const path = location!.startsWith("http") ? `${target.pathname}${target.search}` : location!;
  expect(path, context).toMatch(/^\/(?![/\\])/);
  expect(decodeURIComponent(target.pathname), context).not.toMatch(/^\/[/\\]/);
  expect(location, context).not.toMatch(/evil\.example/i);
}

afterAll(async () => {
  await db().$disconnect();
});

describe("pages: the account forms are served from the build, whatever next says", () => {
  // A signed-in visitor goes on to `next` in the browser (app/components/account-form-parts.tsx,
  // through safeNextPath: tests/unit/safe-redirect.test.ts and tests/e2e/accounts.spec.ts). The
  // server's answer is the prerendered page, the same for every query: nothing of it is reflected.
  it.each(["sign-in", "sign-up"])(
    `/%s?next=… with ${PAYLOADS.length} payloads, encoded and raw`,
    async (page) => {
      const { cookie } = await signedInUser();
      const plain = await (await get(`/${page}`)).text();
      for (const payload of PAYLOADS) {
        for (const query of [
          `next=${encodeURIComponent(payload)}`,
          `next=${payload.replace(/[\r\n\t#&\s]/g, encodeURIComponent)}`,
        ]) {
          const response = await get(`/${page}?${query}`, cookie);
          const context = `${page} ${JSON.stringify(payload)} (${query.slice(0, 60)})`;
          expect(response.status, context).toBe(200);
          expect(response.headers.get("location"), context).toBeNull();
          const html = await response.text();
          expect(html, context).not.toMatch(/evil\.example|javascript:|<script>alert/i);
          expect(html.length, context).toBe(plain.length);
        }
      }
    },
  );
});

describe("GET /connect/retry: the error pages' retry", () => {
  it.each([
    ["no code", ""],
    ["an unknown code", "?after=nope"],
    ["markup", "?after=%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
    ["a huge value", `?after=${"a".repeat(5000)}`],
    ["a code without a retry", "?after=configuration_error"],
  ])("with %s, or nobody signed in, starts Connect plainly", async (_, query) => {
    const { cookie } = await signedInUser();
    for (const who of [cookie, undefined]) {
      const response = await get(`/connect/retry${query}`, who);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/connect");
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });
});

describe("server actions: next in the posted form", () => {
  const email = `redirects-${Date.now()}@example.com`;
  const password = "correct horse battery";
  let signInForm: PageForm;
  let signUpForm: PageForm;

  beforeAll(async () => {
    await signUp({ email, password }, { client: newClient() });
    signInForm = await readForm("/sign-in", "Sign in");
    signUpForm = await readForm("/sign-up", "Sign up");
  });

  it(`sign-in sends the browser to / for each of ${PAYLOADS.length} payloads`, async () => {
    for (const payload of PAYLOADS) {
      const answer = await postForm(
        signInForm,
        { email, password, next: payload },
        { client: newClient() },
      );
      const context = `sign-in action ${JSON.stringify(payload)}`;
      expect(answer.status, context).toBe(303);
      expectOnSite(answer.location, context);
      expect(new URL(answer.location!, baseUrl()).pathname, context).toBe("/");
    }
  }, 120_000);

  it(`sign-up leads to the sign-in form, dropping each of ${PAYLOADS.length} payloads`, async () => {
    for (const payload of PAYLOADS) {
      const answer = await postForm(
        signUpForm,
        { email, password, next: payload },
        { client: newClient() },
      );
      const context = `sign-up action ${JSON.stringify(payload)}`;
      expect(answer.status, context).toBe(303);
      expectOnSite(answer.location, context);
      expect(answer.location, context).toMatch(/^(http:\/\/[^/]+)?\/sign-in\?notice=signed-up$/);
    }
  }, 120_000);

  it("keeps a same-site next through sign-up and sign-in", async () => {
    const up = await postForm(
      signUpForm,
      { email, password, next: "/connect/history" },
      { client: newClient() },
    );
    expect(up.location).toMatch(/\/sign-in\?next=%2Fconnect%2Fhistory&notice=signed-up$/);
    const signIn = await postForm(
      signInForm,
      { email, password, next: "/connect/history" },
      { client: newClient() },
    );
    expect(signIn.location).toMatch(/^(http:\/\/[^/]+)?\/connect\/history$/);
  });
});

describe("the status pages' Try again", () => {
  it.each(["/unavailable?form=sign-up&next=", "/busy?form=sign-in&reason=busy&next="])(
    "%s… stays on site",
    async (prefix) => {
      for (const payload of PAYLOADS) {
        const response = await get(`${prefix}${encodeURIComponent(payload)}`);
        const href =
          response.status === 303
            ? response.headers.get("location")
            : (/href="([^"]*)">Try again/.exec(await response.text())?.[1] ?? null);
        expectOnSite(href, `${prefix}${JSON.stringify(payload)}`);
      }
    },
  );
});
