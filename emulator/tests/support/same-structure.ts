import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./emulator-process";

// Compares two JSON values by structure: the same keys and the same JSON types at every level,
// whatever the values. Arrays may differ in length: each element of `actual` must match some
// element of `expected`. The paging links `prev`/`next`/`previous` are documented as a string or
// null (docs/smartcar-contract.md, 4.1), so there, and only there, null and a string match each
// other; nothing else matches a null in the example.

type Options = {
  /** Keys whose values only need the same JSON type (e.g. `body`, which differs per signal). */
  opaque?: readonly string[];
  /** Keys `actual` may have that `expected` lacks (where the contract says adding is harmless). */
  extra?: readonly string[];
};

const NULLABLE_LINKS = ["prev", "next", "previous"];

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** A paging link against its example: a string or null each, one of them null. */
function isLinkPair(actual: unknown, expected: unknown): boolean {
  const kinds = [typeOf(actual), typeOf(expected)];
  return kinds.every((kind) => kind === "string" || kind === "null") && kinds.includes("null");
}

export function structureDiff(
  actual: unknown,
  expected: unknown,
  options: Options = {},
  at = "$",
): string[] {
  const a = typeOf(actual);
  const e = typeOf(expected);
  if (a !== e) return [`${at}: ${a} where the example has ${e}`];
  if (a === "array") {
    const items = actual as unknown[];
    const examples = expected as unknown[];
    if (items.length === 0) return [];
    if (examples.length === 0)
      return [`${at}: the example's array is empty, nothing to compare with`];
    return items.flatMap((item, i) => {
      const tries = examples.map((example) => structureDiff(item, example, options, `${at}[${i}]`));
      return tries.some((t) => t.length === 0)
        ? []
        : tries.reduce((x, y) => (y.length < x.length ? y : x));
    });
  }
  if (a !== "object") return [];
  const act = actual as Record<string, unknown>;
  const exp = expected as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(exp)) if (!(key in act)) problems.push(`${at}.${key}: missing`);
  for (const key of Object.keys(act)) {
    if (!(key in exp)) {
      if (!options.extra?.includes(key)) problems.push(`${at}.${key}: not in the example`);
      continue;
    }
    if (NULLABLE_LINKS.includes(key) && isLinkPair(act[key], exp[key])) continue;
    if (options.opaque?.includes(key)) {
      if (typeOf(act[key]) !== typeOf(exp[key]))
        problems.push(
          `${at}.${key}: ${typeOf(act[key])} where the example has ${typeOf(exp[key])}`,
        );
      continue;
    }
    problems.push(...structureDiff(act[key], exp[key], options, `${at}.${key}`));
  }
  return problems;
}

export function sameStructure(actual: unknown, expected: unknown, options: Options = {}): boolean {
  return structureDiff(actual, expected, options).length === 0;
}

/** A documented example from tests/fixtures/smartcar. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: string): any {
  return JSON.parse(
    readFileSync(path.join(ROOT, "tests/fixtures/smartcar", `${name}.json`), "utf8"),
  );
}
