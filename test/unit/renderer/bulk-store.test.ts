/** The bulk screen's store: the triage hand-over link, and ordering a run's RPC answers against its events. */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { BulkRun, BulkRunTarget } from '@shared/contract/bulk'
import { parseTargetsQuery, useBulkStore } from '@/stores/bulk'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()

const target = (index: number, status: BulkRunTarget['status'] = 'pending'): BulkRunTarget => ({
  index,
  customerId: 1,
  customerName: 'Acme',
  recipeId: 10 + index,
  recipeName: `R${index}`,
  status,
  problems: [],
  configErrors: null,
  errorCode: null,
  at: null,
})

function run(seq: number, targets = [target(0), target(1)]): BulkRun {
  return {
    runId: 'run-00000001',
    profileId: 'p1',
    action: 'start',
    source: 'test',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    seq,
    state: 'running',
    note: null,
    targets,
    counts: { pending: 2, in_flight: 0, succeeded: 0, already: 0, refused: 0, failed: 0, skipped: 0 },
    wait: null,
    etaMs: null,
    pace: null,
  }
}

function event(seq: number, changed: BulkRunTarget[]) {
  const { targets: _t, ...summary } = run(seq)
  return { ...summary, changed }
}

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

describe('parseTargetsQuery', () => {
  it('reads customer:recipe pairs and drops duplicates and junk', () => {
    expect(parseTargetsQuery('1:11, 2:21,1:11,x:1,3:-4,0:5')).toEqual([
      { customerId: 1, recipeId: 11 },
      { customerId: 2, recipeId: 21 },
    ])
    expect(parseTargetsQuery(undefined)).toEqual([])
    expect(parseTargetsQuery(['1:2'])).toEqual([])
  })
})

describe('bulk store', () => {
  it('applies events in order, ignores an older one, and reads the run again after a missed one', async () => {
    fake.answer('bulk:status', () => ({ run: run(3) }))
    const s = useBulkStore()
    await s.open('p1')
    expect(s.run?.seq).toBe(3)
    fake.emit('bulkRun', event(4, [target(0, 'succeeded')]))
    expect(s.run?.targets.map((t) => t.status)).toEqual(['succeeded', 'pending'])
    fake.emit('bulkRun', event(4, [target(0, 'in_flight')]))
    expect(s.run?.targets[0]?.status).toBe('succeeded')
    fake.emit('bulkRun', event(7, [target(1, 'succeeded')]))
    await Promise.resolve()
    expect(fake.requestsOf('bulk:status')).toHaveLength(2)
  })

  it('an RPC answer older than the events already applied does not undo them', async () => {
    fake.answer('bulk:status', () => ({ run: null }))
    fake.answer('bulk:plan', () => ({
      planId: 'run-00000001',
      profileId: 'p1',
      action: 'start',
      source: 'test',
      createdAt: '2026-01-01T00:00:00.000Z',
      rows: [],
      counts: { act: 2, not_ready: 0, already: 0, missing: 0, unreadable: 0 },
      customersFailed: 0,
    }))
    const s = useBulkStore()
    await s.open('p1')
    await s.makePlan('start', { kind: 'ready', customerQuery: '' })
    // The events of the run get here before the answer to bulk:run that started it.
    fake.answer('bulk:run', () => {
      s.run = run(2, [target(0, 'succeeded'), target(1, 'in_flight')])
      return run(0)
    })
    await s.start(false, 2)
    expect(s.run?.targets.map((t) => t.status)).toEqual(['succeeded', 'in_flight'])
    expect(fake.requestsOf('bulk:run')).toEqual([{ profileId: 'p1', planId: 'run-00000001', includeNotReady: false, confirmCount: 2 }])
  })
})
