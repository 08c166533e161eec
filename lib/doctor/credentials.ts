import "server-only";
import type { Config } from "@/lib/config";
import { CREDENTIALS, NAMES } from "@/lib/doctor/copy";
import type { CheckResult } from "@/lib/doctor/result";
import { SmartcarApiError, SmartcarUnavailableError } from "@/lib/smartcar/errors";
import type { FetchLike, RetryPolicy } from "@/lib/smartcar/http";
import { createTokenProvider } from "@/lib/smartcar/token";

// A real token request with the configured credentials, exactly as the app makes it
// (lib/smartcar/token.ts): Smartcar answers 401 for a wrong client id or secret
// (docs/smartcar-contract.md, 2 [A1]).

const TIMEOUT_MS = 5_000;
/** One attempt: a check says what happened now, it does not wait out a bad moment. */
const ONCE: RetryPolicy = { retries: 0, baseDelayMs: 0, maxDelayMs: 0, timeoutMs: TIMEOUT_MS };

/** Whether the credentials get a token, and if not, why and what to do. */
export async function checkCredentials(
  config: Config,
  fetchImpl: FetchLike = fetch,
): Promise<CheckResult> {
  const name = NAMES.credentials;
  const { authUrl, clientId, clientSecret } = config.smartcar;
  const tokenUrl = `${authUrl}/oauth2/token`;
  const emulator = config.emulatorMode;
  const provider = createTokenProvider({
    authUrl,
    clientId,
    clientSecret,
    fetch: fetchImpl,
    policy: ONCE,
  });
  try {
    await provider.getToken();
    return {
      name,
      status: "ok",
      message: emulator
        ? CREDENTIALS.emulatorOk(tokenUrl)
        : CREDENTIALS.ok(clientId, tokenUrl, config.smartcar.applicationId),
    };
  } catch (error) {
    if (error instanceof SmartcarApiError && error.status === 401) {
      return emulator
        ? {
            name,
            status: "fail",
            message: CREDENTIALS.emulatorRefused(tokenUrl),
            fix: CREDENTIALS.emulatorRefusedFix,
          }
        : { name, status: "fail", message: CREDENTIALS.refused, fix: CREDENTIALS.refusedFix };
    }
    if (error instanceof SmartcarUnavailableError) {
      const why = /TimeoutError/.test(error.message)
        ? CREDENTIALS.timedOut(TIMEOUT_MS / 1000)
        : CREDENTIALS.notReached;
      return emulator
        ? {
            name,
            status: "fail",
            message: CREDENTIALS.emulatorUnreachable(tokenUrl, why),
            fix: CREDENTIALS.emulatorUnreachableFix,
          }
        : {
            name,
            status: "fail",
            message: CREDENTIALS.unreachable(tokenUrl, why),
            fix: CREDENTIALS.unreachableFix,
          };
    }
    const what =
      error instanceof SmartcarApiError ? `${error.status} ${error.type}` : CREDENTIALS.notAToken;
    return {
      name,
      status: "fail",
      message: CREDENTIALS.answered(tokenUrl, what),
      fix: CREDENTIALS.answeredFix,
    };
  }
}

/** Production on the emulator, chosen with SMARTCAR_EMULATOR=true: for trying out only. */
export function checkEmulatorInProduction(config: Config): CheckResult[] {
  if (!config.isProduction || !config.emulatorMode) return [];
  return [
    {
      name: NAMES.credentials,
      status: "warn",
      message: CREDENTIALS.emulatorInProduction(config.smartcar.authUrl),
      fix: CREDENTIALS.emulatorInProductionFix,
    },
  ];
}
