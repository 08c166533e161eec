import "server-only";
// The names and Secure flags of the app's cookies (the session's, lib/session.ts; the device's,
// lib/accounts/device.ts), on their own so that one rule serves both.

/**
 * A cookie's name and Secure flag for the app at `appUrl`. Over https the `__Host-` prefix makes
 * the browser refuse the cookie unless it is Secure, has Path=/ and no Domain, so neither a
 * subdomain nor a plain-http page of the same host can set or overwrite it
 * (docs/references.md [mdn-set-cookie-prefixes]; OWASP ASVS 3.4.4): prefixed and Secure whenever
 * the app is served over https, whatever NODE_ENV says; Secure in production in any case. Over
 * plain http (development, the tests' servers) no prefix, which would need Secure.
 */
export function cookieFor(
  baseName: string,
  appUrl: string,
  isProduction: boolean,
): { name: string; secure: boolean } {
  const https = appUrl.startsWith("https://");
  return { name: https ? `__Host-${baseName}` : baseName, secure: https || isProduction };
}

/** The session cookie's name and Secure flag. */
export function sessionCookieFor(appUrl: string, isProduction: boolean) {
  return cookieFor("sc_session", appUrl, isProduction);
}
