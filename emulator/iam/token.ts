import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "../context";
import { readFields, sendJson } from "../http";

// POST /oauth2/token: the v3 application token, client-credentials grant (contract 2 [A1]). Tokens
// carry their own expiry and an HMAC keyed with the client secret, so nothing is stored and they
// survive a restart. A generation number in the token lets a control expire all of them.

const TOKEN_TTL_SECONDS = 3600;

function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

function issueToken(ctx: Context, now: number): string {
  const payload = `emu.${ctx.store.state.tokenGeneration}.${now + TOKEN_TTL_SECONDS * 1000}`;
  return `${payload}.${sign(ctx.config.clientSecret, payload)}`;
}

export function tokenIsValid(ctx: Context, token: string, now: number): boolean {
  const match = /^(emu\.(\d{1,9})\.(\d{13}))\.([\w-]{43})$/.exec(token);
  if (!match) return false;
  const expected = Buffer.from(sign(ctx.config.clientSecret, match[1]!));
  const actual = Buffer.from(match[4]!);
  return (
    timingSafeEqual(expected, actual) &&
    Number(match[2]) === ctx.store.state.tokenGeneration &&
    Number(match[3]) > now
  );
}

/** Compares secrets in constant time whatever their lengths. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export async function handleToken(ctx: Context, req: IncomingMessage, res: ServerResponse) {
  // Form-encoded in every documented example, JSON in the OpenAPI body: accept both (contract 2).
  const fields = await readFields(req);
  const fail = (status: number, error: string, description: string) =>
    sendJson(res, status, { error, error_description: description });
  if (!fields) return fail(400, "invalid_request", "The body is not valid JSON.");
  const grant = fields.get("grant_type");
  if (!grant) return fail(400, "invalid_request", "grant_type is required.");
  if (grant !== "client_credentials") {
    return fail(400, "unsupported_grant_type", "Only client_credentials is supported.");
  }
  const clientId = fields.get("client_id");
  const clientSecret = fields.get("client_secret");
  if (!clientId || !clientSecret) {
    return fail(400, "invalid_request", "client_id and client_secret are required.");
  }
  if (
    !sameSecret(clientId, ctx.config.clientId) ||
    !sameSecret(clientSecret, ctx.config.clientSecret)
  ) {
    return fail(401, "invalid_client", "Invalid client credentials.");
  }
  sendJson(res, 200, {
    access_token: issueToken(ctx, ctx.now()),
    token_type: "Bearer",
    expires_in: TOKEN_TTL_SECONDS,
  });
}
