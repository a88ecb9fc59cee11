import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appError } from '../../../../shared/errors'
import type { BulkRun, BulkRunEvent } from '../../../../shared/contract/bulk'
import type { Customer } from '../../../../shared/domain/workato'
import type { AuditRecord } from '../../../../electron/core/audit/audit-log'
import { createBulkService, type BulkService } from '../../../../electron/core/bulk'
import { BulkRunStore } from '../../../../electron/core/bulk/run-store'
import { CallPacer } from '../../../../electron/core/workato/call-pacer'
import { FakeBulkApi, fakeClock } from './fake-bulk-api'

const ctx = () => ({ signal: new AbortController().signal })
const customers = [
  { id: 1, name: 'Acme', external_id: 'acme' },
  { id: 2, name: 'Globex', external_id: null },
] as Customer[]

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ec-bulk-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const recipesPacer = (limit: number, share: () => number) => new CallPacer({ overrides: { recipes: { limit, windowMs: 60_000 } } }, { share })

function setup(fake: FakeBulkApi, opts: { share?: number; limit?: number } = {}) {
  const clock = fakeClock()
  // The real pacer: the runner spaces its sends by what it allows, so both always agree on the share.
  const pacer = recipesPacer(opts.limit ?? 1000, () => opts.share ?? 0.5)
  const audit: AuditRecord[] = []
  const events: BulkRunEvent[] = []
  const make = (): BulkService =>
    createBulkService({
      api: async () => fake.api(),
      customers: async () => customers,
      pacer: () => pacer,
      audit: { record: async (e) => void audit.push(e) },
      events: { emit: (name, payload) => name === 'bulkRun' && events.push(payload as BulkRunEvent) },
      dir,
      exportDir: path.join(dir, 'exports'),
      clock,
    })
  return { clock, audit, events, service: make(), make }
}

/** Three ready recipes and one whose connection is not authorised. */
function fleet(): FakeBulkApi {
  return new FakeBulkApi()
    .add({ customerId: 1, id: 11, name: 'Sync orders', running: false, accountId: 101 })
    .add({ customerId: 1, id: 12, name: 'Sync invoices', running: false, accountId: 102 })
    .add({ customerId: 2, id: 21, name: 'Nightly export', running: false, accountId: 201 })
    .add({ customerId: 2, id: 22, name: 'Leads', running: false, accountId: 7 }, false)
}

const targets = [
  { customerId: 1, recipeId: 11 },
  { customerId: 1, recipeId: 12 },
  { customerId: 2, recipeId: 21 },
  { customerId: 2, recipeId: 22 },
]

/** Resolves once the run has stopped for any reason (the runner works in the background). */
async function settled(service: BulkService, runId: string): Promise<void> {
  while (service.runner.isActive(runId)) await new Promise((r) => setTimeout(r, 1))
}

async function planAndRun(service: BulkService, includeNotReady = true): Promise<{ run: BulkRun; done: Promise<void> }> {
  const plan = await service.handlers['bulk:plan']({ profileId: 'sandbox', action: 'start', source: { kind: 'targets', targets } }, ctx())
  const count = plan.counts.act + (includeNotReady ? plan.counts.not_ready : 0)
  const run = await service.handlers['bulk:run']({ profileId: 'sandbox', planId: plan.planId, includeNotReady, confirmCount: count }, ctx())
  return { run, done: settled(service, run.runId) }
}

