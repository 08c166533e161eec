import "server-only";
import { getConfig } from "@/lib/config";
import { createSmartcarClient, type SmartcarClient } from "@/lib/smartcar/client";
import { createTokenProvider } from "@/lib/smartcar/token";

// One client per process, so the application token is shared by every request.
let client: SmartcarClient | undefined;

export function smartcar(): SmartcarClient {
  if (!client) {
    const { smartcar: config } = getConfig();
    const tokens = createTokenProvider({
      authUrl: config.authUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      fetch,
    });
    client = createSmartcarClient({ apiUrl: config.apiUrl, tokens, fetch, mode: config.mode });
  }
  return client;
}
