import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/accounts/accounts";
import { SIGN_IN_PER_CLIENT, SIGN_IN_PER_EMAIL } from "@/lib/accounts/limits";
import { clientAddress } from "@/lib/client-address";
import { db } from "@/lib/db";
import { baseUrl, newClient, postForm, readForm, type FormAnswer, type PageForm } from "./http";

// Bursts against the real production server (started with TRUSTED_PROXY_HOPS=1, so each request
// names its client with X-Forwarded-For), as the security review tried them. Every burst is a
// fixed number of requests sent at once; nothing waits on a timer.

const password = "correct horse battery";
let n = 0;
const freshEmail = () => `burst-${Date.now()}-${n++}@example.com`;

type Kind = "wrong-password" | "email-locked" | "too-many" | "busy" | "signed-in" | "other";

/** What a sign-in answer told the browser. */
function kindOf(answer: FormAnswer): Kind {
  if (answer.status === 200 && answer.body.includes("Wrong email or password."))
    return "wrong-password";
  if (answer.status === 200 && answer.body.includes("Too many failed sign-in attempts"))
    return "email-locked";
  if (
    answer.status === 303 &&
    answer.location?.includes("/busy?") &&
    answer.location.includes("reason=too-many")
  )
    return "too-many";
  if (
    answer.status === 303 &&
    answer.location?.includes("/busy?") &&
    answer.location.includes("reason=busy")
  )
    return "busy";
  if (
    answer.status === 303 &&
    answer.cookie?.startsWith("sc_session=") &&
    answer.cookie.length > 20
  )
    return "signed-in";
  return "other";
}

function tally(kinds: Kind[]): Partial<Record<Kind, number>> {
  const counts: Partial<Record<Kind, number>> = {};
  for (const k of kinds) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}

let form: PageForm;

beforeAll(async () => {
  form = await readForm("/sign-in", "Sign in");
});

afterAll(async () => {
  await db().$disconnect();
});

describe("the per-email limit under a burst", () => {
  it(`20 concurrent wrong passwords for one email, from 20 clients: at most ${SIGN_IN_PER_EMAIL.max} are checked, the rest told to try later`, async () => {
    const email = freshEmail();
    await signUp({ email, password }, { client: newClient() });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postForm(form, { email, password: `wrong ${i}` }, { client: newClient() }),
      ),
    );
    const kinds = answers.map(kindOf);
    console.log("20 wrong passwords for one email:", tally(kinds));
    expect(kinds.filter((k) => k === "wrong-password").length).toBeLessThanOrEqual(
      SIGN_IN_PER_EMAIL.max,
    );
    // Every other answer says to try later: locked for this email, or busy (which gives the guess back).
    for (const k of kinds) expect(["wrong-password", "email-locked", "busy"]).toContain(k);
    expect(kinds.filter((k) => k === "email-locked").length).toBeGreaterThanOrEqual(
      20 - SIGN_IN_PER_EMAIL.max,
    );
    // Guesses the busy gate gave back can still be made, one at a time, up to the limit; then the
    // right password is refused too, from a browser never used for this account, until the
    // window ends.
    for (let i = 0; i < SIGN_IN_PER_EMAIL.max; i++) {
      const kind = kindOf(
        await postForm(form, { email, password: `more ${i}` }, { client: newClient() }),
      );
      if (kind === "email-locked") break;
      expect(kind).toBe("wrong-password");
    }
    expect(kindOf(await postForm(form, { email, password }, { client: newClient() }))).toBe(
      "email-locked",
    );
  }, 60_000);

  it("19 wrong and the right one in one burst: at most 5 passwords checked in all, and the right one signs in only if it was one of them", async () => {
    const email = freshEmail();
    await signUp({ email, password }, { client: newClient() });
    const right = 7;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postForm(
          form,
          { email, password: i === right ? password : `wrong ${i}` },
          { client: newClient() },
        ),
      ),
    );
    const kinds = answers.map(kindOf);
    console.log("19 wrong + 1 right for one email:", tally(kinds), "the right one:", kinds[right]);
    const checked = kinds.filter((k) => k === "wrong-password" || k === "signed-in").length;
    expect(checked).toBeLessThanOrEqual(SIGN_IN_PER_EMAIL.max);
    // Only the right password can sign in, and only when it got one of the 5 checks; every wrong
    // one that was not checked was told to try later.
    kinds.forEach((k, i) => {
      if (i === right) expect(["signed-in", "email-locked", "busy"]).toContain(k);
      else expect(["wrong-password", "email-locked", "busy"]).toContain(k);
    });
  }, 60_000);
});

