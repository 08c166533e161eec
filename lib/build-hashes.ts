import "server-only";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// What this build put inline in its own pages, as CSP hash sources (docs/references.md
// [csp3-external-hash]). Read once per process from .next; none without a build (development).
//
// - Styles: next.config.ts inlines the stylesheet (experimental.inlineCss) for a faster first
//   paint; Next.js hands the request's nonce to that <style>, but React renders hoisted styles
//   without it (Next.js 16.4, React 19.3), and a prerendered shell has no nonce at all. Each
//   inlined <style> holds exactly one of the build's .css files, so their hashes allow them.
// - Scripts: the prerendered shells (Partial Prerendering) were rendered at build time, before any
//   request had a nonce; the inline scripts they hold are the build's own, so their hashes allow
//   them. Scripts streamed in after the shell carry the request's nonce.

// - Each page gets the hashes of its own shell only (plus the not-found and error pages', which any
//   address may be answered with): the union over all pages would make a header of several
//   kilobytes, past what a proxy in front of the app buffers by default (nginx: 4 KB).

/** A prerendered page: the addresses it answers, and the hashes of its inline scripts. */
type Shell = { route: RegExp; scripts: string[] };

type BuildHashes = {
  styles: string[];
  /** The script hashes a response to `pathname` may need. */
  scriptsFor(pathname: string): string[];
};

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

/**
 * The addresses a shell file answers: `sign-in.html` /sign-in, `index.html` /, and a dynamic
 * segment (`[code]`, `[...slug]`) any value; null for the pages any address may get.
 */
function routeOfShell(relativePath: string): RegExp | null {
  const route = relativePath
    .replace(/\.html$/, "")
    .split(path.sep)
    .join("/");
  if (route === "_not-found" || route === "_global-error") return null;
  const pattern =
    route === "index"
      ? ""
      : route
          .split("/")
          .map((segment) =>
            /^\[\.\.\..+\]$/.test(segment)
              ? ".+"
              : /^\[.+\]$/.test(segment)
                ? "[^/]+"
                : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
          )
          .join("/");
  return new RegExp(`^/${pattern}/?$`);
}

export function buildHashSources(root = process.cwd()): BuildHashes {
  const known = read.get(root);
  if (known) return known;
  const styles = filesUnder(path.join(root, ".next", "static"), ".css").map((file) =>
    sha256(readFileSync(file)),
  );
  const app = path.join(root, ".next", "server", "app");
  const everywhere = new Set<string>();
  const shells: Shell[] = [];
  for (const file of filesUnder(app, ".html")) {
    const scripts = inlineShellScripts(readFileSync(file, "utf8")).map(sha256);
    const route = routeOfShell(path.relative(app, file));
    if (route) shells.push({ route, scripts });
    else scripts.forEach((hash) => everywhere.add(hash));
  }
  // Sorted once here, not per request: most paths match no shell or one.
  const alone = [...everywhere].sort();
  const withEverywhere = shells.map((shell) => ({
    route: shell.route,
    scripts: [...new Set([...everywhere, ...shell.scripts])].sort(),
  }));
  const hashes: BuildHashes = {
    styles,
    scriptsFor(pathname) {
      const matching = withEverywhere.filter((shell) => shell.route.test(pathname));
      if (matching.length === 0) return alone;
      if (matching.length === 1) return matching[0]!.scripts;
      return [...new Set(matching.flatMap((shell) => shell.scripts))].sort();
    },
  };
  read.set(root, hashes);
  return hashes;
}
