import { describe, expect, it } from "vitest";
import { PAGING_LINKS, structureDifferences } from "../support/same-structure";

// The structure check the emulator contract tests rely on (tests/support/same-structure.ts): an
// example's `null` or empty array is no wildcard. It used to be: the refusals of values under an
// example's null, of items under its empty array, and of paging links were all accepted.

describe("structureDifferences", () => {
  it("accepts the same keys and types, and refuses another type or a missing or extra key", () => {
    const example = { a: 1, b: ["x"], c: { d: true } };
    expect(structureDifferences({ a: 2, b: ["y", "z"], c: { d: false } }, example)).toEqual([]);
    expect(structureDifferences({ a: "2", b: ["y"], c: { d: false } }, example)).toEqual([
      "$.a: documented number, got string",
    ]);
    expect(structureDifferences({ a: 2, b: [1], c: {} }, example)).toEqual([
      "$.b[0]: documented string, got number",
      "$.c.d: documented, missing",
    ]);
    expect(structureDifferences({ a: 2, b: [], c: { d: true, e: 1 } }, example)).toEqual([
      "$.c.e: not documented",
    ]);
  });

  describe("an example's null", () => {
    const example = { id: "x", body: null };

    it("accepts null", () => {
      expect(structureDifferences({ id: "y", body: null }, example)).toEqual([]);
    });

    it("refuses any other value unless the field's documented types are named", () => {
      expect(structureDifferences({ id: "y", body: { value: 1 } }, example)).toEqual([
        "$.body: documented null, got object",
      ]);
      expect(structureDifferences({ id: "y", body: "text" }, example)).toEqual([
        "$.body: documented null, got string",
      ]);
      expect(structureDifferences({ id: "y", body: [] }, example)).toEqual([
        "$.body: documented null, got array",
      ]);
    });

    it("accepts a named documented type, and only that one, at that path only", () => {
      const documentedTypes = { "$.body": ["object" as const, "null" as const] };
      expect(
        structureDifferences({ id: "y", body: { value: 1 } }, example, { documentedTypes }),
      ).toEqual([]);
      expect(structureDifferences({ id: "y", body: null }, example, { documentedTypes })).toEqual(
        [],
      );
      expect(structureDifferences({ id: "y", body: 3 }, example, { documentedTypes })).toEqual([
        "$.body: documented object or null, got number",
      ]);
      // The same key elsewhere is not covered.
      expect(
        structureDifferences(
          { inner: { body: { value: 1 } } },
          { inner: { body: null } },
          {
            documentedTypes,
          },
        ),
      ).toEqual(["$.inner.body: documented null, got object"]);
    });
  });

  describe("an example's empty array", () => {
    const example = { data: [] };

    it("accepts an empty array, and refuses what is not an array", () => {
      expect(structureDifferences({ data: [] }, example)).toEqual([]);
      expect(structureDifferences({ data: {} }, example)).toEqual([
        "$.data: documented array, got object",
      ]);
      expect(structureDifferences({ data: null }, example)).toEqual([
        "$.data: documented array, got null",
      ]);
    });

    it("refuses items when no item example is given", () => {
      expect(structureDifferences({ data: [{ anything: true }] }, example)).toEqual([
        "$.data: documented an empty array and no item example, got 1 items",
      ]);
    });

    it("checks each item against the item example given for that path", () => {
      const items = { "$.data": { id: "x", count: 1 } };
      expect(
        structureDifferences(
          {
            data: [
              { id: "a", count: 2 },
              { id: "b", count: 3 },
            ],
          },
          example,
          {
            items,
          },
        ),
      ).toEqual([]);
      expect(
        structureDifferences({ data: [{ id: "a", count: 2 }, { id: 7 }] }, example, { items }),
      ).toEqual([
        "$.data[1].count: documented, missing",
        "$.data[1].id: documented string, got number",
      ]);
    });
  });

  describe("paging links (docs/smartcar-contract.md, 4.1)", () => {
    it("a link the example shows as a string may be null only when PAGING_LINKS is named", () => {
      const example = { links: { next: "/vehicles/v/signals?page=2", previous: null } };
      const lastPage = { links: { next: null, previous: "/vehicles/v/signals?page=1" } };
      expect(structureDifferences(lastPage, example)).toEqual([
        "$.links.next: documented string, got null",
        "$.links.previous: documented null, got string",
      ]);
      expect(structureDifferences(lastPage, example, { documentedTypes: PAGING_LINKS })).toEqual(
        [],
      );
      expect(
        structureDifferences({ links: { next: 2, previous: null } }, example, {
          documentedTypes: PAGING_LINKS,
        }),
      ).toEqual(["$.links.next: documented string or null, got number"]);
    });
  });

  it("a timestamp may be a number or a string (docs/smartcar-contract.md, 6.1), nothing else", () => {
    const example = { meta: { retrievedAt: 1696156800 } };
    expect(
      structureDifferences({ meta: { retrievedAt: "2023-10-01T10:40:00Z" } }, example),
    ).toEqual([]);
    expect(structureDifferences({ meta: { retrievedAt: null } }, example)).toEqual([
      "$.meta.retrievedAt: documented number, got null",
    ]);
  });
});
