import "server-only";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// What this build put inline in its own pages, as CSP hash sources
// (https://www.w3.org/TR/CSP3/#external-hash). Read once per process from .next; none without a
// build (development).
//
// - Styles: next.config.ts inlines the stylesheet (experimental.inlineCss) for a faster first
//   paint; Next.js hands the request's nonce to that <style>, but React renders hoisted styles
//   without it (Next.js 16.4, React 19.3), and a prerendered shell has no nonce at all. Each
//   inlined <style> holds exactly one of the build's .css files, so their hashes allow them.
// - Scripts: the prerendered shells (Partial Prerendering) were rendered at build time, before any
//   request had a nonce; the inline scripts they hold are the build's own, so their hashes allow
//   them. Scripts streamed in after the shell carry the request's nonce.

export type BuildHashes = { styles: string[]; scripts: string[] };

const read = new Map<string, BuildHashes>();
const sha256 = (content: string | Buffer) =>
  `'sha256-${createHash("sha256").update(content).digest("base64")}'`;

function filesUnder(dir: string, ending: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(ending))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** The inline scripts of prerendered HTML that carry no nonce (none can: no request yet). */
export function inlineShellScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (body && !/\bsrc=/.test(attributes!) && !/\bnonce=/.test(attributes!)) scripts.push(body);
  }
  return scripts;
}

export function buildHashSources(root = process.cwd()): BuildHashes {
  const known = read.get(root);
  if (known) return known;
  const styles = filesUnder(path.join(root, ".next", "static"), ".css").map((file) =>
    sha256(readFileSync(file)),
  );
  const shells = filesUnder(path.join(root, ".next", "server", "app"), ".html");
  const scripts = [
    ...new Set(
      shells.flatMap((file) => inlineShellScripts(readFileSync(file, "utf8")).map(sha256)),
    ),
  ].sort();
  const hashes = { styles, scripts };
  read.set(root, hashes);
  return hashes;
}
