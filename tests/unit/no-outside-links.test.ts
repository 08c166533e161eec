import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// House style: a comment says why, citing a file inside the repository, and no link in the project
// points outside it. Smartcar's pages are cited by section and source id of
// docs/smartcar-contract.md, every other document by its key in docs/references.md; those two files
// are the only ones that name documents' addresses, and only as inline code (their provenance), so
// nothing in them is a clickable outside link either.

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The two documents that may name outside addresses, inside inline code or a fenced block. */
const ADDRESS_BOOKS = ["docs/smartcar-contract.md", "docs/references.md"];

/**
 * Hosts that can never be someone else's site: reserved for tests and documentation, or this
 * machine (docs/references.md [rfc2606]). Allowed in any file; a name matches itself and its
 * subdomains.
 */
const RESERVED_HOSTS = [
  "localhost",
  "127.0.0.1",
  "example",
  "example.com",
  "example.org",
  "invalid",
];

type Allowed = {
  host: string;
  /** Only addresses under this path (when the host is a real site). */
  path?: string;
  files: readonly string[];
  why: string;
};

/** Every other address the project spells out, each where it is needed and why. */
const ALLOWED: readonly Allowed[] = [
  {
    host: "connect.smartcar.com",
    files: ["lib/config.ts", "tests/unit/config.test.ts", "tests/unit/connect-url.test.ts"],
    why: "Smartcar's Connect host (contract 0): the default SMARTCAR_CONNECT_URL, and the tests that assert it and the URLs built on it",
  },
  {
    host: "iam.smartcar.com",
    files: ["lib/config.ts", "lib/doctor/copy.ts", "tests/unit/config.test.ts"],
    why: "Smartcar's token host (contract 0): the default SMARTCAR_AUTH_URL, the doctor's hint naming it, and the test that asserts it",
  },
  {
    host: "vehicle.api.smartcar.com",
    files: ["lib/config.ts", "tests/unit/config.test.ts"],
    why: "Smartcar's Vehicle API host (contract 0): the default SMARTCAR_API_URL, and the test that asserts it",
  },
  {
    host: "smartcar.com",
    path: "/docs/errors/api-errors/",
    files: ["emulator/api/errors.ts"],
    why: "the `docURL` the emulator puts in an error body, as Smartcar's own bodies do (contract 8.1)",
  },
  {
    host: "your.app",
    files: ["lib/doctor/copy.ts", "README.md"],
    why: "the placeholder APP_URL in the doctor's advice and the production steps",
  },
  {
    host: "<your",
    files: ["README.md"],
    why: "the placeholder origin `<your app>` in the setup steps",
  },
  {
    host: "...",
    files: ["Dockerfile"],
    why: "the placeholder APP_URL `...` in the usage comment",
  },
  {
    host: "HOST",
    files: ["emulator/README.md", "emulator/config.ts"],
    why: "EMULATOR_PUBLIC_URL's default written as its form, `HOST:PORT`",
  },
  {
    host: "${host}",
    files: ["emulator/emulator.ts"],
    why: "the emulator's own origin, built from the host it listens on",
  },
  {
    host: "${config.host}",
    files: ["emulator/server.ts"],
    why: "the emulator's own origin, printed when it starts",
  },
  {
    host: "",
    files: ["lib/session-cookie.ts"],
    why: "`appUrl.startsWith(...)` tests the scheme: no address",
  },
  {
    host: "x",
    files: [
      "tests/e2e/smartcar-account.spec.ts",
      "tests/unit/account-busy.test.ts",
      "tests/unit/account-unavailable.test.ts",
    ],
    why: "a base for `new URL(path, base)` that only parses a path; never fetched",
  },
  {
    host: "stand-in",
    files: ["tests/support/fixture-smartcar.ts"],
    why: "a base for `new URL(request.url, base)` that only parses a path; never fetched",
  },
  {
    host: "192.168.1.20",
    files: ["tests/unit/doctor-redirect-uri.test.ts"],
    why: "a private LAN address (docs/references.md [rfc1918]) the doctor must warn about",
  },
];

const SKIPPED_EXTENSIONS = [".svg", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".webp", ".woff2"];

/** Tracked files (and new ones not ignored), minus generated code, the lock file, data, images. */
function listCheckedFiles(): string[] {
  const output = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  return [...new Set(output.split("\0"))].filter(
    (file) =>
      file !== "" &&
      !file.startsWith("lib/generated/") &&
      file !== "package-lock.json" &&
      !/^tests\/fixtures\/smartcar\/[^/]+\.json$/.test(file) &&
      !SKIPPED_EXTENSIONS.some((extension) => file.endsWith(extension)) &&
      existsSync(path.join(ROOT, file)),
  );
}

