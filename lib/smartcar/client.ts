import type { z } from "zod";
import { SmartcarApiError, SmartcarResponseError } from "@/lib/smartcar/errors";
import { requestJson, type FetchLike, type RetryPolicy, type Sleep } from "@/lib/smartcar/http";
import { ConnectionsResponseSchema, SignalsResponseSchema, VehicleResponseSchema, type Connection, type Signal, type Vehicle } from "@/lib/smartcar/schemas";
import type { TokenProvider } from "@/lib/smartcar/token";

// The vehicle API, v3: an application token, and the owner named by `sc-user-id`.

export type SmartcarClient = {
  listConnections(userId: string): Promise<Connection[]>;
  getVehicle(userId: string, vehicleId: string): Promise<Vehicle>;
  getSignals(userId: string, vehicleId: string): Promise<Signal[]>;
  deleteUser(userId: string): Promise<void>;
};

export function createSmartcarClient(options: { apiUrl: string; tokens: TokenProvider; fetch: FetchLike; policy?: RetryPolicy; sleep?: Sleep }): SmartcarClient {
  async function call<T>(userId: string, method: string, path: string, schema: z.ZodType<T> | null): Promise<T> {
    const url = `${options.apiUrl}/v3${path}`;
    for (let attempt = 0; ; attempt++) {
      const token = await options.tokens.getToken();
      try {
        const body = await requestJson(
          options.fetch,
          url,
          { method, headers: { Authorization: `Bearer ${token}`, "sc-user-id": userId, Accept: "application/json" } },
          { policy: options.policy, sleep: options.sleep },
        );
        if (!schema) return undefined as T;
        const parsed = schema.safeParse(body);
        if (!parsed.success) throw new SmartcarResponseError(`${method} ${path} answered an unexpected shape`);
        return parsed.data;
      } catch (error) {
        // An expired or revoked application token: get a new one, once.
        if (error instanceof SmartcarApiError && error.status === 401 && attempt === 0) {
          options.tokens.invalidate(token);
          continue;
        }
        throw error;
      }
    }
  }

  const id = (value: string) => encodeURIComponent(value);
  return {
    listConnections: async (userId) => (await call(userId, "GET", "/connections", ConnectionsResponseSchema)).data,
    getVehicle: async (userId, vehicleId) => (await call(userId, "GET", `/vehicles/${id(vehicleId)}`, VehicleResponseSchema)).data,
    getSignals: async (userId, vehicleId) => (await call(userId, "GET", `/vehicles/${id(vehicleId)}/signals`, SignalsResponseSchema)).data,
    deleteUser: async (userId) => call(userId, "DELETE", `/users/${id(userId)}`, null),
  };
}
