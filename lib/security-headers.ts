import { STATUS_PAGE_STYLE_SOURCE } from "@/lib/status-page-style";

// Headers every response carries (https://nextjs.org/docs/app/guides/content-security-policy,
// https://owasp.org/www-project-secure-headers/).

export type SecurityHeaderOptions = {
  isProduction: boolean;
  /** This request's nonce: Next.js puts it on its own scripts and styles when the request's CSP names it. */
  nonce: string;
  /** Inline stylesheets allowed by hash: the build's own (lib/build-styles.ts). */
  styleHashes?: string[];
};

/** A fresh nonce per request: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy({ isProduction, nonce, styleHashes = [] }: SecurityHeaderOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Only scripts that carry this request's nonce, and what they load ('strict-dynamic'): an
    // injected inline script has no nonce. React's development build also needs eval.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isProduction ? [] : ["'unsafe-eval'"])],
    // No unsafe-inline: the nonce, the build's inlined stylesheets and the status pages' one by
    // their hashes. Development injects styles with neither.
    "style-src": ["'self'", ...(isProduction ? [`'nonce-${nonce}'`, ...styleHashes, STATUS_PAGE_STYLE_SOURCE] : ["'unsafe-inline'"])],
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
    // No page of this app needs to tell another site where the visitor came from, and the
    // callback's URL carries a user_id.
    ["Referrer-Policy", "no-referrer"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
    // No other site's window keeps a handle on ours, and no other site may embed our responses
    // (https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Cross-Origin-Opener-Policy).
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
    ...(options.isProduction ? ([["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]] as [string, string][]) : []),
  ];
}