describe('bulk start run', () => {
  it('starts every target once, reports the config_errors of the refused one, paced to the share, one audit line each', async () => {
    const fake = fleet()
    const { service, audit, clock } = setup(fake, { share: 0.5, limit: 1000 })
    const { run, done } = await planAndRun(service)
    await done
    const final = (await service.handlers['bulk:status']({ profileId: 'sandbox' }, ctx())).run
    expect(final?.runId).toBe(run.runId)
    expect(final?.state).toBe('finished')
    expect(final?.targets.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'refused'])
    const refused = final?.targets[3]
    expect(refused?.problems).toEqual(['Step 1 · Salesforce is not connected (connection 7)'])
    expect(JSON.parse(refused?.configErrors ?? 'null')).toEqual([[1, [['salesforce', 7, 'Salesforce is not connected']]]])
    for (const id of [11, 12, 21, 22]) expect(fake.count(`start ${id}`)).toBe(1)
    // 500 a minute (half of 1,000): 120 ms between sends, so three waits between four sends.
    expect(clock.slept).toEqual([120, 120, 120])
    expect(audit.map((a) => [a.action, a.customerId, a.outcome])).toEqual([
      ['bulk.start', 1, 'ok'],
      ['bulk.start', 1, 'ok'],
      ['bulk.start', 2, 'ok'],
      ['bulk.start', 2, 'failed'],
    ])
    expect(audit[3]?.detail).toContain('Salesforce is not connected')
  })

  it('spaces its sends by the calls the pacer allows, not a share worked out again', async () => {
    // 29 % of 100 a minute: the pacer allows 29 (0.29 × 100 is 28.999… in floating point; a plain floor said 28).
    const { service, clock } = setup(fleet(), { share: 0.29, limit: 100 })
    const { run, done } = await planAndRun(service)
    expect(run.pace).toMatchObject({ limit: 100, share: 0.29, allowed: 29 })
    await done
    expect(clock.slept.map(Math.round)).toEqual([2069, 2069, 2069])
  })

  it('refuses a confirmation that does not match the plan, and a plan that is gone', async () => {
    const { service } = setup(fleet())
    const plan = await service.handlers['bulk:plan']({ profileId: 'sandbox', action: 'start', source: { kind: 'targets', targets } }, ctx())
    expect(plan.counts).toMatchObject({ act: 3, not_ready: 1 })
    await expect(
      service.handlers['bulk:run']({ profileId: 'sandbox', planId: plan.planId, includeNotReady: false, confirmCount: 4 }, ctx()),
    ).rejects.toMatchObject({
      code: 'validation',
      message: 'You confirmed 4, but the run would start 3 recipes.',
    })
    await expect(
      service.handlers['bulk:run']({ profileId: 'sandbox', planId: 'nosuchplan-1', includeNotReady: false, confirmCount: 3 }, ctx()),
    ).rejects.toMatchObject({ code: 'not_found' })
  })

  it('reads the rate-limit share before every send, so a change applies to the run in progress', async () => {
    const fake = fleet()
    let share = 0.5
    const pacer = recipesPacer(1000, () => share)
    fake.beforeAction = (recipeId) => {
      if (recipeId === 11) share = 0.1
    }
    const clock = fakeClock()
    const service = createBulkService({
      api: async () => fake.api(),
      customers: async () => customers,
      pacer: () => pacer,
      audit: { record: async () => {} },
      events: { emit: () => {} },
      dir,
      clock,
    })
    const { done } = await planAndRun(service, false)
    await done
    // 10 % of 1,000 a minute: 100 a minute, one every 600 ms.
    expect(clock.slept).toEqual([600, 600])
  })

  it('discarding a stopped run marks the rest skipped and finishes it; a run still going cannot be discarded', async () => {
    const fake = fleet()
    const { service } = setup(fake)
    let runId = ''
    fake.beforeAction = async (recipeId) => {
      if (recipeId !== 11) return
      await expect(service.handlers['bulk:discard']({ profileId: 'sandbox', runId }, ctx())).rejects.toMatchObject({ code: 'conflict' })
      void service.handlers['bulk:cancel']({ profileId: 'sandbox', runId }, ctx())
    }
    const { run, done } = await planAndRun(service, false)
    runId = run.runId
    await done
    const discarded = await service.handlers['bulk:discard']({ profileId: 'sandbox', runId }, ctx())
    expect(discarded.state).toBe('finished')
    expect(discarded.targets.map((t) => t.status)).toEqual(['succeeded', 'skipped', 'skipped'])
    const reloaded = await new BulkRunStore(dir).load('sandbox', runId)
    expect(reloaded?.state).toBe('finished')
    expect(reloaded?.targets[1]?.problems).toEqual(['Discarded before it was sent.'])
    await expect(service.handlers['bulk:resume']({ profileId: 'sandbox', runId }, ctx())).rejects.toMatchObject({ code: 'conflict' })
  })

  it('a 429 during the run waits with a visible reason and retries the same target: nothing is skipped or repeated', async () => {
    const fake = fleet()
    fake.actionErrors.push(undefined, appError('rate_limited', 'Too many requests (HTTP 429 on PUT /recipes/12/start).', { status: 429 }))
    const { service, events, clock } = setup(fake)
    const { done } = await planAndRun(service, false)
    await done
    const final = (await service.handlers['bulk:status']({ profileId: 'sandbox' }, ctx())).run
    expect(final?.targets.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded'])
    // Sent twice (the first answered 429, which Workato did not act on), started once.
    expect(fake.count('start 12')).toBe(2)
    expect(fake.recipes.get(12)?.running).toBe(true)
    expect(clock.slept).toContain(30_000)
    const waits = events.flatMap((e) => (e.wait ? [e.wait.reason] : []))
    expect(waits.some((w) => w.startsWith('Workato answered 429 (too many requests) for recipe 12 "Sync invoices"'))).toBe(true)
  })

  it('a 429 storm stops the run as interrupted, with what to do, and a resume finishes it', async () => {
    const fake = fleet()
    const storm = () => appError('rate_limited', 'Too many requests.', { status: 429 })
    fake.actionErrors.push(storm(), storm(), storm(), storm(), storm(), storm())
    const { service } = setup(fake)
    const { run, done } = await planAndRun(service, false)
    await done
    const stopped = (await service.handlers['bulk:status']({ profileId: 'sandbox' }, ctx())).run
    expect(stopped?.state).toBe('interrupted')
    expect(stopped?.note).toContain('kept answering 429')
    expect(stopped?.counts.pending).toBe(3)
    await service.handlers['bulk:resume']({ profileId: 'sandbox', runId: run.runId }, ctx())
    await settled(service, run.runId)
    const final = (await service.handlers['bulk:status']({ profileId: 'sandbox' }, ctx())).run
    expect(final?.state).toBe('finished')
    expect(final?.counts.succeeded).toBe(3)
  })

  it('Stop lets the call in flight finish, then stops; resume reads each remaining recipe back and never starts one twice', async () => {
    const fake = fleet()
    const { service, make } = setup(fake)
    let runId = ''
    fake.beforeAction = (recipeId) => {
      if (recipeId === 12) void service.handlers['bulk:cancel']({ profileId: 'sandbox', runId }, ctx())
    }
    const { run, done } = await planAndRun(service, false)
    runId = run.runId
    await done
    const cancelled = (await service.handlers['bulk:status']({ profileId: 'sandbox' }, ctx())).run
    expect(cancelled?.state).toBe('cancelled')
    expect(cancelled?.targets.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'pending'])

    // Someone started 21 by hand meanwhile: the resumed run reads it back and leaves it alone.
    const r21 = fake.recipes.get(21)
    if (r21) r21.running = true
    fake.beforeAction = undefined
    const again = make()
    await again.handlers['bulk:resume']({ profileId: 'sandbox', runId }, ctx())
    await settled(again, runId)
    const final = (await again.handlers['bulk:status']({ profileId: 'sandbox' }, ctx())).run
    expect(final?.targets.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'already'])
    expect(fake.count('get 11')).toBe(0)
    expect(fake.count('get 21')).toBe(1)
    for (const id of [11, 12]) expect(fake.count(`start ${id}`)).toBe(1)
    expect(fake.count('start 21')).toBe(0)
  })

  it('a shutdown mid-call leaves the target in flight; after a restart it is read back, not started again', async () => {
    const fake = fleet()
    const { service, make } = setup(fake)
    fake.beforeAction = async (recipeId, signal) => {
      if (recipeId !== 12) return
      // Workato carries the start out, but the console is closed before the answer arrives.
      const r = fake.recipes.get(12)
      if (r) r.running = true
      void service.dispose()
      await new Promise<void>((_resolve, reject) => {
        if (signal?.aborted) reject(appError('cancelled', 'Cancelled.'))
        signal?.addEventListener('abort', () => reject(appError('cancelled', 'Cancelled.')))
      })
    }
    const { run, done } = await planAndRun(service, false)
    await done
    const onDisk = await new BulkRunStore(dir).load('sandbox', run.runId)
    expect(onDisk?.state).toBe('interrupted')
    expect(onDisk?.targets.map((t) => t.status)).toEqual(['succeeded', 'in_flight', 'pending'])

    fake.beforeAction = undefined
    const restarted = make()
    const latest = (await restarted.handlers['bulk:status']({ profileId: 'sandbox' }, ctx())).run
    expect(latest?.state).toBe('interrupted')
    // What start-up turns into the "did not finish" notice.
    expect((await restarted.unfinished()).map((r) => r.runId)).toEqual([run.runId])
    await restarted.handlers['bulk:resume']({ profileId: 'sandbox', runId: run.runId }, ctx())
    await settled(restarted, run.runId)
    const final = (await restarted.handlers['bulk:status']({ profileId: 'sandbox' }, ctx())).run
    expect(final?.targets.map((t) => t.status)).toEqual(['succeeded', 'already', 'succeeded'])
    expect(await restarted.unfinished()).toEqual([])
    expect(fake.count('start 11')).toBe(1)
    expect(fake.count('start 12')).toBe(1)
    expect(fake.count('start 21')).toBe(1)
  })

  it('a run left "running" by a crash comes back interrupted, with a torn last journal line skipped', async () => {
    const store = new BulkRunStore(dir)
    const run: BulkRun = {
      runId: '20260101000000000-aaaa1111',
      profileId: 'sandbox',
      action: 'stop',
      source: 'test',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      seq: 0,
      state: 'running',
      note: null,
      targets: [0, 1].map((index) => ({
        index,
        customerId: 1,
        customerName: 'Acme',
        recipeId: 11 + index,
        recipeName: 'R',
        status: 'pending' as const,
        problems: [],
        configErrors: null,
        errorCode: null,
        at: null,
      })),
      counts: { pending: 2, in_flight: 0, succeeded: 0, already: 0, refused: 0, failed: 0, skipped: 0 },
      wait: null,
      etaMs: null,
      pace: null,
    }
    await store.create(run)
    const first = run.targets[0]
    if (!first) throw new Error('no target')
    await store.appendTarget(run, { ...first, status: 'succeeded' })
    const file = path.join(dir, 'sandbox', `${run.runId}.jsonl`)
    const { appendFile } = await import('node:fs/promises')
    await appendFile(file, '{"t":{"index":1,"sta')
    const loaded = await store.load('sandbox', run.runId)
    expect(loaded?.state).toBe('interrupted')
    expect(loaded?.note).toMatch(/closed or crashed/)
    expect(loaded?.targets.map((t) => t.status)).toEqual(['succeeded', 'pending'])
    expect(await readFile(file, 'utf8')).toContain('succeeded')
  })

  it('exports the results as CSV with config errors, quoting and formula-safe names', async () => {
    const fake = fleet()
    const r = fake.recipes.get(11)
    if (r) r.name = '=HYPERLINK("x")'
    const { service } = setup(fake)
    const { run, done } = await planAndRun(service)
    await done
    const out = await service.handlers['bulk:export']({ profileId: 'sandbox', runId: run.runId }, ctx())
    const lines = out.csv.trim().split('\r\n')
    expect(lines[0]).toBe('customer_id,customer_name,recipe_id,recipe_name,action,result,problems,config_errors,error_code,at')
    expect(lines[1]).toMatch(/^1,Acme,11,"'=HYPERLINK\(""x""\)",start,succeeded,/)
    expect(lines[4]).toContain(
      'refused,Step 1 · Salesforce is not connected (connection 7),"[[1,[[""salesforce"",7,""Salesforce is not connected""]]]]"',
    )
    expect(out.path && (await readFile(out.path, 'utf8'))).toBe(out.csv)
  })
})
