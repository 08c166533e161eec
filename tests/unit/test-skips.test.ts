import { describe, expect, it } from "vitest";
import { unexplainedPlaywrightSkips, unexplainedVitestSkips } from "../../scripts/test-skips.mjs";

// `npm test` fails on a skipped test unless the skip names the issue it waits for.

describe("skipped tests", () => {
  it("a Vitest skip without an issue is reported; one naming an issue, or a run test, is not", () => {
    const report = {
      testResults: [
        {
          assertionResults: [
            { status: "skipped", fullName: "webhooks stores a delivery" },
            { status: "todo", fullName: "retention prunes old rows" },
            { status: "skipped", fullName: "waits for Smartcar's fix (issue #23)" },
            { status: "passed", fullName: "works" },
            { status: "failed", fullName: "broken" },
          ],
        },
      ],
    };
    expect(unexplainedVitestSkips(report, "unit tests")).toEqual([
      "unit tests: webhooks stores a delivery",
      "unit tests: retention prunes old rows",
    ]);
    expect(unexplainedVitestSkips(null, "unit tests")).toEqual([]);
  });

  it("a Playwright skip is explained by its title or its annotation", () => {
    const report = {
      suites: [
        {
          title: "vehicles.spec.ts",
          specs: [
            { title: "unlock", tests: [{ status: "skipped", annotations: [] }] },
            {
              title: "lock",
              tests: [{ status: "skipped", annotations: [{ type: "skip", description: "#19" }] }],
            },
            { title: "refresh", tests: [{ status: "expected", annotations: [] }] },
          ],
          suites: [
            { title: "inner", specs: [{ title: "charge", tests: [{ status: "skipped" }] }] },
          ],
        },
      ],
    };
    expect(unexplainedPlaywrightSkips(report)).toEqual([
      "end-to-end: vehicles.spec.ts > unlock",
      "end-to-end: vehicles.spec.ts > inner > charge",
    ]);
  });
});
