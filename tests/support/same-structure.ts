// Compares the structure of two JSON documents: the same keys, with the same JSON types, at every
// level. Array items are compared with the documented example's first item. Nothing in an example
// is a wildcard: where it has `null`, an answer must have `null` too, unless the caller names the
// field's documented types (`documentedTypes`); where it has an empty array, an answer must have
// an array whose items match the example the caller gives for it (`items`), or no item at all. A
// timestamp may be a number or a string, since Smartcar's pages document both
// (docs/smartcar-contract.md, 6.1). Returns the differences.

const TIMESTAMPS = new Set([
  "retrievedAt",
  "oemUpdatedAt",
  "fetchedAt",
  "ingestedAt",
  "deliveredAt",
]);

export type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Paging links: a string, or `null` at either end of the list (docs/smartcar-contract.md, 4.1).
 * For the envelopes of `GET /v3/connections` and `GET /v3/vehicles/{id}/signals`.
 */
export const PAGING_LINKS: Record<string, JsonType[]> = {
  "$.links.prev": ["string", "null"],
  "$.links.previous": ["string", "null"],
  "$.links.next": ["string", "null"],
};

export type StructureOptions = {
  /** Keys an answer may add, by their path from the root (e.g. "$.errors[].resolution"). */
  allowExtra?: string[];
  /**
   * Fields whose documented types are more than the example shows, by path (array indices as
   * `[]`): an answer's value there may be of any of these types. Each caller names its source.
   */
  documentedTypes?: Record<string, JsonType[]>;
  /** The example of one item, for an array the documented example shows empty, by path. */
  items?: Record<string, unknown>;
};

const typeOf = (value: unknown): JsonType =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "array"
      : (typeof value as "boolean" | "number" | "string" | "object");

/** The path with every array index as `[]`, as options name it. */
const pattern = (path: string) => path.replace(/\[\d+\]/g, "[]");

export function structureDifferences(
  actual: unknown,
  documented: unknown,
  options: StructureOptions = {},
  path = "$",
): string[] {
  const { allowExtra = [], documentedTypes = {}, items = {} } = options;
  const expected = typeOf(documented);
  const got = typeOf(actual);
  const key = path.slice(path.lastIndexOf(".") + 1);
  if (TIMESTAMPS.has(key) && (got === "number" || got === "string")) return [];
  const allowed = documentedTypes[pattern(path)];
  if (allowed) {
    if (!allowed.includes(got)) return [`${path}: documented ${allowed.join(" or ")}, got ${got}`];
    // A value of another documented type than the example's: its type is all the example shows.
    if (got !== expected) return [];
  } else if (expected !== got) {
    return [`${path}: documented ${expected}, got ${got}`];
  }
  if (expected === "array") {
    const documentedItems = documented as Json[];
    const sample =
      documentedItems.length > 0 ? documentedItems[0] : (items[pattern(path)] as Json | undefined);
    const answered = actual as Json[];
    if (sample === undefined)
      return answered.length
        ? [`${path}: documented an empty array and no item example, got ${answered.length} items`]
        : [];
    return answered.flatMap((item, i) =>
      structureDifferences(item, sample, options, `${path}[${i}]`),
    );
  }
  if (expected !== "object") return [];
  const a = actual as Record<string, Json>;
  const d = documented as Record<string, Json>;
  const missing = Object.keys(d)
    .filter((key) => !(key in a))
    .map((key) => `${path}.${key}: documented, missing`);
  const extra = Object.keys(a)
    .filter((key) => !(key in d) && !allowExtra.includes(`${pattern(path)}.${key}`))
    .map((key) => `${path}.${key}: not documented`);
  const nested = Object.keys(d)
    .filter((key) => key in a)
    .flatMap((key) => structureDifferences(a[key], d[key], options, `${path}.${key}`));
  return [...missing, ...extra, ...nested];
}
