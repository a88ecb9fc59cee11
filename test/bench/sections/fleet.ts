/**
 * Fleet health numbers (issue 13):
 *  1. a health sweep of 10,000 customers under the rate limits, scaled down as the api-client section does
 *     (windows of 6 s instead of 60 s, same call counts per window), with the console's share at the default 0.5:
 *     wall time as a ratio to the minimum that share allows, and the calls Workato refused (429);
 *  2. the stored health of those 10,000 customers: bytes on disk and heap held;
 *  3. the triage view's filter + sort + grouping over 10,000 problems, p95 per change.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { EmbeddedApiClient } from '../../../electron/core/workato/client'
import { CallPacer } from '../../../electron/core/workato/call-pacer'
import { HealthStore } from '../../../electron/core/fleet/health-store'
import { Sweep } from '../../../electron/core/fleet/sweep'
import { startEmulator } from '../../../electron/emulator'
import { healthKinds } from '../../../shared/domain/health-kinds'
import { severities, type Problem } from '../../../shared/domain/health'
import { customerSchema } from '../../../shared/domain/workato'
import { emptyFilters, filterProblems, groupByKind, sortProblems, type TriageFilters, type TriageSort } from '../../../shared/domain/triage'
import type { BenchResult, BenchSection } from '../types'

const CUSTOMERS = 10_000
const WINDOW_MS = 6_000
const SHARE = 0.5
// §6.2: connection lists 1,000/min, recipe lists 2,000/min, both scaled to a 6 s window.
const SERVER = { connections_list: { limit: 1000, windowMs: WINDOW_MS }, recipes_list: { limit: 2000, windowMs: WINDOW_MS } }
const OURS = {
  connections_list: { limit: SERVER.connections_list.limit * SHARE, windowMs: WINDOW_MS },
  recipes_list: { limit: SERVER.recipes_list.limit * SHARE, windowMs: WINDOW_MS },
}

function p95(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? 0
}

async function sweepNumbers(): Promise<BenchResult[]> {
  const section = 'fleet'
  const sb = await startEmulator({ port: 0, customers: CUSTOMERS, seed: 1, rateLimits: 'off' })
  const dir = await mkdtemp(path.join(tmpdir(), 'ec-bench-fleet-'))
  try {
    let refused = 0
    const pacer = new CallPacer({ overrides: OURS })
    const client = new EmbeddedApiClient({
      target: { profileId: 'bench', apiOrigin: sb.baseUrl, appOrigin: sb.baseUrl, apiToken: sb.token },
      limiter: pacer,
      onRetry: (r) => r.reason.includes('429') && refused++,
    })
    const customers = sb.state.listCustomers().map((c) => customerSchema.parse(c))
    // Warm the workspaces (the emulator builds them lazily) so the sweep measures pacing, not seeding.
    for (const c of sb.state.listCustomers()) sb.state.workspace(c)
    const oneCall = performance.now()
    await client.listConnections(customers[0]?.id ?? 1)
    const rtt = performance.now() - oneCall
    sb.setRateLimits({ overrides: SERVER })
    const recipePages = sb.state.listCustomers().reduce((n, c) => n + Math.floor(sb.state.workspace(c).recipes.size / 100) + 1, 0)
    // Each family sends its whole window at once, then one window per further window's worth of calls.
    const minimumMs =
      Math.max(
        Math.floor((CUSTOMERS - 1) / OURS.connections_list.limit) * WINDOW_MS,
        Math.floor((recipePages - 1) / OURS.recipes_list.limit) * WINDOW_MS,
      ) + rtt
    const store = new HealthStore(dir)
    let failedCalls = 0
    const sweep = new Sweep({
      profileId: 'bench',
      store,
      customers: async () => customers,
      read: async (id, signal) => {
        const [connections, recipes] = await Promise.all([
          client.listConnections(id, { include_runtime_connections: true }, signal),
          client.listAllRecipes(id, {}, { signal, concurrency: 1 }),
        ])
        return { connections, recipes }
      },
      budget: (f) => ({ perMinute: OURS[f].limit * (60_000 / WINDOW_MS), available: pacer.available(f) }),
      onStatus: (s) => (failedCalls = s.failed),
      concurrency: 24,
    })
    const heapBefore = process.memoryUsage().heapUsed
    const t0 = performance.now()
    await sweep.start(true)
    await sweep.settled()
    const ms = performance.now() - t0
    global.gc?.()
    const heapAfter = process.memoryUsage().heapUsed
    const status = sweep.status()
    const ratio = ms / minimumMs
    const bytes = (await stat(path.join(dir, 'health.jsonl'))).size
    return [
      {
        section,
        name: `health sweep of ${CUSTOMERS.toLocaleString('en-US')} customers vs the minimum the share allows`,
        value: ratio,
        unit: 'x minimum',
        target: '<= 1.05',
        pass: ratio <= 1.05 && status.done === CUSTOMERS && status.failed === 0,
        note: `limits scaled to ${WINDOW_MS / 1000} s windows (connection lists ${SERVER.connections_list.limit}, recipe lists ${SERVER.recipes_list.limit}), share ${SHARE}; ${CUSTOMERS} + ${recipePages} calls; took ${Math.round(ms)} ms vs minimum ${Math.round(minimumMs)} ms; ${status.done} checked, ${failedCalls} failed`,
      },
      { section, name: 'calls refused (429) during the health sweep', value: refused, unit: 'calls', target: '== 0', pass: refused === 0 },
      {
        section,
        name: `stored health of ${CUSTOMERS.toLocaleString('en-US')} customers on disk`,
        value: bytes / 1e6,
        unit: 'MB',
        target: '< 50',
        pass: bytes < 50e6,
        note: `${store.size} entries, ${(await store.all()).reduce((n, e) => n + e.problems.length, 0)} problems; heap grew ${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB over the sweep`,
      },
      {
        section,
        name: 'heap held by the sweep and its health store',
        value: (heapAfter - heapBefore) / 1e6,
        unit: 'MB',
        target: '< 50',
        pass: heapAfter - heapBefore < 50e6,
      },
    ]
  } finally {
    await sb.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** 10,000 problems spread over kinds, providers, plans and ages like a real fleet's. */
