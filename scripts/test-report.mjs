/**
 * How `npm test` (scripts/test.mjs) reads its runners' JSON reports and names each step's outcome. Kept apart
 * so it can be tested (test/unit/node/test-report.test.ts).
 */

/** Vitest's JSON reporter output → counts. */
export function vitestCounts(report) {
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    flaky: [],
  }
}

/** Playwright's JSON reporter output → counts, plus the specs that failed once and passed on retry. */
export function playwrightCounts(report) {
  const flaky = []
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) if (t.status === 'flaky') flaky.push(`${spec.file}:${spec.line} › ${[...titles, spec.title].join(' › ')}`)
    }
    for (const child of suite.suites ?? []) walk(child, child.title && !child.title.endsWith('.ts') ? [...titles, child.title] : titles)
  }
  for (const suite of report.suites ?? []) walk(suite, [])
  const s = report.stats ?? {}
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0, flaky }
}

/**
 * The word printed after a step. A test step that exits 0 having run nothing (every spec skipped, as the Electron
 * E2E specs are without the Electron binary, or no report at all) passed nothing: it is "skipped", not "ok".
 * `counts` is null when the step is a test step that left no report, undefined when it runs no tests (lint, build).
 */
export function stepStatus({ status, signal, counts }) {
  if (status !== 0) return `FAILED (exit ${status ?? signal})`
  if (counts === undefined) return 'ok'
  if (counts === null) return 'skipped (ran no test: no report)'
  if (counts.passed === 0 && counts.failed === 0) return `skipped (ran no test${counts.skipped ? `; ${counts.skipped} skipped` : ''})`
  return 'ok'
}
