import "server-only";
// The session cookie's name, on its own so that proxy.ts can see whether a request has one without
// loading the session module (lib/session.ts).
export const SESSION_COOKIE = "sc_session";