function syntheticProblems(n: number): Problem[] {
  const providers = ['salesforce', 'hubspot', 'netsuite', 'slack', 'jira', 'zendesk', 'google_sheets']
  const plans = ['free', 'business', 'enterprise', 'oem_plan']
  const now = Date.now()
  return Array.from({ length: n }, (_, i) => {
    const kind = healthKinds[i % healthKinds.length] ?? 'trial_ending'
    const since = new Date(now - ((i * 7919) % (90 * 86_400_000))).toISOString()
    return {
      key: `${kind}:${i}:${i}`,
      kind,
      severity: severities[i % severities.length] ?? 'low',
      customerId: 1000 + (i % 3000),
      customerName: `Customer ${i % 3000}`,
      plan: plans[i % plans.length] ?? null,
      targetType: 'recipe',
      targetId: i,
      targetName: `Recipe ${i}`,
      provider: providers[i % providers.length] ?? null,
      since,
      firstSeenAt: since,
      sentence: `Recipe ${i} has a problem worth a sentence of ordinary length for the table.`,
      tab: 'recipes',
      recipeIds: [i],
    }
  })
}

export function triageNumbers(): BenchResult[] {
  const all = syntheticProblems(10_000)
  const changed = new Set(all.filter((_, i) => i % 5 === 0).map((p) => p.key))
  const changes: { f: TriageFilters; s: TriageSort }[] = [
    { f: emptyFilters(), s: { key: 'severity', order: 'ascend' } },
    { f: emptyFilters(), s: { key: 'age', order: 'descend' } },
    { f: { ...emptyFilters(), kinds: ['recipe_stopped_by_cause'] }, s: { key: 'severity', order: 'ascend' } },
    { f: { ...emptyFilters(), providers: ['salesforce', 'hubspot'] }, s: { key: 'age', order: 'ascend' } },
    { f: { ...emptyFilters(), plans: ['free'], minAgeDays: 7 }, s: { key: 'severity', order: 'descend' } },
    { f: { ...emptyFilters(), changedOnly: true }, s: { key: 'severity', order: 'ascend' } },
  ]
  // As the fleet store does: a sort change sorts (then filters); a filter change filters the sorted list.
  const times: number[] = []
  let sort: TriageSort = { key: 'severity', order: 'ascend' }
  let sorted = sortProblems(all, sort)
  for (let round = 0; round < 40; round++) {
    for (const c of changes) {
      const t0 = performance.now()
      if (c.s.key !== sort.key || c.s.order !== sort.order) {
        sort = c.s
        sorted = sortProblems(all, sort)
      }
      groupByKind(filterProblems(sorted, c.f, changed, Date.now()))
      times.push(performance.now() - t0)
    }
  }
  const v = p95(times)
  return [
    {
      section: 'fleet',
      name: 'triage filter + sort + group at 10,000 problems, p95',
      value: v,
      unit: 'ms',
      target: '< 16',
      pass: v < 16,
      note: `${times.length} changes of filter or sort over the store's computation (shared/domain/triage.ts); the virtual table then renders only the visible rows`,
    },
  ]
}

const bench: BenchSection = {
  name: 'fleet',
  async run() {
    return [...triageNumbers(), ...(await sweepNumbers())]
  },
}
export default bench
