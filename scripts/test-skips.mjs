// Skipped tests that do not say why: `npm test` (scripts/test.mjs) fails on them. A skip is
// allowed only when its title (or, in Playwright, its annotation) names the issue it waits for.

const NAMES_AN_ISSUE = /(?:issue\s*)?#\d+/i;

/** Skipped tests of a Vitest JSON report that name no issue, as "label: full name". */
export function unexplainedVitestSkips(report, label) {
  return (report?.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => ["pending", "skipped", "todo"].includes(test.status))
      .filter((test) => !NAMES_AN_ISSUE.test(test.fullName ?? test.title ?? ""))
      .map((test) => `${label}: ${test.fullName ?? test.title}`),
  );
}

/** Skipped tests of a Playwright JSON report that name no issue, title nor annotation. */
export function unexplainedPlaywrightSkips(report) {
  const walk = (suites = [], titles = []) =>
    suites.flatMap((suite) => {
      const path = [...titles, suite.title].filter(Boolean);
      return [
        ...(suite.specs ?? []).flatMap((spec) =>
          (spec.tests ?? [])
            .filter((test) => test.status === "skipped")
            .filter((test) => {
              const why = (test.annotations ?? []).map((a) => a.description ?? "").join(" ");
              return !NAMES_AN_ISSUE.test(`${spec.title} ${why}`);
            })
            .map(() => `end-to-end: ${[...path, spec.title].join(" > ")}`),
        ),
        ...walk(suite.suites, path),
      ];
    });
  return walk(report?.suites);
}