const ADDRESS = /https?:\/\/[^\s"'`)\]|,;]*/g;

/** The host of an address as written: `${...}` interpolations and placeholders stay as they are. */
function hostOf(address: string): { host: string; rest: string } {
  const afterScheme = address.replace(/^https?:\/\//, "");
  const authority = afterScheme.startsWith("${")
    ? afterScheme.slice(0, afterScheme.indexOf("}") + 1)
    : afterScheme.split(/[/?#\\:]/, 1)[0]!;
  const rest = afterScheme.slice(authority.length).replace(/^:[^/?#]*/, "");
  return { host: authority, rest };
}

function isReserved(host: string): boolean {
  return RESERVED_HOSTS.some((name) => host === name || host.endsWith(`.${name}`));
}

function allowedEntry(file: string, address: string): Allowed | undefined {
  const { host, rest } = hostOf(address);
  return ALLOWED.find(
    (entry) =>
      entry.host === host &&
      entry.files.includes(file) &&
      (entry.path === undefined || rest.startsWith(entry.path)),
  );
}

/** Whether the text at `index` is inside an inline code span of its line. */
function isInInlineCode(line: string, index: number): boolean {
  return (line.slice(0, index).match(/`/g)?.length ?? 0) % 2 === 1;
}

/**
 * Every address in `text` that points outside the repository and is not allowed, as
 * `file:line: address`. `used` collects the allow-list entries that matched.
 */
function findOutsideLinks(file: string, text: string, used?: Set<string>): string[] {
  const found: string[] = [];
  const isAddressBook = ADDRESS_BOOKS.includes(file);
  let inFence = false;
  text.split("\n").forEach((line, index) => {
    if (isAddressBook && /^\s*```/.test(line)) {
      inFence = !inFence;
      return;
    }
    for (const match of line.matchAll(ADDRESS)) {
      const address = match[0];
      if (isReserved(hostOf(address).host)) continue;
      if (isAddressBook && (inFence || isInInlineCode(line, match.index))) continue;
      const entry = allowedEntry(file, address);
      if (entry) {
        used?.add(`${entry.host} ${file}`);
        continue;
      }
      found.push(`${file}:${index + 1}: ${address}`);
    }
  });
  return found;
}

// Built in pieces, so this file names no outside address itself.
const OUTSIDE = ["https:", "//nextjs.org/docs/app/api-reference/functions/connection"].join("");

describe("no link points outside the repository", () => {
  it("reports an outside address with its file and line", () => {
    expect(findOutsideLinks("lib/session.ts", `// one\n// see (${OUTSIDE}).`)).toEqual([
      `lib/session.ts:2: ${OUTSIDE}`,
    ]);
  });

  it("allows an address book to name an address as inline code only", () => {
    const book = "docs/references.md";
    expect(findOutsideLinks(book, `| \`next-connection\` | \`${OUTSIDE}\` |`)).toEqual([]);
    expect(findOutsideLinks(book, "```\n" + OUTSIDE + "\n```")).toEqual([]);
    expect(findOutsideLinks(book, `[connection](${OUTSIDE})`)).toEqual([`${book}:1: ${OUTSIDE}`]);
    expect(findOutsideLinks("README.md", `\`${OUTSIDE}\``)).toEqual([`README.md:1: ${OUTSIDE}`]);
  });

  it("allows a listed address only in the files listed for it, and reserved hosts anywhere", () => {
    const smartcar = ["https:", "//connect.smartcar.com/oauth/authorize"].join("");
    expect(findOutsideLinks("lib/config.ts", `"${smartcar}"`)).toEqual([]);
    expect(findOutsideLinks("lib/session.ts", `"${smartcar}"`)).toEqual([
      `lib/session.ts:1: ${smartcar}`,
    ]);
    const docs = ["https:", "//smartcar.com/docs/connect/handle-the-response"].join("");
    expect(findOutsideLinks("emulator/api/errors.ts", `// ${docs}`)).toHaveLength(1);
    const reserved = ["https:", "//evil.example/", " http:", "//app.example.com/cb"].join("");
    expect(findOutsideLinks("lib/session.ts", reserved)).toEqual([]);
  });

  it("no tracked file links outside, and every allowed address is still used where listed", () => {
    const used = new Set<string>();
    const found = listCheckedFiles().flatMap((file) => {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      return text.includes("\0") ? [] : findOutsideLinks(file, text, used);
    });
    expect(found).toEqual([]);
    const unused = ALLOWED.flatMap((entry) =>
      entry.files.map((file) => `${entry.host} ${file}`).filter((key) => !used.has(key)),
    );
    expect(unused).toEqual([]);
  });
});
