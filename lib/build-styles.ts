import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The stylesheets of this build, as CSP hash sources. next.config.ts inlines the stylesheet
// (experimental.inlineCss) for a faster first paint; Next.js hands the request's nonce to that
// <style>, but React renders hoisted styles without it (Next.js 16.4, React 19.3), so the nonce
// alone would block the app's own CSS. Each inlined <style> holds exactly one of these files, so
// their hashes allow them, and nothing else (https://www.w3.org/TR/CSP3/#external-hash).

const read = new Map<string, string[]>();

/** `'sha256-…'` for every .css file under `root`/.next/static (read once; none without a build). */
export function buildStyleSources(root = process.cwd()): string[] {
  const known = read.get(root);
  if (known) return known;
  const dir = path.join(root, ".next", "static");
  let files: string[] = [];
  try {
    files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".css"));
  } catch {
    // No build (development): nothing to allow.
  }
  const sources = files.sort().map((f) => `'sha256-${createHash("sha256").update(readFileSync(path.join(dir, f))).digest("base64")}'`);
  read.set(root, sources);
  return sources;
}
