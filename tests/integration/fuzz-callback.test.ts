import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ERROR_PAGE_CODES } from "@/lib/connect/codes";
import { db } from "@/lib/db";
import { baseUrl, launchConnect } from "./http";

// 5,000 generated requests to the running callback: random and hostile parameters, cookies of
// other users, tampered cookies. None may answer 5xx, reflect its input, or write anything.

const REQUESTS = 5_000;
const CONCURRENCY = 16;
const MARK = "zq9x";

afterAll(async () => {
  await db().$disconnect();
});

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  `<script>${MARK}</script>`,
  `"><img src=x onerror=${MARK}>`,
  `'${MARK}'--`,
  `%0d%0aSet-Cookie:${MARK}=1`,
  `${MARK}%00`,
  `${MARK}\u202e\u0000`,
  `../../${MARK}`,
  `https://evil.example/${MARK}`,
  `javascript:${MARK}`,
  `${MARK}🚗ü漢字`,
  `{{${MARK}}}`,
  `\${${MARK}}`,
];

describe("fuzzing the callback", () => {
  it(`survives ${REQUESTS} hostile requests without a 5xx, a reflection, or a write`, async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => launchConnect()));
    const linksBefore = await db().smartcarLink.count();
    const random = prng(20261124);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const allowedLocations = new Set(ERROR_PAGE_CODES.map((c) => `/connect/error/${c}`));

    const value = (): string => {
      switch (Math.floor(random() * 8)) {
        case 0:
          return pick(HOSTILE);
        case 1:
          return `${MARK}${"A".repeat(Math.floor(random() * 6000))}`;
        case 2:
          return randomUUID();
        case 3:
          return pick(users).state; // a real state, of some user
        case 4:
          return pick([
            "access_denied",
            "vehicle_incompatible",
            "configuration_error",
            "server_error",
            `${MARK}_code`,
          ]);
        case 5:
          return "";
        case 6:
          return `${MARK}${String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(random() * 0xd7ff)))}`;
        default:
          return encodeURIComponent(pick(HOSTILE));
      }
    };
    const names = [
      "user_id",
      "error",
      "error_description",
      "state",
      "vin",
      "make",
      "model",
      "year",
      "status_code",
      "error_message",
      `${MARK}`,
      "user_id[]",
      "__proto__",
    ];
    const cookie = (): string | undefined => {
      const user = pick(users);
      switch (Math.floor(random() * 5)) {
        case 0:
          return undefined;
        case 1:
          return user.cookie;
        case 2:
          return `${user.cookie.slice(0, -5)}${MARK.slice(0, 4)}A`;
        case 3:
          return `sc_session=${MARK}${"x".repeat(Math.floor(random() * 300))}`;
        default:
          return `sc_session=Fe26.2*1*${MARK}*x*y*z*1*x*0`;
      }
    };

    const failures: string[] = [];
    let next = 0;
    const statuses = new Map<number, number>();
    async function worker() {
      while (next < REQUESTS) {
        const i = next++;
        const query = Array.from({ length: Math.floor(random() * 6) }, () => {
          const raw = random() < 0.3;
          const v = value();
          return `${pick(names)}=${raw ? v.replace(/[#&\s]/g, "") : encodeURIComponent(v)}`;
        }).join("&");
        const c = cookie();
        let response: Response;
        try {
          response = await fetch(`${baseUrl()}/connect/callback?${query}`, {
            redirect: "manual",
            headers: c ? { cookie: c } : {},
          });
        } catch (error) {
          failures.push(
            `#${i} ${query.slice(0, 120)}: request failed: ${(error as Error).message}`,
          );
          continue;
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const body = await response.text();
        const headers = [...response.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
        const location = response.headers.get("location");
        if (response.status >= 500)
          failures.push(`#${i} ${response.status} for ${query.slice(0, 120)}`);
        else if (body.includes(MARK) || headers.includes(MARK))
          failures.push(`#${i} reflected input for ${query.slice(0, 120)}`);
        else if (
          response.status === 303 &&
          !allowedLocations.has(location ?? "") &&
          location !== "/vehicles?connected=1"
        ) {
          failures.push(`#${i} unexpected Location ${location}`);
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    console.log(
      `fuzz: ${REQUESTS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures.slice(0, 10)).toEqual([]);
    // No user_id was stored. (A request that happens to pair a user's own cookie with that
    // user's own state and an error code legitimately records the error on the attempt.)
    expect(await db().smartcarLink.count()).toBe(linksBefore);
    const connected = await db().connectAttempt.count({
      where: { userId: { in: users.map((u) => u.user.id) }, outcome: "connected" },
    });
    expect(connected).toBe(0);
  }, 300_000);
});
