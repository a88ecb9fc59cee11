/** `npm test`'s step outcomes (scripts/test-report.mjs): a step that ran no test must not read as "ok". */
import { describe, expect, it } from 'vitest'
import { playwrightCounts, stepStatus, vitestCounts } from '../../../scripts/test-report.mjs'

describe('stepStatus', () => {
  it('says "skipped" for a Playwright step whose every spec skipped (Electron E2E without the binary)', () => {
    const counts = playwrightCounts({ stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 5 }, suites: [] })
    expect(stepStatus({ status: 0, counts })).toBe('skipped (ran no test; 5 skipped)')
  })

  it('says "skipped" for a test step that exited 0 without writing a report', () => {
    expect(stepStatus({ status: 0, counts: null })).toBe('skipped (ran no test: no report)')
  })

  it('says "ok" when tests ran and passed, and for steps that run no tests (lint, build)', () => {
    expect(stepStatus({ status: 0, counts: vitestCounts({ numPassedTests: 3, numFailedTests: 0, numPendingTests: 1 }) })).toBe('ok')
    expect(stepStatus({ status: 0, counts: undefined })).toBe('ok')
  })

  it('says FAILED with the exit code or signal whatever the counts', () => {
    expect(stepStatus({ status: 1, counts: vitestCounts({ numPassedTests: 0, numFailedTests: 2 }) })).toBe('FAILED (exit 1)')
    expect(stepStatus({ status: null, signal: 'SIGKILL', counts: null })).toBe('FAILED (exit SIGKILL)')
  })
})

describe('playwrightCounts', () => {
  it('counts a spec that passed on retry as passed and names it as flaky', () => {
    const report = {
      stats: { expected: 1, unexpected: 0, flaky: 1, skipped: 0 },
      suites: [{ title: 'a.spec.ts', specs: [{ file: 'a.spec.ts', line: 7, title: 'opens', tests: [{ status: 'flaky' }] }], suites: [] }],
    }
    expect(playwrightCounts(report)).toEqual({ passed: 2, failed: 0, skipped: 0, flaky: ['a.spec.ts:7 › opens'] })
  })
})
