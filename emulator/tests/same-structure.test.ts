import { describe, expect, it } from "vitest";
import { fixture, sameStructure, structureDiff } from "./support/same-structure";

// The helper the structure checks rely on must itself catch what it is meant to catch.

describe("sameStructure", () => {
  it("accepts the same keys and JSON types, whatever the values and array lengths", () => {
    expect(
      sameStructure({ a: 1, b: ["x", "y"], c: { d: true } }, { a: 2, b: ["z"], c: { d: false } }),
    ).toBe(true);
    // Signal bodies differ by signal, so they are compared as opaque objects.
    expect(sameStructure(fixture("signals-page-2"), fixture("signals-page-1"))).toBe(false);
    expect(
      sameStructure(fixture("signals-page-2"), fixture("signals-page-1"), { opaque: ["body"] }),
    ).toBe(true);
  });

  it("reports missing keys, added keys and changed types, with their paths", () => {
    expect(structureDiff({ a: 1 }, { a: 1, b: 2 })).toEqual(["$.b: missing"]);
    expect(structureDiff({ a: 1, z: 0 }, { a: 1 })).toEqual(["$.z: not in the example"]);
    expect(structureDiff({ a: "1" }, { a: 1 })).toEqual([
      "$.a: string where the example has number",
    ]);
    expect(structureDiff({ a: [{ b: 1 }] }, { a: [{ b: "x" }] })).toEqual([
      "$.a[0].b: number where the example has string",
    ]);
    expect(structureDiff({ errors: [{ status: 400 }] }, fixture("error-v3"))).toContain(
      "$.errors[0].status: number where the example has string",
    );
  });

  it("honours opaque and extra keys only where asked", () => {
    expect(sameStructure({ body: { x: 1 } }, { body: { y: 2 } }, { opaque: ["body"] })).toBe(true);
    expect(sameStructure({ body: [] }, { body: {} }, { opaque: ["body"] })).toBe(false);
    expect(sameStructure({ a: 1, resolution: {} }, { a: 1 }, { extra: ["resolution"] })).toBe(true);
    expect(sameStructure({ next: null }, { next: "x" })).toBe(true);
    expect(sameStructure({ other: null }, { other: "x" })).toBe(false);
  });

  it("takes a null in the example as a wildcard nowhere, not even on a paging link", () => {
    // A paging link is a string or null (contract 4.1): those two match each other there.
    expect(sameStructure({ next: "/v3/x?page=2" }, { next: null })).toBe(true);
    expect(sameStructure({ next: null }, { next: null })).toBe(true);
    // Anything else where the example has null is a difference.
    expect(structureDiff({ next: 2 }, { next: null })).toEqual([
      "$.next: number where the example has null",
    ]);
    expect(structureDiff({ next: { href: "x" } }, { next: null })).toEqual([
      "$.next: object where the example has null",
    ]);
    expect(structureDiff({ vin: "x" }, { vin: null })).toEqual([
      "$.vin: string where the example has null",
    ]);
  });

  it("accepts no item where the example's array is empty", () => {
    expect(structureDiff({ data: [] }, { data: [] })).toEqual([]);
    expect(structureDiff({ data: [{ id: "x" }] }, { data: [] })).toEqual([
      "$.data: the example's array is empty, nothing to compare with",
    ]);
  });
});
