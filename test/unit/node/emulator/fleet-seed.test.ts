/**
 * The Sandbox at fleet scale: a spread of problems that is the same for the same seed, covers every kind a health
 * sweep reports, carries Workato's documented fields (docs/workato.md §2.4, §3.3, §4.2, §4.3), and includes
 * customers whose recipes need more than one page.
 */
import { describe, expect, it } from 'vitest'
import { documentedStopCauseSchema, healthKinds, isTaskUsageNearLimit, problemKey } from '../../../../shared/domain/health-kinds'
import { countByKind, runScenario, seededTruth } from '../../../../electron/emulator/scenarios'
import { mulberry32 } from '../../../../electron/emulator/prng'
import { iso, jobStatusCounts, makeCustomer, makeJobs, makeWorkspace } from '../../../../electron/emulator/seed'
import { EmulatorState } from '../../../../electron/emulator/state'

const make = (seed: number, customers: number) => new EmulatorState({ seed, customers, vendorId: 'wevendor', vendorOrigins: [] })

describe('the seeded spread of problems', () => {
  it('is the same for the same seed and differs for another', { timeout: 30_000 }, () => {
    const a = seededTruth(make(11, 400)).map(problemKey)
    const b = seededTruth(make(11, 400)).map(problemKey)
    const other = seededTruth(make(12, 400)).map(problemKey)
    expect(a.length).toBeGreaterThan(100)
    expect(b).toEqual(a)
    expect(other).not.toEqual(a)
  })

  it('does not depend on which customers were opened first', { timeout: 30_000 }, () => {
    const touched = make(5, 400)
    // Open a few customers (workspaces are generated and kept), then ask for the truth.
    for (const c of touched.listCustomers().filter((_, i) => i % 37 === 0)) touched.workspace(c)
    expect(seededTruth(touched)).toEqual(seededTruth(make(5, 400)))
  })

  it('at 10,000 customers has every kind of problem', { timeout: 60_000 }, () => {
    const s = make(1, 10_000)
    const t0 = performance.now()
    const truth = seededTruth(s)
    // Reported, not asserted (wall clock): how long the truth of a 10,000-customer Sandbox takes to read.
    console.info(`truth of 10,000 customers: ${truth.length} problems in ${Math.round(performance.now() - t0)} ms`)
    // A rise needs an earlier observation, so the seed alone has none; one switch makes it appear.
    expect(countByKind(truth).failed_jobs_rising).toBe(0)
    const running = findRunningRecipe(s)
    expect(runScenario(s, { action: 'fail-jobs', customerId: running.customerId, recipeId: running.recipeId, count: 3 }).ok).toBe(true)
    const after = countByKind(seededTruth(s))
    for (const kind of healthKinds) expect(after[kind], kind).toBeGreaterThan(0)
    expect(after.failed_jobs_rising).toBe(1)
    // Realistic proportions: a minority of customers has a problem of a kind, and no kind floods the list.
    expect(truth.length).toBeLessThan(15_000)
  })

  it('has each documented stop cause, running recipes with failed jobs, unique ids and paging customers', { timeout: 30_000 }, () => {
    const s = make(1, 1200)
    const stopped = new Set<string | null>()
    let over10 = 0
    let over100 = 0
    let runningWithFailedJobs = 0
    const recipeIds = new Set<number>()
    for (const c of s.listCustomers()) {
      const ws = s.peekWorkspace(c)
      if (ws.recipes.size > 10) over10++
      if (ws.recipes.size > 100) over100++
      for (const r of ws.recipes.values()) {
        expect(recipeIds.has(r.id), `recipe id ${r.id} is used twice`).toBe(false)
        recipeIds.add(r.id)
        if (!r.running) stopped.add(r.stop_cause)
        if (r.running && r.job_failed_count > 0) runningWithFailedJobs++
      }
    }
    expect([...stopped].filter((x) => x !== null).sort()).toEqual([...documentedStopCauseSchema.options].sort())
    expect(runningWithFailedJobs).toBeGreaterThan(100)
    // §4.2: 10 recipes a page by default, 100 at most: one customer in 100 needs a second default page, one in
    // 1,000 (seq 137, 1137) a second page of 100.
    expect(over10).toBe(14) // the 12 at seq 23, 123, …, 1123 and the 2 with over 100
    expect(over100).toBe(2)
  })

  it('gives each problem the fields Workato documents for it', { timeout: 30_000 }, () => {
    const s = make(3, 600)
    const truth = seededTruth(s)
    for (const p of truth) {
      const c = s.getCustomer(p.customerId)
      if (!c) throw new Error(`no customer ${p.customerId}`)
      const ws = s.peekWorkspace(c)
      if (p.targetType === 'connection') {
        const conn = ws.connections.get(p.targetId)
        expect(conn?.authorization_status).not.toBe('success')
        // §3.3: a failed authorisation says why; a lost connection says when and why.
        expect(conn?.authorization_error).toBeTruthy()
        if (p.kind === 'connection_lost_in_use') expect([conn?.connection_lost_at, conn?.connection_lost_reason].every(Boolean)).toBe(true)
        if (p.kind === 'connection_unauthorized_in_use') expect(conn?.connection_lost_at).toBeNull()
        if (p.kind === 'default_connection_unauthorized_for_runtime_users')
          expect([...ws.connections.values()].some((x) => x.runtime && x.parent_id === p.targetId)).toBe(true)
        else expect([...ws.recipes.values()].some((r) => r.running && r.config.some((slot) => slot.account_id === p.targetId))).toBe(true)
      } else if (p.targetType === 'recipe') {
        const r = ws.recipes.get(p.targetId)
        expect(r?.running).toBe(false)
        expect(documentedStopCauseSchema.safeParse(r?.stop_cause).success).toBe(true)
      } else if (p.kind === 'task_usage_near_limit') expect(isTaskUsageNearLimit(c)).toBe(true)
      else expect(c.in_trial).toBe(true)
    }
  })

  it('keeps every other customer as it was: planted problems only change the customers they were drawn for', () => {
    // Customer #1 of seed 1 has no planted problem and no extra recipes; its workspace is the plain draw.
    const ws = makeWorkspace(1, 1, makeCustomer(1, 1))
    expect(ws.recipes.size).toBeLessThanOrEqual(8)
    // The paging customers sit at fixed positions, so the small browser-test Sandbox has them too.
    expect(makeWorkspace(1, 23, makeCustomer(1, 23)).recipes.size).toBeGreaterThan(10)
    expect(makeWorkspace(1, 137, makeCustomer(1, 137)).recipes.size).toBeGreaterThan(100)
  })
})

