/**
 * Fleet health for core: one `Sweep` and one `HealthStore` per profile, the `fleet:*` handlers, and the hook
 * that counts a customer opened in the console as freshly checked (`observe`, called by the customer detail's
 * `connections:list` and `recipes:list`).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Connection, Customer, Recipe } from '../../../shared/domain/workato'
import { healthKindLabels, severityRank, type Problem } from '../../../shared/domain/health'
import type { CustomerHealth, ProblemsResult, SweepStatus } from '../../../shared/contract/fleet'
import type { AuditLog } from '../audit/audit-log'
import { log } from '../log'
import type { DomainHandlers, EventSink } from '../rpc/types'
import type { EmbeddedApiClient } from '../workato/client'
import type { CallPacer } from '../workato/call-pacer'
import { HealthStore } from './health-store'
import { entryFor, Sweep, type SweepClock, type SweepFamily } from './sweep'

export interface FleetServiceOptions {
  /** `<dataDir>/fleet`: one folder per profile. */
  dir: string
  exportDir?: string
  events: EventSink
  audit: Pick<AuditLog, 'record'>
  clientFor(profileId: string): Promise<EmbeddedApiClient>
  pacerFor(profileId: string): CallPacer
  /** The cached customer directory, or null when there is none yet. */
  cachedCustomers(profileId: string): Promise<Customer[] | null>
  /** Reads the whole directory (when the sweep finds none cached). */
  refreshCustomers(profileId: string, signal: AbortSignal): Promise<void>
  clock?: SweepClock
  concurrency?: number
}

/** The two lists the customer detail reads, kept until both are in so the pair can count as one check. */
interface Seen {
  connections?: { items: Connection[]; at: number; complete: boolean }
  recipes?: { items: Recipe[]; at: number }
}
/** How far apart the two reads of one customer view may be to count as one check. */
const VIEW_PAIR_MS = 2 * 60_000

export interface FleetService {
  handlers: DomainHandlers<'fleet'>
  /** The customer detail read a list: once both lists of a customer are in, its health is updated from them. */
  observe(profileId: string, customerId: number, part: { connections: Connection[]; withRuntime: boolean } | { recipes: Recipe[] }): Promise<void>
  sweepOf(profileId: string): Sweep
  storeOf(profileId: string): HealthStore
  dispose(): Promise<void>
}

