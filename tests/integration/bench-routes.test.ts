import { afterAll, describe, expect, inject, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { get, launchConnect } from "./http";

// The bench's own routes exist in every build, but answer only on a server started with
// BENCH_ROUTES=on (lib/bench-routes.ts), which only `npm run bench` sets.

let benched: TestServer | undefined;
afterAll(async () => {
  await benched?.stop();
});

describe("GET /bench/limit and /bench/stats", () => {
  it("answer 404 on a server started without BENCH_ROUTES, and change nothing", async () => {
    const { state, cookie } = await launchConnect();
    for (const path of [
      "/bench/stats",
      `/bench/limit?user_id=${crypto.randomUUID()}&state=${state}`,
    ]) {
      const response = await get(path, cookie);
      expect(response.status).toBe(404);
    }
    // The launch is still open: the real callback links with it.
    const callback = await get(
      `/connect/callback?user_id=${crypto.randomUUID()}&state=${state}`,
      cookie,
    );
    expect(callback.headers.get("location")).toBe("/vehicles?connected=1");
  });

  it("positive control: with BENCH_ROUTES=on they answer", async () => {
    benched = await startServer(Number(process.env.INTEGRATION_PORT ?? 3211) + 6, {
      DATABASE_URL: inject("databaseUrl"),
      SESSION_SECRET: inject("sessionSecret"),
      BENCH_ROUTES: "on",
    });
    const stats = await fetch(`${benched.url}/bench/stats`);
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ sessionCache: { entries: expect.any(Number) } });
  }, 120_000);
});
