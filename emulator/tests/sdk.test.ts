import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { APPLICATION_ID, eventually, MANAGEMENT_TOKEN, REDIRECT_URI } from "./support/client";
import { setUpEmulator } from "./support/setup";

// Smartcar's own Node SDK (npm `smartcar` 10.4.0), driven as an integrator would, against the
// emulator (contract 11). Whatever it cannot do here is a bug in the emulator, unless the contract
// says the live service would refuse it too (emulator/README.md, "What differs from Smartcar").

type SmartcarSdk = {
  AuthClient: new (options: Record<string, unknown>) => {
    getAuthUrl(scope: string[], options?: Record<string, unknown>): string;
  };
  Vehicle: new (
    id: string,
    token: string,
    options?: Record<string, unknown>,
  ) => {
    getSignals(): Promise<{ body: { data: SdkSignal[] } }>;
    getSignal(code: string): Promise<{ body: SdkSignal }>;
    request(
      method: string,
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
      version?: string,
    ): Promise<{ body: Record<string, unknown> }>;
  };
  getVehicle(token: string, id: string): Promise<{ body: Record<string, unknown> }>;
  hashChallenge(amt: string, challenge: string): string;
  verifyPayload(amt: string, signature: string, body: unknown): boolean;
};
type SdkSignal = { id: string; attributes: { code: string; body?: Record<string, unknown> } };

// The SDK is CommonJS and reads its origins from the environment at each call.
const smartcar = createRequire(import.meta.url)("smartcar") as SmartcarSdk;

type Received = { body: { eventType: string }; signature: string; verified: boolean };

/** A webhook endpoint written with the SDK's own helpers, as its README shows. */
async function startSdkReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const body = JSON.parse(raw);
      const signature = String(req.headers["sc-signature"] ?? "");
      res.writeHead(200, { "Content-Type": "application/json" });
      if (body.eventType === "VERIFY") {
        res.end(
          JSON.stringify({
            challenge: smartcar.hashChallenge(MANAGEMENT_TOKEN, body.data.challenge),
          }),
        );
      } else res.end("{}");
      received.push({
        body,
        signature,
        verified: smartcar.verifyPayload(MANAGEMENT_TOKEN, signature, body),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks`, received, server };
}

let receiver: Awaited<ReturnType<typeof startSdkReceiver>>;

const { client, file } = setUpEmulator({
  env: async (scope) => {
    receiver = await startSdkReceiver();
    scope.onEnd(() => new Promise((resolve) => receiver.server.close(resolve)));
    return { EMULATOR_WEBHOOK_URL: receiver.url };
  },
});

beforeAll(() => {
  // The SDK's own variables, pointed at the emulator's one origin.
  const saved = { ...process.env };
  file.onEnd(() => {
    process.env = saved;
  });
  process.env.SMARTCAR_API_ORIGIN = client.origin;
  process.env.SMARTCAR_API_V3_ORIGIN = client.origin;
  process.env.SMARTCAR_MANAGEMENT_API_ORIGIN = client.origin;
});

describe("Smartcar's Node SDK against the emulator", () => {
  it("connects, reads the vehicle and its signals, locks with sc-user-id, and verifies every delivery", async () => {
    // Connect: the SDK's URL, with the Application ID as its client id, completed on the screens.
    const auth = new smartcar.AuthClient({
      clientId: APPLICATION_ID,
      clientSecret: "not used by getAuthUrl",
      redirectUri: REDIRECT_URI,
      mode: "live",
    });
    const url = new URL(
      auth.getAuthUrl(["read_vehicle_info", "read_battery", "read_odometer", "control_security"], {
        state: "sdk-state",
        makeBypass: "TESLA",
      }),
    );
    expect(url.origin).toBe(client.origin);
    expect(url.searchParams.get("client_id")).toBe(APPLICATION_ID);
    const screen = await client.location(`${url.pathname}${url.search}`);
    await client.signIn(screen, "sdk@example.com");
    const back = new URL(await client.press(screen, { action: "allow" }));
    expect(back.searchParams.get("state")).toBe("sdk-state");
    const userId = back.searchParams.get("user_id")!;
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);

    // POST /oauth2/token with the API credentials, form-encoded, as the migration guide shows it.
    const token = await client.accessToken();
    const [vehicleId] = (await client.vehicles(userId)).map((v) => v.id);

    // GET /v3/vehicles/{id}/ (the SDK's trailing slash).
    const vehicle = await smartcar.getVehicle(token, vehicleId!);
    expect(vehicle.body).toMatchObject({ data: { id: vehicleId, type: "vehicle" } });

    const car = new smartcar.Vehicle(vehicleId!, token);
    const owner = { "sc-user-id": userId };
    const list = await car.request("get", "signals", null, owner, "3");
    const codes = (list.body.data as SdkSignal[]).map((s) => s.attributes.code);
    expect(codes).toEqual(expect.arrayContaining(["tractionbattery-stateofcharge"]));
    const one = await car.request("get", "signals/odometer-traveleddistance", null, owner, "3");
    expect(one.body).toMatchObject({
      type: "signal",
      attributes: { code: "odometer-traveleddistance", body: { unit: "kilometers" } },
    });
    const lock = await car.request("post", "commands/security/lock", null, owner, "3");
    expect(lock.body).toMatchObject({
      data: { attributes: { commandType: "security-lock", status: { value: "SUCCESS" } } },
    });

    // Its getSignals/getSignal send no sc-user-id, which the list requires (contract 3): the live
    // service answers 400 too (emulator/README.md).
    await expect(car.getSignals()).rejects.toMatchObject({ statusCode: 400 });

    // VERIFY answered with hashChallenge; every other delivery passes verifyPayload.
    await eventually(async () =>
      receiver.received.some((d) => d.body.eventType === "VEHICLE_STATE"),
    );
    const deliveries = receiver.received.filter((d) => d.body.eventType !== "VERIFY");
    expect(receiver.received.some((d) => d.body.eventType === "VERIFY")).toBe(true);
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.filter((d) => !d.verified)).toEqual([]);
    // The positive control: a tampered body fails the same check.
    const [first] = deliveries;
    expect(
      smartcar.verifyPayload(MANAGEMENT_TOKEN, first!.signature, { ...first!.body, x: 1 }),
    ).toBe(false);
  });
});
