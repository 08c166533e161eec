import "server-only";
import { requestJson, type FetchLike, type RetryPolicy, type Sleep } from "@/lib/smartcar/http";
import { SmartcarResponseError } from "@/lib/smartcar/errors";
import { logSmartcarFailure } from "@/lib/smartcar/failure-log";
import { TokenResponseSchema } from "@/lib/smartcar/schemas";

// The application access token of Smartcar's API authentication: OAuth 2.0 client credentials,
// valid one hour, no refresh token (docs/smartcar-contract.md 2, [A2]).

/** Renew this long before the token expires, so a request never goes out with a dying token. */
export const EXPIRY_MARGIN_MS = 60_000;

export type TokenProvider = {
  /** A valid token: cached, or fetched by exactly one request however many callers wait. */
  getToken(): Promise<string>;
  /** Forget the cached token (after a 401). */
  invalidate(token?: string): void;
};

export function createTokenProvider(options: {
  authUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchLike;
  now?: () => number;
  policy?: RetryPolicy;
  sleep?: Sleep;
}): TokenProvider {
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    try {
      return await requestToken();
    } catch (error) {
      // A wrong client id or secret (401) is the likeliest first failure with a new account.
      logSmartcarFailure("POST", "/oauth2/token", undefined, error);
      throw error;
    }
  }

  async function requestToken(): Promise<string> {
    const body = await requestJson(
      options.fetch,
      `${options.authUrl}/oauth2/token`,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
        },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: options.clientId,
          client_secret: options.clientSecret,
        }).toString(),
      },
      { policy: options.policy, sleep: options.sleep },
    );
    const parsed = TokenResponseSchema.safeParse(body);
    if (!parsed.success)
      throw new SmartcarResponseError("The token endpoint answered an unexpected shape");
    cached = { token: parsed.data.access_token, expiresAt: now() + parsed.data.expires_in * 1000 };
    return parsed.data.access_token;
  }

  return {
    getToken() {
      if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > now())
        return Promise.resolve(cached.token);
      inFlight ??= fetchToken().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    invalidate(token) {
      if (!token || cached?.token === token) cached = null;
    },
  };
}
