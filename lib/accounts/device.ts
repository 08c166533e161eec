import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import type { RequestOrigin } from "@/lib/accounts/accounts";
import { requestClient } from "@/lib/client-address";
import { getConfig } from "@/lib/config";
import { cookieFor } from "@/lib/session-cookie";

// Device cookies (docs/references.md [owasp-device-cookies]): a browser that signed in to an email
// with its right password gets a cookie naming that email (as an HMAC under the app's secret: the
// cookie does not carry the email itself) and a random nonce. A sign-in from that browser is then
// not held by the per-email limit that strangers' guesses fill (lib/accounts/limits.ts); its
// guesses are counted per nonce instead.

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

function cookieSettings() {
  const { appUrl, isProduction } = getConfig();
  return cookieFor("sc_device", appUrl, isProduction);
}

function signature(email: string, nonce: string): string {
  return createHmac("sha256", getConfig().sessionSecret)
    .update(`device-cookie\n${email.toLowerCase()}\n${nonce}`)
    .digest("base64url");
}

/** Where a sign-in or a password check comes from: the client's address and its device cookie. */
export async function requestOrigin(): Promise<RequestOrigin> {
  return { client: await requestClient(), device: await readDeviceCookie() };
}

/** The device cookie of this request, as sent (checked against an email by knownDevice()). */
export async function readDeviceCookie(): Promise<string | null> {
  const value = (await cookies()).get(cookieSettings().name)?.value;
  return value && value.length <= 200 ? value : null;
}

/** The nonce of `cookie` if it was issued to this browser for `email`, else null. */
export function knownDevice(cookie: string | null | undefined, email: string): string | null {
  const [nonce, mac, extra] = (cookie ?? "").split(".");
  if (!nonce || !mac || extra !== undefined || !/^[\w-]{22,64}$/.test(nonce)) return null;
  const expected = Buffer.from(signature(email, nonce));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? nonce : null;
}

/** After the right password: this browser is known for `email` from now on. */
export async function rememberDevice(email: string): Promise<void> {
  const nonce = randomBytes(16).toString("base64url");
  const { name, secure } = cookieSettings();
  (await cookies()).set(name, `${nonce}.${signature(email, nonce)}`, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
  });
}
