import { mkdtemp, rm, appendFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { appError } from '../../../../shared/errors'
import type { Connection, Customer, Recipe } from '../../../../shared/domain/workato'
import { sweepStatusSchema, type SweepStatus } from '../../../../shared/contract/fleet'
import { HealthStore } from '../../../../electron/core/fleet/health-store'
import { Sweep, type SweepClock, type SweepDeps } from '../../../../electron/core/fleet/sweep'

/** Virtual time: a sleep moves the clock on at once, so pauses cost nothing and are still measured. */
function fakeClock(start = Date.parse('2026-01-10T12:00:00Z')): SweepClock & { slept: number[] } {
  let t = start
  const slept: number[] = []
  return {
    slept,
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal.aborted) throw appError('cancelled', 'Cancelled.')
      slept.push(ms)
      t += ms
    },
  }
}

const customers: Customer[] = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `Customer ${i + 1}`, plan_id: 'business', in_trial: false }))
const recipesOf = (id: number, failed = 0): Recipe[] => [{ id: id * 100, name: `R${id}`, running: true, job_failed_count: failed, config: [] }]

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ec-sweep-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function sweepWith(over: Partial<SweepDeps> & { reads?: number[] }, store = new HealthStore(dir)) {
  const statuses: SweepStatus[] = []
  const reads = over.reads ?? []
  const deps: SweepDeps = {
    profileId: 'p1',
    store,
    customers: async () => customers,
    read: async (id) => {
      reads.push(id)
      return { connections: [] as Connection[], recipes: recipesOf(id) }
    },
    budget: () => ({ perMinute: 500, available: 0 }),
    onStatus: (s) => statuses.push(s),
    clock: fakeClock(),
    concurrency: 3,
    ...over,
  }
  return { sweep: new Sweep(deps), statuses, reads, store }
}

