import "server-only";
import type { Config } from "@/lib/config";
import { NAMES, REDIRECT_URI } from "@/lib/doctor/copy";
import type { CheckResult } from "@/lib/doctor/result";

// Connect sends the person back to the redirect URI, which must exactly match one registered in the
// Smartcar Dashboard (docs/smartcar-contract.md, 1.1 [C1]), and takes plain http only for
// localhost (README, "Switching to the real Smartcar").

const CALLBACK_PATH = "/connect/callback";

/** The URI to register, always; then a warning for each way it would fail. */
export function checkRedirectUri(config: Config): CheckResult[] {
  const uri = config.smartcar.redirectUri;
  const name = NAMES.redirectUri;
  const results: CheckResult[] = [
    {
      name,
      status: "ok",
      message: config.emulatorMode ? REDIRECT_URI.emulator(uri) : REDIRECT_URI.register(uri),
    },
  ];
  const redirect = new URL(uri);
  const app = new URL(config.appUrl);
  if (redirect.protocol === "http:" && redirect.hostname !== "localhost") {
    results.push({
      name,
      status: "warn",
      message: REDIRECT_URI.plainHttp(uri, redirect.hostname),
      fix: REDIRECT_URI.plainHttpFix,
    });
  }
  if (config.isProduction && config.defaulted.appUrl) {
    results.push({
      name,
      status: "warn",
      message: REDIRECT_URI.defaultAppUrl(config.appUrl),
      fix: REDIRECT_URI.defaultAppUrlFix,
    });
  }
  // The session cookie (host-only, SameSite=Lax) is set on APP_URL's origin: a callback on another
  // origin arrives without it, and every connection fails as "invalid state".
  if (redirect.origin !== app.origin) {
    results.push({
      name,
      status: "warn",
      message: REDIRECT_URI.otherOrigin(redirect.origin, app.origin),
      fix: REDIRECT_URI.otherOriginFix(config.appUrl),
    });
  } else if (redirect.pathname !== CALLBACK_PATH) {
    results.push({
      name,
      status: "warn",
      message: REDIRECT_URI.otherPath(uri, redirect.pathname),
      fix: REDIRECT_URI.otherPathFix,
    });
  }
  return results;
}
