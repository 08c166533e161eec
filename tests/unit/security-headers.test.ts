import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildHashSources, inlineShellScripts } from "@/lib/build-hashes";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/security-headers";
import { STATUS_PAGE_STYLE, STATUS_PAGE_STYLE_SOURCE } from "@/lib/status-page-style";

const nonce = "bm9uY2Utb2YtdGhpcy1yZXE=";

function directive(csp: string, name: string): string[] {
  const found = csp.split("; ").find((d) => d.startsWith(`${name} `) || d === name);
  return found ? found.split(" ").slice(1) : [];
}

describe("content security policy", () => {
  it("in production: scripts from this origin, by this request's nonce or by a prerendered shell's hash; no unsafe-inline or eval", () => {
    const csp = contentSecurityPolicy({
      isProduction: true,
      nonce,
      scriptHashes: ["'sha256-CCCC'"],
    });
    expect(directive(csp, "script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'sha256-CCCC'"]);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self'");
  });

  it("allows inline styles only by the nonce, or the build's and the status pages' stylesheets by their hashes", () => {
    const styleHashes = ["'sha256-AAAA'", "'sha256-BBBB'"];
    const styles = directive(
      contentSecurityPolicy({ isProduction: true, nonce, styleHashes }),
      "style-src",
    );
    expect(styles).toEqual([
      "'self'",
      `'nonce-${nonce}'`,
      ...styleHashes,
      STATUS_PAGE_STYLE_SOURCE,
    ]);
    expect(STATUS_PAGE_STYLE_SOURCE).toBe(
      `'sha256-${createHash("sha256").update(STATUS_PAGE_STYLE).digest("base64")}'`,
    );
  });

  it("lets React's development build eval and inject, in development only", () => {
    const csp = contentSecurityPolicy({ isProduction: false, nonce });
    expect(directive(csp, "script-src")).toEqual(["'self'", "'unsafe-inline'", "'unsafe-eval'"]);
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
    expect(headers["Referrer-Policy"]).toBe("same-origin");
    expect(headers["Cross-Origin-Opener-Policy"]).toBe("same-origin");
    expect(headers["Cross-Origin-Resource-Policy"]).toBe("same-origin");
    expect(headers["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(
      Object.fromEntries(securityHeaders({ isProduction: false, nonce }))[
        "Strict-Transport-Security"
      ],
    ).toBeUndefined();
  });
});

describe("buildHashSources", () => {
  it("hashes every stylesheet of a build and the inline scripts of its prerendered shells, and nothing without a build", () => {
    expect(buildHashSources(mkdtempSync(path.join(tmpdir(), "no-build-")))).toEqual({
      styles: [],
      scripts: [],
    });
    const root = mkdtempSync(path.join(tmpdir(), "build-"));
    mkdirSync(path.join(root, ".next", "static", "chunks"), { recursive: true });
    mkdirSync(path.join(root, ".next", "server", "app", "connect"), { recursive: true });
    writeFileSync(path.join(root, ".next", "static", "chunks", "a.css"), "body{color:red}");
    writeFileSync(path.join(root, ".next", "static", "chunks", "a.js"), "x");
    const shell =
      '<script src="/_next/a.js" async=""></script><script>shell()</script><script nonce="n">streamed()</script>';
    writeFileSync(path.join(root, ".next", "server", "app", "sign-in.html"), shell);
    writeFileSync(
      path.join(root, ".next", "server", "app", "connect", "x.html"),
      "<script>shell()</script>",
    );
    const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    expect(buildHashSources(root)).toEqual({
      styles: [hash("body{color:red}")],
      scripts: [hash("shell()")],
    });
  });

  it("takes only inline scripts without a nonce", () => {
    expect(
      inlineShellScripts(
        '<script src="x"></script><script type="module">a</script><script nonce="z">b</script>',
      ),
    ).toEqual(["a"]);
  });
});
