/**
 * The bulk operations of issue 13 item 5, as contract handlers: `bulk:plan` (the dry run, kept in memory until it
 * is run or replaced), `bulk:run` (checks the confirmed count against the plan, persists the run and hands it to
 * the `BulkRunner`), `bulk:status`/`resume`/`cancel`/`discard`, and `bulk:export` (CSV, also written 0600 under
 * `<dataDir>/exports`).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { appError } from '../../../shared/errors'
import type { BulkPlan, BulkRun, BulkRunTarget } from '../../../shared/contract/bulk'
import type { Customer } from '../../../shared/domain/workato'
import type { DomainHandlers, EventSink } from '../rpc/types'
import type { AuditRecord } from '../audit/audit-log'
import type { BulkApi } from './api-port'
import { runToCsv } from './csv'
import { planBulk } from './plan'
import { BulkRunner, type BulkPacer, type RunnerClock } from './runner'
import { BulkRunStore, countTargets } from './run-store'

export interface BulkServiceOptions {
  api(profileId: string): Promise<BulkApi>
  /** The cached customer directory of a profile. */
  customers(profileId: string): Promise<readonly Customer[]>
  /** The profile's `CallPacer` (its recipes family and the settings share it applies). */
  pacer(profileId: string): BulkPacer
  audit: { record(entry: AuditRecord): Promise<void> }
  events: EventSink
  /** Runs are kept under `<dir>/<profileId>/`. */
  dir: string
  exportDir?: string
  clock?: RunnerClock
  onError?(message: string): void
}

export interface BulkService {
  handlers: DomainHandlers<'bulk'>
  runner: BulkRunner
  /** Runs found unfinished on disk (at start-up: the console offers to resume them). */
  unfinished(): Promise<BulkRun[]>
  dispose(): Promise<void>
}

/** Sortable by time, so the newest run is the last name in the folder. */
function newRunId(now: number): string {
  return `${new Date(now)
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 17)}-${randomBytes(4).toString('hex')}`
}

