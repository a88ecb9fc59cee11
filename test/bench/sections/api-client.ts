/**
 * API client numbers against the in-process sandbox with 10,000 customers and 50 ms injected latency:
 *  1. listing every customer with concurrent pages vs one page at a time (rate limits lifted on both sides);
 *  2. the same sweep under the documented customer-list limit, as a ratio to the minimum that limit allows;
 *  3. opening the directory from the local cache (a fresh process: file read + parse + validation).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { EmbeddedApiClient } from '../../../electron/core/workato/client'
import { CallPacer } from '../../../electron/core/workato/call-pacer'
import type { RateLimitSetting } from '../../../electron/core/workato/families'
import { createWorkspaceService } from '../../../electron/core/workspace/workspace-service'
import { DirectoryCache } from '../../../electron/core/directory/directory-cache'
import { startEmulator, type EmulatorHandle } from '../../../electron/emulator'
import type { BenchResult, BenchSection } from '../types'

const CUSTOMERS = 10_000
const LATENCY_MS = 50
const PER_PAGE = 100
// The documented 60 calls per 60 s, shrunk to 60 per 6 s on both sides to keep the run short. The ratio to the
// minimum is what matters, and it is the same shape: one full window spent at once, the rest one window later.
const LIMIT = 60
const WINDOW_MS = 6_000

function clientFor(sb: EmulatorHandle, limiter: CallPacer | null, onRetry?: () => void): EmbeddedApiClient {
  return new EmbeddedApiClient({
    target: { profileId: 'bench', apiOrigin: sb.baseUrl, appOrigin: sb.baseUrl, apiToken: sb.token },
    limiter,
    onRetry,
  })
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, value }
}

async function run(): Promise<BenchResult[]> {
  const section = 'api-client'
  const out: BenchResult[] = []
  const sb = await startEmulator({ port: 0, customers: CUSTOMERS, seed: 1, rateLimits: 'off', faults: { latencyMs: LATENCY_MS } })
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ec-bench-api-'))
  try {
    // Warm up the connection pool and JIT so neither run pays for it.
    await clientFor(sb, null).listCustomersPage(1)

    // (1) concurrent vs sequential, limits lifted.
    const seq = await timed(() => clientFor(sb, null).listAllCustomers({ concurrency: 1 }))
    const conc = await timed(() => clientFor(sb, null).listAllCustomers())
    if (seq.value.length !== CUSTOMERS || conc.value.length !== CUSTOMERS) throw new Error('sweep lost customers')
    const speedup = seq.ms / conc.ms
    out.push({
      section,
      name: 'customer sweep: concurrent vs sequential pages (limits lifted)',
      value: speedup,
      unit: 'x faster',
      target: '>= 5',
      pass: speedup >= 5,
      note: `${CUSTOMERS} customers, ${LATENCY_MS} ms latency: sequential ${Math.round(seq.ms)} ms, concurrent ${Math.round(conc.ms)} ms (10 pages in flight)`,
    })

    // (2) documented limit (scaled), client limiter on: time vs the minimum the limit allows.
    const limits: RateLimitSetting = { overrides: { customers: { limit: LIMIT, windowMs: WINDOW_MS } } }
    sb.setRateLimits(limits)
    // The minimum includes one round trip: the last window's calls still have to come back.
    let retries = 0
    const limiter = new CallPacer(limits)
    const oneCall = await timed(() => clientFor(sb, null).getCustomer(sb.state.listCustomers()[0]?.id ?? 0))
    // That call used one slot of the sandbox's window: start the sweep from a clean window on both sides.
    sb.setRateLimits(limits)
    const needed = Math.floor(CUSTOMERS / PER_PAGE) + 1 // the last page is the short (here: empty) one
    const minimumMs = Math.floor((needed - 1) / LIMIT) * WINDOW_MS + oneCall.ms
    let failed = 0
    const limited = await timed(() =>
      clientFor(sb, limiter, () => retries++)
        .listAllCustomers()
        .catch((e: unknown) => {
          failed++
          throw e
        }),
    )
    const ratio = limited.ms / minimumMs
    out.push({
      section,
      name: 'customer sweep under the documented limit vs the minimum it allows',
      value: ratio,
      unit: 'x minimum',
      target: '<= 1.1',
      pass: ratio <= 1.1 && failed === 0 && retries === 0 && limited.value.length === CUSTOMERS,
      note: `limit scaled to ${LIMIT} per ${WINDOW_MS / 1000} s on sandbox and client alike (documented: 60/min); ${needed} calls needed; took ${Math.round(limited.ms)} ms vs minimum ${Math.round(minimumMs)} ms; ${retries} retries (429s), ${failed} failed calls`,
    })
    out.push({ section, name: 'calls refused (429) during the limited sweep', value: retries, unit: 'calls', target: '== 0', pass: retries === 0 })

    // (3) opening from the cache: a fresh service on a directory written by a previous run.
    await new DirectoryCache(dataDir).writeCustomers('bench', { fetchedAt: new Date().toISOString(), items: conc.value })
    const service = createWorkspaceService({
      profiles: {
        getProfile: () => Promise.reject(new Error('not used')),
        apiTarget: async () => ({ profileId: 'bench', apiOrigin: sb.baseUrl, appOrigin: sb.baseUrl, apiToken: sb.token }),
      },
      events: { emit: () => undefined },
      dataDir,
      autoRefresh: false,
    })
    const open = await timed(() => service.handlers['customers:list']({ profileId: 'bench' }, { signal: new AbortController().signal }))
    const firstRows = open.value.items.slice(0, 100)
    if (firstRows.length !== 100) throw new Error('cache did not hold the directory')
    sb.setRateLimits('off')
    const firstPage = await timed(() => clientFor(sb, null).listCustomersPage(1))
    out.push({
      section,
      name: 'open the customer directory from the cache: time to the first 100 rows',
      value: open.ms,
      unit: 'ms',
      note: `whole ${open.value.items.length}-customer directory read, parsed and validated from disk; for comparison the first API page takes ${Math.round(firstPage.ms)} ms and the full sweep under the real 60/min limit at least ${Math.floor((needed - 1) / 60) * 60} s`,
    })
  } finally {
    await sb.close()
    await rm(dataDir, { recursive: true, force: true })
  }
  return out
}

const bench: BenchSection = { name: 'api-client', run }
export default bench
