/** The seeded recipes' numbers agree with each other, as a support person reading the Recipes and Jobs tabs sees them. */
import { describe, expect, it } from 'vitest'
import { makeCustomer, makeJobs, makeWorkspace } from '../../../electron/emulator/seed'

describe('seeded recipes', () => {
  for (const seed of [1, 42, 20_260_101]) {
    it(`seed ${seed}: never-run recipes have no jobs; lifetime counts cover the recent jobs list`, () => {
      let neverRun = 0
      let ran = 0
      for (let seq = 1; seq <= 60; seq++) {
        const ws = makeWorkspace(seed, seq, makeCustomer(seed, seq))
        for (const r of ws.recipes.values()) {
          const recent = makeJobs(seed, r)
          if (r.last_run_at === null) {
            neverRun++
            expect([r.job_succeeded_count, r.job_failed_count, recent.length]).toEqual([0, 0, 0])
          } else {
            ran++
            expect(r.job_failed_count).toBeGreaterThanOrEqual(recent.filter((j) => j.status === 'failed').length)
            expect(r.job_succeeded_count).toBeGreaterThanOrEqual(recent.filter((j) => j.status === 'succeeded').length)
          }
        }
      }
      // Both kinds exist, so the checks above ran on each.
      expect(neverRun).toBeGreaterThan(0)
      expect(ran).toBeGreaterThan(0)
    })
  }
  it('is deterministic: the same seed builds the same recipes', () => {
    const a = makeWorkspace(7, 3, makeCustomer(7, 3))
    const b = makeWorkspace(7, 3, makeCustomer(7, 3))
    expect([...a.recipes.values()]).toEqual([...b.recipes.values()])
  })
})
