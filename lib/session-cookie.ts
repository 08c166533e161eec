import "server-only";
// The session cookie's name, on its own so that proxy.ts can see whether a request has one without
// loading the session module (lib/session.ts).

/** Over plain http (development, the tests' servers): no prefix, which would need Secure. */
export const SESSION_COOKIE = "sc_session";
/**
 * Over https: the `__Host-` prefix makes the browser refuse the cookie unless it is Secure, has
 * Path=/ and no Domain, so neither a subdomain nor a plain-http page of the same host can set or
 * overwrite it (docs/references.md [mdn-set-cookie-prefixes]; OWASP ASVS 3.4.4).
 */
export const SECURE_SESSION_COOKIE = "__Host-sc_session";

/**
 * The session cookie's name and Secure flag for the app at `appUrl`: prefixed and Secure whenever
 * the app is served over https, whatever NODE_ENV says; Secure in production in any case.
 */
export function sessionCookieFor(
  appUrl: string,
  isProduction: boolean,
): { name: string; secure: boolean } {
  const https = appUrl.startsWith("https://");
  return { name: https ? SECURE_SESSION_COOKIE : SESSION_COOKIE, secure: https || isProduction };
}