export function createFleetService(opts: FleetServiceOptions): FleetService {
  const stores = new Map<string, HealthStore>()
  const sweeps = new Map<string, Sweep>()
  const seen = new Map<string, Seen>()
  const now = () => (opts.clock ?? { now: Date.now }).now()

  function storeOf(profileId: string): HealthStore {
    let s = stores.get(profileId)
    if (!s) {
      s = new HealthStore(path.join(opts.dir, profileId))
      stores.set(profileId, s)
    }
    return s
  }

  function budget(profileId: string, family: SweepFamily): { perMinute: number; available: number } {
    const pacer = opts.pacerFor(profileId)
    const cfg = pacer.limitOf(family)
    if (!cfg) return { perMinute: Number.POSITIVE_INFINITY, available: Number.POSITIVE_INFINITY }
    // The pacer already holds every family to the console's share (CallPacer.allowedOf): read it, never recompute it.
    const allowed = pacer.allowedOf(family)
    const perMinute = allowed * (60_000 / cfg.windowMs)
    return { perMinute, available: pacer.available(family) }
  }

  function sweepOf(profileId: string): Sweep {
    let s = sweeps.get(profileId)
    if (!s) {
      s = new Sweep({
        profileId,
        store: storeOf(profileId),
        clock: opts.clock,
        concurrency: opts.concurrency,
        async customers(signal) {
          const cached = await opts.cachedCustomers(profileId)
          if (cached) return cached
          await opts.refreshCustomers(profileId, signal)
          return (await opts.cachedCustomers(profileId)) ?? []
        },
        async read(customerId, signal) {
          const client = await opts.clientFor(profileId)
          // Both lists at once: they are different families (§6.2), so neither waits for the other's budget.
          const [connections, recipes] = await Promise.all([
            client.listConnections(customerId, { include_runtime_connections: true }, signal),
            client.listAllRecipes(customerId, {}, { signal, concurrency: 1 }),
          ])
          return { connections, recipes }
        },
        budget: (f) => budget(profileId, f),
        onStatus: (status) => opts.events.emit('fleetSweep', status),
      })
      sweeps.set(profileId, s)
    }
    return s
  }

  async function observe(
    profileId: string,
    customerId: number,
    part: { connections: Connection[]; withRuntime: boolean } | { recipes: Recipe[] },
  ): Promise<void> {
    const key = `${profileId}\u0000${customerId}`
    const s = seen.get(key) ?? {}
    const t = now()
    if ('recipes' in part) s.recipes = { items: part.recipes, at: t }
    else s.connections = { items: part.connections, at: t, complete: part.withRuntime }
    seen.set(key, s)
    if (!s.connections || !s.recipes || Math.abs(s.connections.at - s.recipes.at) > VIEW_PAIR_MS) return
    seen.delete(key)
    const customer = (await opts.cachedCustomers(profileId))?.find((c) => c.id === customerId)
    if (!customer) return
    const store = storeOf(profileId)
    await store.load()
    const prev = store.get(customerId)
    const entry = entryFor(customer, s.connections.items, s.recipes.items, prev, new Date(t).toISOString(), 'viewed')
    if (!s.connections.complete && prev) {
      // Without runtime user connections (§9) the list cannot show what depends on a default connection: keep
      // the last sweep's finding for that kind rather than drop it.
      const kept = prev.problems.filter((p) => p.kind === 'default_connection_unauthorized_for_runtime_users')
      entry.problems = [...entry.problems.filter((p) => p.kind !== 'default_connection_unauthorized_for_runtime_users'), ...kept]
    }
    await store.record(entry)
  }

  async function problems(profileId: string): Promise<ProblemsResult> {
    const store = storeOf(profileId)
    await store.load()
    const all: Problem[] = []
    const customers: CustomerHealth[] = []
    const failures: ProblemsResult['failures'] = []
    for (const e of store.all()) {
      all.push(...e.problems)
      let worst: Problem['severity'] | null = null
      for (const p of e.problems) if (worst === null || severityRank[p.severity] < severityRank[worst]) worst = p.severity
      customers.push({
        customerId: e.customerId,
        checkedAt: e.checkedAt,
        previousCheckedAt: e.previousCheckedAt,
        source: e.source,
        problems: e.problems.length,
        worst,
        error: e.error,
      })
      if (e.error) failures.push({ customerId: e.customerId, customerName: e.customerName, at: e.checkedAt, error: e.error })
    }
    const run = store.getRun()
    return { problems: all, customers, failures, previousSweepAt: run?.previousStartedAt ?? null }
  }

  const handlers: DomainHandlers<'fleet'> = {
    'fleet:sweepStart': async ({ profileId, restart }) => {
      // The token must be readable before a run is written down; a missing one fails here with its own message.
      await opts.clientFor(profileId)
      const status = await sweepOf(profileId).start(restart)
      await opts.audit.record({
        action: 'fleet.sweep_start',
        profileId,
        customerId: null,
        target: `${status.total} customers`,
        outcome: 'started',
        correlationId: null,
        detail: restart ? 'new run' : `run started ${status.startedAt ?? 'now'}`,
      })
      return status
    },
    'fleet:sweepCancel': async ({ profileId }) => {
      const status = await sweepOf(profileId).cancel()
      await opts.audit.record({
        action: 'fleet.sweep_cancel',
        profileId,
        customerId: null,
        target: `${status.done} of ${status.total} customers read`,
        outcome: 'cancelled',
        correlationId: null,
        detail: null,
      })
      return status
    },
    'fleet:sweepStatus': async ({ profileId }): Promise<SweepStatus> => {
      await storeOf(profileId).load()
      return sweepOf(profileId).status()
    },
    'fleet:problems': async ({ profileId }) => problems(profileId),
    'fleet:exportCsv': async ({ profileId, keys }) => {
      const { problems: all } = await problems(profileId)
      let rows = all.slice().sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || a.since.localeCompare(b.since))
      if (keys) {
        const byKey = new Map(all.map((p) => [p.key, p]))
        rows = keys.flatMap((k) => {
          const p = byKey.get(k)
          return p ? [p] : []
        })
      }
      const csv = problemsCsv(rows)
      const fileName = `fleet-problems-${profileId}-${new Date(now()).toISOString().replace(/[:.]/g, '-')}.csv`
      let file: string | null = null
      if (opts.exportDir) {
        await mkdir(opts.exportDir, { recursive: true })
        file = path.join(opts.exportDir, fileName)
        await writeFile(file, csv, { encoding: 'utf8', mode: 0o600 })
      }
      log.info(`fleet: exported ${rows.length} problems to ${fileName}`)
      return { fileName, csv, path: file, rows: rows.length }
    },
  }

  return {
    handlers,
    observe,
    sweepOf,
    storeOf,
    async dispose() {
      await Promise.all([...sweeps.values()].map((s) => s.cancel()))
    },
  }
}

const CSV_COLUMNS = [
  'severity',
  'kind',
  'customer id',
  'customer',
  'plan',
  'target type',
  'target id',
  'target',
  'provider',
  'since',
  'first seen',
  'problem',
] as const

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
function cell(v: string | number | null): string {
  let s = v === null ? '' : String(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function problemsCsv(rows: readonly Problem[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const p of rows) {
    lines.push(
      [
        p.severity,
        healthKindLabels[p.kind],
        p.customerId,
        p.customerName,
        p.plan,
        p.targetType,
        p.targetId,
        p.targetName,
        p.provider,
        p.since,
        p.firstSeenAt,
        p.sentence,
      ]
        .map(cell)
        .join(','),
    )
  }
  return lines.join('\r\n') + '\r\n'
}
