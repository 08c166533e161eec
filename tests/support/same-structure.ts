// Compares the structure of two JSON documents: the same keys, with the same JSON types, at every
// level. Array elements are compared with the documented example's first element; a documented
// `null` accepts any type (Smartcar documents those fields as nullable), but an answer's `null`
// stands only where the example has one; a timestamp may be a number
// or a string, since Smartcar's pages document both (docs/smartcar-contract.md, 6.1). Returns the
// differences.

const TIMESTAMPS = new Set([
  "retrievedAt",
  "oemUpdatedAt",
  "fetchedAt",
  "ingestedAt",
  "deliveredAt",
]);
/** Paging links, null at either end of the list (contract 4.1). */
const PAGING_LINKS = new Set(["prev", "previous", "next"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const typeOf = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

export function structureDifferences(
  actual: unknown,
  documented: unknown,
  /** Keys an answer may add, by their path from the root (e.g. "$.errors[].resolution"). */
  { allowExtra = [] as string[], path = "$" } = {},
): string[] {
  const expected = typeOf(documented);
  const got = typeOf(actual);
  if (expected === "null") return [];
  const key = path.slice(path.lastIndexOf(".") + 1);
  if (TIMESTAMPS.has(key) && (got === "number" || got === "string")) return [];
  if (PAGING_LINKS.has(key) && (got === "null" || got === "string")) return [];
  if (expected !== got) return [`${path}: documented ${expected}, got ${got}`];
  if (expected === "array") {
    const sample = (documented as Json[])[0];
    if (sample === undefined) return [];
    return (actual as Json[]).flatMap((item, i) =>
      structureDifferences(item, sample, { allowExtra, path: `${path}[${i}]` }),
    );
  }
  if (expected !== "object") return [];
  const a = actual as Record<string, Json>;
  const d = documented as Record<string, Json>;
  const missing = Object.keys(d)
    .filter((key) => !(key in a))
    .map((key) => `${path}.${key}: documented, missing`);
  const extra = Object.keys(a)
    .filter(
      (key) => !(key in d) && !allowExtra.includes(`${path.replace(/\[\d+\]/g, "[]")}.${key}`),
    )
    .map((key) => `${path}.${key}: not documented`);
  const nested = Object.keys(d)
    .filter((key) => key in a)
    .flatMap((key) => structureDifferences(a[key], d[key], { allowExtra, path: `${path}.${key}` }));
  return [...missing, ...extra, ...nested];
}
