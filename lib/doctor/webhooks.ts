import "server-only";
import type { Config } from "@/lib/config";
import { NAMES, WEBHOOKS } from "@/lib/doctor/copy";
import type { CheckResult } from "@/lib/doctor/result";

// Every delivery is signed with the application's management token, and VERIFY is answered with it
// (docs/smartcar-contract.md, 9.3 and 9.4 [W5]): without it lib/webhooks/receive.ts refuses them
// all.

/** The webhook URL to register, and whether deliveries can be verified. */
export function checkWebhooks(config: Config): CheckResult {
  const name = NAMES.webhooks;
  const url = `${config.appUrl}/webhooks/smartcar`;
  if (config.emulatorMode) return { name, status: "ok", message: WEBHOOKS.emulator(url) };
  if (!config.smartcar.managementToken) {
    return { name, status: "warn", message: WEBHOOKS.noToken(url), fix: WEBHOOKS.noTokenFix };
  }
  return { name, status: "ok", message: WEBHOOKS.ok(url) };
}
