import "server-only";
import type { z } from "zod";
import { SmartcarApiError, SmartcarResponseError } from "@/lib/smartcar/errors";
import { logSmartcarFailure } from "@/lib/smartcar/failure-log";
import { requestJson, type FetchLike, type RetryPolicy, type Sleep } from "@/lib/smartcar/http";
import type { TokenProvider } from "@/lib/smartcar/token";

// Smartcar's Vehicle API v3 (docs/smartcar-contract.md, sections 3-7): one application token for
// every request, and the vehicle owner named by `sc-user-id` where the reference requires it.

type VehicleMode = "live" | "simulated" | "test";

/**
 * Everything a call to the API depends on, passed in so a test can stand in for Smartcar. The app
 * uses one per process (lib/smartcar/index.ts), so the application token is shared.
 */
export type SmartcarTransport = {
  apiUrl: string;
  tokens: TokenProvider;
  fetch: FetchLike;
  mode: VehicleMode;
  policy?: RetryPolicy;
  sleep?: Sleep;
};

/** One request under `/v3`, its answer read with `schema` (or ignored, for `null`). */
export async function callApi<T>(
  transport: SmartcarTransport,
  method: string,
  path: string,
  schema: z.ZodType<T> | null,
  {
    userId,
    body,
    policy = transport.policy,
  }: { userId?: string; body?: unknown; policy?: RetryPolicy } = {},
): Promise<T> {
  const url = `${transport.apiUrl}/v3${path}`;
  for (let attempt = 0; ; attempt++) {
    const token = await transport.tokens.getToken();
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: "application/json",
    };
    if (userId) headers["sc-user-id"] = userId;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      const answer = await requestJson(
        transport.fetch,
        url,
        { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
        { policy, sleep: transport.sleep },
      );
      if (!schema) return undefined as T;
      const parsed = schema.safeParse(answer);
      if (!parsed.success)
        throw new SmartcarResponseError(
          `${method} ${path.split("?")[0]} answered an unexpected shape`,
        );
      return parsed.data;
    } catch (error) {
      // An expired or revoked application token: get a new one, once. Safe for commands too:
      // a 401 means the request was refused before it reached the vehicle.
      if (error instanceof SmartcarApiError && error.status === 401 && attempt === 0) {
        transport.tokens.invalidate(token);
        continue;
      }
      logSmartcarFailure(method, path, userId, error);
      throw error;
    }
  }
}
