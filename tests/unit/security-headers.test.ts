import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/security-headers";
import { STATUS_PAGE_STYLE, STATUS_PAGE_STYLE_SOURCE } from "@/lib/status-page-style";

const nonce = "bm9uY2Utb2YtdGhpcy1yZXE=";

function directive(csp: string, name: string): string[] {
  const found = csp.split("; ").find((d) => d.startsWith(`${name} `) || d === name);
  return found ? found.split(" ").slice(1) : [];
}

describe("content security policy", () => {
  it("in production: scripts only by this request's nonce, no unsafe-inline, no unsafe-eval", () => {
    const csp = contentSecurityPolicy({ isProduction: true, nonce });
    expect(directive(csp, "script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self'");
  });

  it("allows inline styles only by the nonce, or the status pages' one stylesheet by its hash", () => {
    const styles = directive(contentSecurityPolicy({ isProduction: true, nonce }), "style-src");
    expect(styles).toEqual(["'self'", `'nonce-${nonce}'`, STATUS_PAGE_STYLE_SOURCE]);
    expect(STATUS_PAGE_STYLE_SOURCE).toBe(`'sha256-${createHash("sha256").update(STATUS_PAGE_STYLE).digest("base64")}'`);
  });

  it("lets React's development build eval, and development styles in", () => {
    const csp = contentSecurityPolicy({ isProduction: false, nonce });
    expect(directive(csp, "script-src")).toContain("'unsafe-eval'");
    expect(directive(csp, "script-src")).not.toContain("'unsafe-inline'");
  });

  it("lets a form post to the given extra origins", () => {
    expect(contentSecurityPolicy({ isProduction: true, nonce, formActionOrigins: ["http://localhost:3000"] })).toContain(
      "form-action 'self' http://localhost:3000",
    );
  });
});

describe("nonces", () => {
  it("are 128 random bits, base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => newNonce()));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

describe("security headers", () => {
  it("sends nosniff, a referrer policy, cross-origin isolation of windows and resources, and HSTS in production", () => {
    const headers = Object.fromEntries(securityHeaders({ isProduction: true, nonce }));
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("no-referrer");
    expect(headers["Cross-Origin-Opener-Policy"]).toBe("same-origin");
    expect(headers["Cross-Origin-Resource-Policy"]).toBe("same-origin");
    expect(headers["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(Object.fromEntries(securityHeaders({ isProduction: false, nonce }))["Strict-Transport-Security"]).toBeUndefined();
  });
});