describe("one client's burst does not stall anyone else", () => {
  it("40 concurrent sign-ins from one client: another client's GET /sign-in (gzip) is answered before the burst ends, and its sign-in during the burst signs in", async () => {
    const email = freshEmail();
    await signUp({ email, password }, { client: newClient() });
    const attacker = newClient();
    const victim = newClient();

    // The order answers arrive in; nothing is timed.
    const answered: string[] = [];
    const burst = Promise.all(
      Array.from({ length: 40 }, () =>
        postForm(form, { email: freshEmail(), password: "guess" }, { client: attacker }).then(
          (answer) => {
            answered.push("burst");
            return answer;
          },
        ),
      ),
    );
    // Sent while every request of the burst is still unanswered.
    expect(answered).toEqual([]);
    const pageAnswer = fetch(`${baseUrl()}/sign-in`, {
      headers: { "accept-encoding": "gzip", "x-forwarded-for": victim },
    }).then(async (response) => {
      const html = await response.text();
      answered.push("page");
      return { response, html };
    });
    const signInAnswer = postForm(
      form,
      { email, password, next: "/vehicles" },
      { client: victim },
    ).then((answer) => {
      answered.push("sign-in");
      return answer;
    });

    const [{ response: page, html }, signIn, kinds] = await Promise.all([
      pageAnswer,
      signInAnswer,
      burst.then((answers) => answers.map(kindOf)),
    ]);
    console.log(
      `burst of 40 from one client: ${JSON.stringify(tally(kinds))}; answered in order: ${answered.join(" ")}`,
    );
    expect(page.status).toBe(200);
    expect(page.headers.get("content-encoding")).toBe("gzip");
    expect(html).toContain("<h1>Sign in</h1>");
    // The page did not wait for the burst: its answer came before the burst's last one.
    expect(answered.indexOf("page")).toBeLessThan(answered.lastIndexOf("burst"));
    // The victim was not made to wait its turn behind the burst, nor turned away as busy.
    expect(kindOf(signIn)).toBe("signed-in");
    expect(signIn.location).toMatch(/\/vehicles$/);
    // The burst: at most the client's limit got past it, and only a few of those were hashed.
    expect(kinds.filter((k) => k === "too-many").length).toBeGreaterThanOrEqual(
      40 - SIGN_IN_PER_CLIENT.max,
    );
    for (const k of kinds) expect(["wrong-password", "too-many", "busy"]).toContain(k);
  }, 60_000);

  it("a refusal says when to retry: 429 or 503 with Retry-After, and a way back to the form", async () => {
    const client = newClient();
    // This client has used up its window already.
    const key = `${SIGN_IN_PER_CLIENT.name}:${clientAddress(client, 1)}`;
    await db().rateLimit.create({
      data: { key, count: SIGN_IN_PER_CLIENT.max, windowEndsAt: new Date(Date.now() + 120_000) },
    });
    const refused = await postForm(
      form,
      { email: freshEmail(), password: "guess", next: "/vehicles" },
      { client },
    );
    expect(kindOf(refused)).toBe("too-many");
    const page = await fetch(new URL(refused.location!, baseUrl()), { redirect: "manual" });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(100);
    expect(Number(page.headers.get("retry-after"))).toBeLessThanOrEqual(120);
    expect(await page.text()).toContain('href="/sign-in?next=%2Fvehicles">Try again');
  });
});
