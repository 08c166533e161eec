import "server-only";
import { getConfig } from "@/lib/config";
import { createTokenProvider } from "@/lib/smartcar/token";
import type { SmartcarTransport } from "@/lib/smartcar/transport";

// One transport per process, so the application token is shared by every request.
let transport: SmartcarTransport | undefined;

/** What the app's calls to Smartcar go through (lib/smartcar/client.ts), from configuration. */
export function smartcarTransport(): SmartcarTransport {
  if (!transport) {
    const { smartcar: config } = getConfig();
    const tokens = createTokenProvider({
      authUrl: config.authUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      fetch,
    });
    transport = { apiUrl: config.apiUrl, tokens, fetch, mode: config.mode };
  }
  return transport;
}
