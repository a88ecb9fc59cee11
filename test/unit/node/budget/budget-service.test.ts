/** The budget snapshot and its throttled event (issue 13). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBudgetService } from '../../../../electron/core/budget/budget-service'
import { CallPacerRegistry } from '../../../../electron/core/workato/call-pacer'
import type { BudgetSnapshot } from '../../../../shared/contract/budget'
import { budgetSnapshotSchema } from '../../../../shared/contract/budget'

describe('budget service', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function setup(share = 0.5) {
    const events: BudgetSnapshot[] = []
    let onChange = (_id: string) => {}
    const limiters = new CallPacerRegistry(
      { overrides: { customers: { limit: 4, windowMs: 10_000 } } },
      { now: () => Date.now(), marginMs: 0, share: () => share, onChange: (id) => onChange(id) },
    )
    const budget = createBudgetService({
      limiters,
      events: { emit: (event, payload) => event === 'budget' && events.push(payload as BudgetSnapshot) },
      now: () => Date.now(),
    })
    onChange = (id) => budget.changed(id)
    return { limiters, budget, events }
  }

  it('answers budget:get with a valid snapshot: share, allowed, used and who waits', async () => {
    const { limiters, budget } = setup()
    const pacer = limiters.for('p1')
    await pacer.acquire('customers', undefined, undefined, 'Directory refresh: GET /api/managed_users')
    await pacer.acquire('customers', undefined, undefined, 'Directory refresh: GET /api/managed_users')
    void pacer.acquire('customers', undefined, undefined, 'Directory refresh: GET /api/managed_users')
    const snap = budgetSnapshotSchema.parse(await budget.handlers['budget:get']({ profileId: 'p1' }, { signal: new AbortController().signal }))
    expect(snap).toMatchObject({ profileId: 'p1', share: 0.5, limitsOff: false })
    // The family that waits comes first.
    expect(snap.families[0]).toMatchObject({
      family: 'customers',
      limit: 4,
      allowed: 2,
      used: 2,
      queued: 1,
      waiting: { caller: 'Directory refresh: GET /api/managed_users', reason: 'window', remainingMs: 10_000 },
    })
    budget.dispose()
  })

  it('sends at most one event per 250 ms however many calls go out, then one more when the window frees', async () => {
    const { limiters, budget, events } = setup(1)
    const pacer = limiters.for('p1')
    for (let i = 0; i < 4; i++) await pacer.acquire('customers')
    expect(events).toHaveLength(1) // the first change at once
    await vi.advanceTimersByTimeAsync(250)
    expect(events).toHaveLength(2) // the rest folded into one, at the end of the interval
    expect(events.at(-1)?.families[0]).toMatchObject({ family: 'customers', used: 4 })
    await vi.advanceTimersByTimeAsync(10_000)
    // The window aged out with no call made: the indicator hears the slots are free again.
    expect(events.at(-1)?.families.find((f) => f.family === 'customers')).toMatchObject({ used: 0 })
    budget.dispose()
  })

  it('says when limits are off', () => {
    const budget = createBudgetService({ limiters: new CallPacerRegistry('off'), events: { emit: () => {} } })
    expect(budget.snapshot('p1')).toMatchObject({ limitsOff: true, families: [] })
  })
})

describe('budget for a profile that never called', () => {
  it('answers an idle budget without keeping a pacer for it', () => {
    const limiters = new CallPacerRegistry('documented', { share: () => 0.25 })
    const budget = createBudgetService({ limiters, events: { emit: () => {} } })
    const snap = budget.snapshot('never-used')
    expect(snap.share).toBe(0.25)
    expect(snap.families.every((f) => f.used === 0 && f.queued === 0)).toBe(true)
    expect(snap.families.find((f) => f.family === 'customers')).toMatchObject({ limit: 60, allowed: 15 })
    // Still the same registry: a later real call makes the profile's own pacer, which starts empty.
    expect(limiters.peek('never-used')).not.toBe(limiters.peek('never-used'))
  })
})