describe('jobStatusCounts', () => {
  it('counts what makeJobs builds, for every seeded recipe of a few hundred customers', { timeout: 30_000 }, () => {
    let recipes = 0
    for (let seq = 1; seq <= 250; seq++) {
      for (const r of makeWorkspace(9, seq, makeCustomer(9, seq)).recipes.values()) {
        const jobs = makeJobs(9, r)
        const bad = jobs.filter((j) => j.status === 'failed').length
        expect(jobStatusCounts(9, r)).toEqual({ ok: jobs.length - bad, bad })
        recipes++
      }
    }
    expect(recipes).toBeGreaterThan(1000)
  })
})

function findRunningRecipe(s: EmulatorState): { customerId: number; recipeId: number } {
  for (const c of s.listCustomers()) {
    for (const r of s.workspace(c).recipes.values()) if (r.running) return { customerId: c.id, recipeId: r.id }
  }
  throw new Error('no running recipe')
}

describe('iso', () => {
  it('formats exactly like Date#toISOString across the fixtures’ range', () => {
    const rng = mulberry32(3)
    const from = Date.parse('2023-01-01T00:00:00.000Z')
    const to = Date.parse('2027-01-01T00:00:00.000Z')
    for (let i = 0; i < 20_000; i++) {
      const ms = from + Math.floor(rng() * (to - from))
      expect(iso(ms)).toBe(new Date(ms).toISOString())
    }
    for (const edge of [from, to - 1, Date.parse('2024-02-29T23:59:59.999Z')]) expect(iso(edge)).toBe(new Date(edge).toISOString())
  })
})
