import "server-only";
import type { Config } from "@/lib/config";
import { NAMES, TRUSTED_PROXY } from "@/lib/doctor/copy";
import type { CheckResult } from "@/lib/doctor/result";

// lib/client-address.ts takes the client's address from X-Forwarded-For: the entry
// TRUSTED_PROXY_HOPS places left of the socket's address, which scripts/socket-address.mjs appends.

/** Production only: with no trusted proxy behind a proxy, every client would share its address. */
export function checkTrustedProxy(config: Config): CheckResult[] {
  if (!config.isProduction) return [];
  const name = NAMES.trustedProxy;
  if (config.trustedProxyHops === 0) {
    return [{ name, status: "warn", message: TRUSTED_PROXY.direct, fix: TRUSTED_PROXY.directFix }];
  }
  return [{ name, status: "ok", message: TRUSTED_PROXY.ok(config.trustedProxyHops) }];
}
