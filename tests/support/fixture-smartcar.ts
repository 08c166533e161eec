// A Smartcar stand-in built from nothing but the documented examples in tests/fixtures/smartcar:
// not the emulator. If the app works against this, it works against what Smartcar documents.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(
    readFileSync(path.join(import.meta.dirname, "../fixtures/smartcar", `${name}.json`), "utf8"),
  ) as T;
}

type Connection = {
  id: string;
  attributes: { vehicle: Record<string, unknown> };
  relationships: { vehicle: { data: { id: string } }; user: { data: { id: string } } };
};

/** The fixtures' owner, as Connect's redirect names them (connections-page.json). */
export const FIXTURE_USER_ID = "1e258add-fb21-4293-b9ab-cf8a61f7a880";

/**
 * Another owner's connection, made from the documented one: a stand-in whose `filter[userId]` is
 * ignored lists it too, and the app must never show it.
 */
function strangersConnection(): Connection {
  const [own] = fixture<{ data: Connection[] }>("connections-page").data;
  return {
    ...own!,
    id: "0b0f6a4e-9d8c-4d55-8c1c-7d1a3c5e9f00",
    attributes: {
      ...own!.attributes,
      vehicle: { ...own!.attributes.vehicle, make: "Porsche", model: "Taycan" },
    },
    relationships: {
      vehicle: { data: { id: "f00dfeed-0000-4000-8000-000000000001" } },
      user: { data: { id: "99999999-9999-4999-8999-999999999999" } },
    },
  };
}

/**
 * The two identifiers of a Smartcar application, as the Dashboard shows them (contract 1.1, "Two
 * identifiers"): the Application ID for Connect, the API client id and secret for the token.
 */
export const FIXTURE_APPLICATION_ID = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
export const FIXTURE_CLIENT_ID = "client_01JFIXTURECLIENT0000000000";
export const FIXTURE_CLIENT_SECRET = "fixture-client-secret";

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => resolve(body));
  });
}

export type FixtureSmartcar = {
  url: string;
  requests: string[];
  /** The app's Smartcar variables for this stand-in: both identifiers, all three origins. */
  appEnv: Record<string, string>;
  close: () => Promise<void>;
};

export async function startFixtureSmartcar(): Promise<FixtureSmartcar> {
  const requests: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://stand-in");
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "Content-Type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };
    const notFound = () =>
      send(404, {
        errors: [
          {
            ...fixture<{ errors: object[] }>("error-v3").errors[0],
            status: "404",
            type: "RESOURCE_NOT_FOUND",
            code: "PATH",
          },
        ],
      });

    // Connect (contract 1.2 [C2]): straight back with user_id. Connect takes the Application ID
    // (`application_id`, or `client_id`); anything else is the 400 page integrators of the live
    // service report (contract 1.1).
    if (request.method === "GET" && url.pathname === "/oauth/authorize") {
      const application =
        url.searchParams.get("application_id") ?? url.searchParams.get("client_id");
      if (application !== FIXTURE_APPLICATION_ID) {
        response.writeHead(400, { "Content-Type": "text/html" });
        return response.end("<h1>400: Invalid parameter client_id</h1>");
      }
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.searchParams.set("user_id", FIXTURE_USER_ID);
      back.searchParams.set("state", url.searchParams.get("state")!);
      const externalId = url.searchParams.get("external_id");
      if (externalId) back.searchParams.set("external_id", externalId);
      response.writeHead(302, { Location: back.toString() });
      return response.end();
    }
    // The token takes the API credentials, form-encoded (contract 2): 401 invalid_client else.
    if (request.method === "POST" && url.pathname === "/oauth2/token") {
      const form = new URLSearchParams(await readBody(request));
      return form.get("client_id") === FIXTURE_CLIENT_ID &&
        form.get("client_secret") === FIXTURE_CLIENT_SECRET
        ? send(200, fixture("token"))
        : send(401, { error: "invalid_client", error_description: "Invalid client credentials." });
    }
    if (
      request.headers.authorization !==
      `Bearer ${fixture<{ access_token: string }>("token").access_token}`
    ) {
      return send(401, {
        errors: [{ status: "401", type: "AUTHENTICATION", code: null, title: "Unauthorized" }],
      });
    }
    if (request.method === "GET" && url.pathname === "/v3/connections") {
      const page = fixture<{ data: Connection[]; meta: { totalCount: number } }>(
        "connections-page",
      );
      return send(200, {
        ...page,
        data: [...page.data, strangersConnection()],
        meta: { ...page.meta, totalCount: 2 },
      });
    }
    const signals = /^\/v3\/vehicles\/([^/]+)\/signals$/.exec(url.pathname);
    if (request.method === "GET" && signals) {
      // sc-user-id is required on signals (contract 3 [V5]).
      if (!request.headers["sc-user-id"]) return send(400, fixture("error-v3"));
      // The documented link form (contract 6.1), as signals-page-1.json's links.next says.
      // Its links name the documented example's `vehicle123`: here, the vehicle asked for.
      const page = fixture(
        url.searchParams.get("page") === "2" ? "signals-page-2" : "signals-page-1",
      );
      return send(200, JSON.parse(JSON.stringify(page).replaceAll("vehicle123", signals[1]!)));
    }
    if (request.method === "GET" && /^\/v3\/vehicles\/[^/]+$/.test(url.pathname))
      return send(200, fixture("vehicle"));
    return notFound();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    requests,
    appEnv: {
      SMARTCAR_EMULATOR: "false",
      SMARTCAR_APPLICATION_ID: FIXTURE_APPLICATION_ID,
      SMARTCAR_CLIENT_ID: FIXTURE_CLIENT_ID,
      SMARTCAR_CLIENT_SECRET: FIXTURE_CLIENT_SECRET,
      SMARTCAR_CONNECT_URL: url,
      SMARTCAR_AUTH_URL: url,
      SMARTCAR_API_URL: url,
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
