import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
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
  // Every folder a test makes is removed when the file ends, pass or fail.
  const folders: string[] = [];
  const tempFolder = (prefix: string) => {
    const folder = mkdtempSync(path.join(tmpdir(), prefix));
    folders.push(folder);
    return folder;
  };
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });
  const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

  it("hashes every stylesheet of a build, and nothing without a build", () => {
    const none = buildHashSources(tempFolder("no-build-"));
    expect(none.styles).toEqual([]);
    expect(none.scriptsFor("/sign-in")).toEqual([]);
    const root = tempFolder("build-");
    mkdirSync(path.join(root, ".next", "static", "chunks"), { recursive: true });
    writeFileSync(path.join(root, ".next", "static", "chunks", "a.css"), "body{color:red}");
    writeFileSync(path.join(root, ".next", "static", "chunks", "a.js"), "x");
    expect(buildHashSources(root).styles).toEqual([hash("body{color:red}")]);
  });

  it("gives each address its own shell's inline scripts, and the not-found and error pages' everywhere", () => {
    const root = tempFolder("build-");
    const app = path.join(root, ".next", "server", "app");
    mkdirSync(path.join(app, "connect", "error"), { recursive: true });
    mkdirSync(path.join(app, "vehicles", "[vehicleId]"), { recursive: true });
    const page = (file: string, body: string) =>
      writeFileSync(
        path.join(app, file),
        `<script src="/_next/a.js" async=""></script><script>${body}</script><script nonce="n">streamed()</script>`,
      );
    page("index.html", "home()");
    page("sign-in.html", "signIn()");
    page(path.join("connect", "error", "access_denied.html"), "denied()");
    page(path.join("connect", "error", "[code].html"), "anyCode()");
    page(path.join("vehicles", "[vehicleId]", "disconnect.html"), "disconnect()");
    page("_not-found.html", "notFound()");
    page("_global-error.html", "failed()");
    const { scriptsFor } = buildHashSources(root);
    const everywhere = [hash("notFound()"), hash("failed()")];
    const expectFor = (pathname: string, own: string[]) =>
      expect(scriptsFor(pathname), pathname).toEqual([...everywhere, ...own.map(hash)].sort());
    expectFor("/", ["home()"]);
    expectFor("/sign-in", ["signIn()"]);
    expectFor("/sign-in/", ["signIn()"]);
    expectFor("/sign-inx", []);
    expectFor("/connect/error/access_denied", ["denied()", "anyCode()"]);
    expectFor("/connect/error/nope", ["anyCode()"]);
    expectFor("/vehicles/abc/disconnect", ["disconnect()"]);
    expectFor("/vehicles/a/b/disconnect", []);
    expectFor("/healthz/live", []);
  });

  it("takes only inline scripts without a nonce", () => {
    expect(
      inlineShellScripts(
        '<script src="x"></script><script type="module">a</script><script nonce="z">b</script>',
      ),
    ).toEqual(["a"]);
  });
});
