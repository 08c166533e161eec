import "server-only";
import { STATUS_PAGE_STYLE_SOURCE } from "@/lib/status-page-style";

// Headers every response carries (docs/references.md [next-csp], [owasp-secure-headers]).

type SecurityHeaderOptions = {
  isProduction: boolean;
  /** This request's nonce: Next.js puts it on its own scripts and styles when the request's CSP names it. */
  nonce: string;
  /** What the build put inline in its pages, allowed by hash (lib/build-hashes.ts). */
  styleHashes?: string[];
  scriptHashes?: string[];
};

/** A fresh nonce per request: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy({
  isProduction,
  nonce,
  styleHashes = [],
  scriptHashes = [],
}: SecurityHeaderOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // No unsafe-inline: an injected inline script has neither this request's nonce (what streams in
    // carries it) nor the hash of one of the build's prerendered shells' own inline scripts. The
    // shells' <script src> tags were rendered before any nonce existed, so scripts come from this
    // origin ('self', which serves nothing but the build's own chunks: no uploads, no JSONP)
    // rather than through 'strict-dynamic', which would block them. Development: React's dev
    // build needs eval, and injects scripts with neither nonce nor hash.
    "script-src": isProduction
      ? ["'self'", `'nonce-${nonce}'`, ...scriptHashes]
      : ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    // No unsafe-inline: the nonce, the build's inlined stylesheets and the status pages' one by
    // their hashes. Development injects styles with neither.
    "style-src": [
      "'self'",
      ...(isProduction
        ? [`'nonce-${nonce}'`, ...styleHashes, STATUS_PAGE_STYLE_SOURCE]
        : ["'unsafe-inline'"]),
    ],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(isProduction ? [] : ["ws:", "wss:"])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    ...(isProduction ? { "upgrade-insecure-requests": [] } : {}),
  };
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): [string, string][] {
  return [
    ["Content-Security-Policy", contentSecurityPolicy(options)],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    // No other site is told where the visitor came from. Within the site the referrer stays, so a
    // browser sends its Origin with a form posted before the page's scripts ran (a no-referrer
    // policy makes it "null", which Next.js's server-action check refuses). The Connect routes,
    // whose URLs carry a user_id or a state, answer no-referrer (proxy.ts, STARTING_ROUTES).
    ["Referrer-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
    // No other site's window keeps a handle on ours, and no other site may embed our responses
    // (docs/references.md [mdn-coop]).
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
    ...(options.isProduction
      ? ([["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]] as [
          string,
          string,
        ][])
      : []),
  ];
}
