// Shared with the browser (the account forms decide where to send a signed-in visitor there).

/**
 * The routes that start something when requested (a Connect launch, a re-authentication, the
 * callback), each answering with a redirect: reached only by a click or a form of this site,
 * whose Sec-Fetch-Site they check (lib/connect/launch.ts).
 */
export const STARTING_ROUTES = [
  "/connect",
  "/connect/retry",
  "/connect/reauthenticate",
  "/connect/callback",
];

/** Whether `path` (a same-origin path, with or without its query) is one of STARTING_ROUTES. */
export function startsSomething(path: string): boolean {
  let pathname: string;
  try {
    // Decoded as the server decodes it: /%63onnect is /connect.
    pathname = decodeURIComponent(path.split(/[?#]/, 1)[0]!);
  } catch {
    return true;
  }
  return STARTING_ROUTES.includes(pathname.replace(/\/+$/, "") || "/");
}
