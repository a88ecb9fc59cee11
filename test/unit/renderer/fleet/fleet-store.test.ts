/**
 * The fleet store: the sweep's status follows `fleetSweep` events of the active profile, problems reload when a
 * sweep ends, filters narrow the sorted list, and "changed" means first seen after the customer's previous check.
 */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ProblemsResult, SweepStatus } from '@shared/contract/fleet'
import type { Problem } from '@shared/domain/health'
import { useFleetStore } from '@/stores/fleet'
import { installFakeBridge } from '../../../support/fake-bridge'

const fake = installFakeBridge()

const status = (over: Partial<SweepStatus> = {}): SweepStatus => ({
  profileId: 'p1',
  state: 'idle',
  startedAt: null,
  finishedAt: null,
  total: 0,
  done: 0,
  failed: 0,
  etaSeconds: null,
  pace: [],
  wait: null,
  message: null,
  resumable: false,
  ...over,
})
const problem = (over: Partial<Problem> & { key: string }): Problem => ({
  kind: 'recipe_stopped_by_cause',
  severity: 'high',
  customerId: 1,
  customerName: 'Acme',
  plan: 'free',
  targetType: 'recipe',
  targetId: 10,
  targetName: 'R',
  provider: 'salesforce',
  since: '2026-01-01T00:00:00.000Z',
  firstSeenAt: '2026-01-01T00:00:00.000Z',
  sentence: 'Recipe "R" was stopped by Workato.',
  tab: 'recipes',
  recipeIds: [10],
  ...over,
})

let result: ProblemsResult
beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
  result = { problems: [], customers: [], failures: [], previousSweepAt: null }
  fake.answer('fleet:sweepStatus', () => status())
  fake.answer('fleet:problems', () => result)
})

describe('fleet store', () => {
  it('follows the sweep of the active profile and reloads problems when it ends', async () => {
    const s = useFleetStore()
    await s.open('p1')
    expect(s.status?.state).toBe('idle')
    fake.emit('fleetSweep', status({ profileId: 'other', state: 'running', total: 5 }))
    expect(s.status?.state).toBe('idle')
    fake.emit('fleetSweep', status({ state: 'running', total: 5, done: 2 }))
    expect(s.running).toBe(true)
    result = {
      ...result,
      problems: [problem({ key: 'k1' })],
      customers: [
        { customerId: 1, checkedAt: '2026-01-02T00:00:00.000Z', previousCheckedAt: null, source: 'sweep', problems: 1, worst: 'high', error: null },
      ],
    }
    const before = fake.requestsOf('fleet:problems').length
    fake.emit('fleetSweep', status({ state: 'done', total: 5, done: 5 }))
    await expect.poll(() => s.problems.length).toBe(1)
    expect(fake.requestsOf('fleet:problems').length).toBeGreaterThan(before)
    expect(s.customers.get(1)?.worst).toBe('high')
  })

  it('marks a problem changed when first seen after the previous check, and filters to those', async () => {
    result = {
      ...result,
      problems: [
        problem({ key: 'old', customerId: 1, firstSeenAt: '2026-01-01T00:00:00.000Z' }),
        problem({ key: 'new', customerId: 1, firstSeenAt: '2026-01-03T00:00:00.000Z', severity: 'critical' }),
        problem({ key: 'first', customerId: 2, firstSeenAt: '2026-01-03T00:00:00.000Z' }),
      ],
      customers: [
        {
          customerId: 1,
          checkedAt: '2026-01-03T00:00:00.000Z',
          previousCheckedAt: '2026-01-02T00:00:00.000Z',
          source: 'sweep',
          problems: 2,
          worst: 'critical',
          error: null,
        },
        { customerId: 2, checkedAt: '2026-01-03T00:00:00.000Z', previousCheckedAt: null, source: 'sweep', problems: 1, worst: 'high', error: null },
      ],
    }
    const s = useFleetStore()
    await s.open('p1')
    expect([...s.changed]).toEqual(['new'])
    expect(s.visible.map((p) => p.key)).toEqual(['new', 'old', 'first'])
    s.filters = { ...s.filters, changedOnly: true }
    expect(s.visible.map((p) => p.key)).toEqual(['new'])
  })

  it('starts and cancels through core, and says why when it cannot', async () => {
    const s = useFleetStore()
    await s.open('p1')
    fake.answer('fleet:sweepStart', (req) => status({ state: 'running', startedAt: req.restart ? 'new' : 'old' }))
    await s.start(false)
    expect(s.status?.startedAt).toBe('old')
    fake.fail('fleet:sweepCancel', { code: 'internal', message: 'The sweep could not be stopped.' })
    await s.cancel()
    expect(s.actionError).toContain('could not be stopped')
  })
})
