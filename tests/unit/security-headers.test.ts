import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";

describe("security headers", () => {
  it("has no unsafe-eval in production and forbids framing", () => {
    const csp = contentSecurityPolicy({ isProduction: true });
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("form-action 'self'");
  });

  it("sends nosniff, a referrer policy and HSTS in production", () => {
    const headers = Object.fromEntries(securityHeaders({ isProduction: true }));
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("no-referrer");
    expect(headers["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(Object.fromEntries(securityHeaders({ isProduction: false }))["Strict-Transport-Security"]).toBeUndefined();
  });
});