describe('health sweep', () => {
  it('reads every customer once, stalest first, and keeps the result on disk', async () => {
    const { sweep, reads } = sweepWith({ concurrency: 1 })
    await sweep.start()
    await sweep.settled()
    expect(reads).toEqual(customers.map((c) => c.id))
    expect(sweep.status()).toMatchObject({ state: 'done', done: 12, total: 12, failed: 0, resumable: false })
    const reopened = new HealthStore(dir)
    await reopened.load()
    expect(reopened.size).toBe(12)
    expect(reopened.getRun()?.state).toBe('done')

    // A new run goes stalest first: touch customer 5 now, so it comes last.
    const clock = fakeClock(Date.parse('2026-01-11T00:00:00Z'))
    const second = sweepWith({ concurrency: 1, clock }, reopened)
    const five = reopened.get(5)
    if (!five) throw new Error('customer 5 missing')
    await reopened.record({ ...five, checkedAt: '2026-01-10T23:00:00.000Z' })
    await second.sweep.start(true)
    await second.sweep.settled()
    expect(second.reads.at(-1)).toBe(5)
  })

  it('a 429 storm pauses the sweep with its reason, then every customer is read: none skipped, none failed', async () => {
    let storm = 9
    const clock = fakeClock()
    const { sweep, statuses, reads } = sweepWith({
      clock,
      read: async (id) => {
        if (storm-- > 0) throw appError('rate_limited', 'Too many requests (429)', { status: 429 })
        reads.push(id)
        return { connections: [], recipes: recipesOf(id) }
      },
      maxAttempts: 10,
    })
    await sweep.start()
    await sweep.settled()
    const paused = statuses.find((s) => s.state === 'paused')
    expect(paused?.wait?.reason).toContain('429')
    expect(clock.slept.length).toBeGreaterThan(0)
    expect([...reads].sort((a, b) => a - b)).toEqual(customers.map((c) => c.id))
    expect(sweep.status()).toMatchObject({ state: 'done', done: 12, failed: 0 })
  })

  it('a 5xx burst longer than the tries records that customer as failed with the reason, and goes on', async () => {
    const { sweep, store } = sweepWith({
      read: async (id) => {
        if (id === 4) throw appError('api_error', 'Workato answered 503 Service Unavailable', { status: 503 })
        return { connections: [], recipes: recipesOf(id) }
      },
      maxAttempts: 3,
    })
    await sweep.start()
    await sweep.settled()
    expect(sweep.status()).toMatchObject({ state: 'done', done: 12, failed: 1 })
    expect(store.get(4)?.error).toMatchObject({ code: 'api_error', message: expect.stringContaining('503') })
    expect(store.get(5)?.error).toBeNull()
  })

  it('a customer Workato does not know is recorded as failed at once, not retried', async () => {
    let tries = 0
    const { sweep, store } = sweepWith({
      read: async (id) => {
        if (id === 2) {
          tries++
          throw appError('not_found', 'Customer 2 was not found', { status: 404 })
        }
        return { connections: [], recipes: recipesOf(id) }
      },
    })
    await sweep.start()
    await sweep.settled()
    expect(tries).toBe(1)
    expect(store.get(2)?.error?.code).toBe('not_found')
  })

  it('killed mid-sweep, then resumed after a restart: only the customers not yet stored are read', async () => {
    const first: number[] = []
    const hang = new Promise<never>(() => {})
    const killed = sweepWith({
      concurrency: 1,
      read: async (id) => {
        if (id === 6) return hang // the process dies while this call is in flight
        first.push(id)
        return { connections: [], recipes: recipesOf(id) }
      },
    })
    await killed.sweep.start()
    await waitUntil(() => first.length === 5)
    await killed.store.flush()
    // A torn line from the kill must not lose anything else.
    await appendFile(path.join(dir, 'health.jsonl'), '{"customerId":6,"custo')

    const restarted = new HealthStore(dir)
    const resumed = sweepWith({ concurrency: 2 }, restarted)
    const status = await resumed.sweep.start()
    expect(status.startedAt).toBe(killed.sweep.status().startedAt)
    await resumed.sweep.settled()
    expect([...resumed.reads].sort((a, b) => a - b)).toEqual([6, 7, 8, 9, 10, 11, 12])
    expect(resumed.sweep.status()).toMatchObject({ state: 'done', done: 12, total: 12 })
    const after = new HealthStore(dir)
    await after.load()
    expect(after.size).toBe(12)
  })

  it('after a restart the unfinished run is offered for resuming, with a sentence', async () => {
    const store = new HealthStore(dir)
    await store.load()
    await store.setRun({
      version: 1,
      startedAt: '2026-01-10T11:00:00.000Z',
      finishedAt: null,
      state: 'running',
      previousStartedAt: null,
      message: null,
    })
    const reopened = new HealthStore(dir)
    await reopened.load()
    const { sweep } = sweepWith({}, reopened)
    expect(sweep.status()).toMatchObject({ state: 'idle', resumable: true, message: expect.stringContaining('Resume') })
  })

  it('cancel stops it, keeps what was read, and start resumes the same run', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const { sweep, store } = sweepWith({
      concurrency: 1,
      read: async (id, signal) => {
        if (id === 3)
          await new Promise<void>((resolve, reject) => {
            signal.addEventListener('abort', () => reject(appError('cancelled', 'Cancelled.')), { once: true })
            void gate.then(resolve)
          })
        return { connections: [], recipes: recipesOf(id) }
      },
    })
    await sweep.start()
    await waitUntil(() => store.size === 2)
    const cancelled = await sweep.cancel()
    release()
    expect(cancelled).toMatchObject({ state: 'cancelled', done: 2, resumable: true })
    expect(cancelled.message).toContain('Resume')
    const again = await sweep.start()
    expect(again.startedAt).toBe(cancelled.startedAt)
    await sweep.settled()
    expect(sweep.status()).toMatchObject({ state: 'done', done: 12 })
  })

  it('a refused token stops the sweep with what to do, and it stays resumable', async () => {
    const { sweep } = sweepWith({
      read: async () => {
        throw appError('unauthorized', 'Workato answered 401', { status: 401 })
      },
    })
    await sweep.start()
    await sweep.settled()
    expect(sweep.status()).toMatchObject({ state: 'failed', resumable: true, message: expect.stringContaining('API token') })
  })

  it('a customer viewed in the console just before the run counts as fresh', async () => {
    const clock = fakeClock()
    const store = new HealthStore(dir)
    await store.load()
    await store.record({
      customerId: 3,
      customerName: 'Customer 3',
      checkedAt: new Date(clock.now() - 60_000).toISOString(),
      previousCheckedAt: null,
      source: 'viewed',
      error: null,
      failed: [],
      problems: [],
    })
    const { sweep, reads } = sweepWith({ clock }, store)
    await sweep.start()
    await sweep.settled()
    expect(reads).not.toContain(3)
    expect(reads).toHaveLength(11)
  })

  it('the ETA comes from the allowed rate: calls left over calls a minute, less what the window still has free', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const many: Customer[] = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, name: `C${i + 1}` }))
    const { sweep } = sweepWith({
      customers: async () => many,
      read: async (id) => {
        await gate
        return { connections: [], recipes: recipesOf(id) }
      },
      budget: (f) => (f === 'connections_list' ? { perMinute: 100, available: 40 } : { perMinute: 1000, available: 0 }),
    })
    await sweep.start()
    await waitUntil(() => sweep.status().total === 1000)
    // 1,000 connection lists at 100 a minute, 40 of them free now: (1000 - 40) / 100 minutes.
    expect(sweep.status().etaSeconds).toBe(576)
    expect(sweep.status().pace).toEqual([
      { family: 'connections_list', perMinute: 100 },
      { family: 'recipes_list', perMinute: 1000 },
    ])
    release()
    await sweep.cancel()
  })

  it('with rate limits off its status is still a valid answer: no pace and no made-up ETA', async () => {
    let release = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const { sweep } = sweepWith({
      read: async (id) => {
        await gate
        return { connections: [], recipes: recipesOf(id) }
      },
      budget: () => ({ perMinute: Number.POSITIVE_INFINITY, available: Number.POSITIVE_INFINITY }),
    })
    await sweep.start()
    await waitUntil(() => sweep.status().total === customers.length)
    const status = sweepStatusSchema.parse(JSON.parse(JSON.stringify(sweep.status())))
    expect(status).toMatchObject({ state: 'running', pace: [], etaSeconds: null })
    release()
    await sweep.cancel()
  })

  it('failed jobs rising is found by the next sweep', async () => {
    const first = sweepWith({})
    await first.sweep.start()
    await first.sweep.settled()
    const second = sweepWith(
      { clock: fakeClock(Date.parse('2026-01-11T00:00:00Z')), read: async (id) => ({ connections: [], recipes: recipesOf(id, id === 7 ? 3 : 0) }) },
      first.store,
    )
    await second.sweep.start(true)
    await second.sweep.settled()
    expect(second.store.get(7)?.problems.map((p) => p.kind)).toEqual(['failed_jobs_rising'])
    expect(second.store.get(8)?.problems).toEqual([])
  })
})

/** Waits for a state the sweep reaches through file writes (vitest's own polling, never a fixed sleep). */
async function waitUntil(cond: () => boolean): Promise<void> {
  await vi.waitFor(
    () => {
      if (!cond()) throw new Error('not yet')
    },
    { timeout: 5_000, interval: 5 },
  )
}