export function createBulkService(opts: BulkServiceOptions): BulkService {
  const store = new BulkRunStore(opts.dir)
  const now = () => opts.clock?.now() ?? Date.now()
  const runner = new BulkRunner({
    api: opts.api,
    store,
    audit: opts.audit,
    pacer: opts.pacer,
    clock: opts.clock,
    onError: opts.onError,
    emit: (run, changed) => {
      const { targets: _targets, ...summary } = run
      opts.events.emit('bulkRun', { ...summary, changed })
    },
  })
  /** The latest dry run per profile: `bulk:run` acts on what core read, never on rows the renderer sends back. */
  const plans = new Map<string, BulkPlan>()
  const planning = new Map<string, AbortController>()

  async function loadRun(profileId: string, runId: string): Promise<BulkRun> {
    const active = runner.current(profileId)
    if (active?.runId === runId) return active
    const stored = await store.load(profileId, runId)
    const run = stored && runner.withSeq(stored)
    if (!run)
      throw appError('not_found', `Bulk run ${runId} was not found.`, {
        hint: 'It may have been removed: the console keeps the last 20 runs per profile.',
      })
    return run
  }

  const handlers: DomainHandlers<'bulk'> = {
    'bulk:plan': async ({ profileId, action, source }, ctx) => {
      planning.get(profileId)?.abort()
      const controller = new AbortController()
      planning.set(profileId, controller)
      const signal = AbortSignal.any([ctx.signal, controller.signal])
      try {
        const [api, customers] = await Promise.all([opts.api(profileId), opts.customers(profileId)])
        const out = await planBulk({
          api,
          action,
          source,
          customers,
          signal,
          onProgress: (done, total) =>
            opts.events.emit('bulkPlan', { profileId, done, total, label: `Reading customers for the dry run: ${done} of ${total}` }),
        })
        const plan: BulkPlan = { planId: newRunId(now()), profileId, action, createdAt: new Date(now()).toISOString(), ...out }
        plans.set(profileId, plan)
        return plan
      } finally {
        if (planning.get(profileId) === controller) planning.delete(profileId)
      }
    },

    'bulk:cancelPlan': async ({ profileId }) => {
      planning.get(profileId)?.abort()
      return { ok: true as const }
    },

    'bulk:run': async ({ profileId, planId, includeNotReady, confirmCount }) => {
      const plan = plans.get(profileId)
      if (!plan || plan.planId !== planId)
        throw appError('not_found', 'That dry run is no longer available (a newer one replaced it, or the console restarted).', {
          hint: 'Run the dry run again and confirm its count.',
        })
      const chosen = plan.rows.filter((r) => r.verdict === 'act' || (includeNotReady && r.verdict === 'not_ready'))
      if (!chosen.length) throw appError('validation', `The dry run found nothing to ${plan.action}.`)
      if (confirmCount !== chosen.length)
        throw appError('validation', `You confirmed ${confirmCount}, but the run would ${plan.action} ${chosen.length} recipes.`, {
          hint: `Type ${chosen.length} to confirm, or change what is included.`,
        })
      if (runner.current(profileId))
        throw appError('conflict', 'A bulk run is already going for this profile.', { hint: 'Wait for it, or stop it first.' })
      const targets: BulkRunTarget[] = chosen.map((r, index) => ({
        index,
        customerId: r.customerId,
        customerName: r.customerName,
        recipeId: r.recipeId,
        recipeName: r.recipeName,
        status: 'pending',
        problems: [],
        configErrors: null,
        errorCode: null,
        at: null,
      }))
      const at = new Date(now()).toISOString()
      const run: BulkRun = {
        runId: plan.planId,
        profileId,
        action: plan.action,
        source: plan.source,
        createdAt: at,
        updatedAt: at,
        seq: 0,
        state: 'running',
        note: null,
        targets,
        counts: countTargets(targets),
        wait: null,
        etaMs: null,
        pace: null,
      }
      await store.create(run)
      plans.delete(profileId)
      return runner.start(run, false).run
    },

    'bulk:status': async ({ profileId }) => {
      const latest = runner.current(profileId) ?? (await store.latest(profileId))
      return { run: latest && runner.withSeq(latest) }
    },

    'bulk:resume': async ({ profileId, runId }) => {
      const run = await loadRun(profileId, runId)
      if (runner.isActive(runId)) return run
      if (run.state !== 'cancelled' && run.state !== 'interrupted') throw appError('conflict', 'This run is finished; there is nothing to resume.')
      return runner.start(run, true).run
    },

    'bulk:cancel': async ({ profileId, runId }) => (await runner.cancel(runId)) ?? loadRun(profileId, runId),

    'bulk:discard': async ({ profileId, runId }) => {
      if (runner.isActive(runId)) throw appError('conflict', 'This run is still going.', { hint: 'Stop it first, then discard the rest.' })
      const run = await loadRun(profileId, runId)
      if (run.state === 'finished') return run
      const at = new Date(now()).toISOString()
      const targets = run.targets.map((t) => {
        if (t.status === 'pending') return { ...t, status: 'skipped' as const, problems: ['Discarded before it was sent.'], at }
        if (t.status === 'in_flight')
          return { ...t, status: 'skipped' as const, problems: ['Discarded; its call may have reached Workato: check the recipe.'], at }
        return t
      })
      for (const t of targets) if (t !== run.targets[t.index]) await store.appendTarget(run, t)
      const note = 'Discarded: the rest was not sent.'
      await store.appendState(run, 'finished', note, at)
      return { ...run, targets, counts: countTargets(targets), state: 'finished' as const, note, updatedAt: at, seq: run.seq + 1 }
    },

    'bulk:export': async ({ profileId, runId }) => {
      const run = await loadRun(profileId, runId)
      const csv = runToCsv(run)
      const fileName = `bulk-${run.action}-${run.runId}.csv`
      let file: string | null = null
      if (opts.exportDir) {
        await mkdir(opts.exportDir, { recursive: true })
        file = path.join(opts.exportDir, fileName)
        await writeFile(file, csv, { encoding: 'utf8', mode: 0o600 })
      }
      return { fileName, csv, path: file }
    },
  }

  return {
    handlers,
    runner,
    unfinished: () => store.unfinished(),
    async dispose() {
      for (const c of planning.values()) c.abort()
      await runner.dispose()
    },
  }
}
