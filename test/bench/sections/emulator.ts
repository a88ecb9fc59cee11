/**
 * Sandbox numbers: seeding 10,000 customers (time, RSS and heap after seeding), then the latency of
 * `GET /api/managed_users?page=k&per_page=100` and of a connections list over ~200 real HTTP calls each, with
 * rate limits off and no injected faults. Connection lists hit a different customer each call, so they include
 * generating that customer's workspace the first time (the lazy path). Reported only: no timed targets.
 */
import { startEmulator } from '../../../electron/emulator'
import type { BenchResult, BenchSection } from '../types'

const CUSTOMERS = 10_000
const CALLS = 200
const mb = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i] ?? NaN
}

async function timeCalls(urls: string[], token: string): Promise<{ median: number; p95: number }> {
  const times: number[] = []
  for (const url of urls) {
    const t0 = performance.now()
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } })
    const body = (await res.json()) as { result?: unknown[] }
    times.push(performance.now() - t0)
    if (res.status !== 200 || !Array.isArray(body.result)) throw new Error(`bench call failed: ${res.status} ${url}`)
  }
  times.sort((a, b) => a - b)
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95) }
}

const section: BenchSection = {
  name: 'emulator',
  async run(): Promise<BenchResult[]> {
    const before = process.memoryUsage()
    const t0 = performance.now()
    const h = await startEmulator({ customers: CUSTOMERS, rateLimits: 'off' })
    const seedMs = performance.now() - t0
    const after = process.memoryUsage()
    try {
      // Warm up the HTTP path so the first connection setup is not in the numbers.
      await timeCalls([`${h.baseUrl}/api/managed_users?per_page=1`], h.token)
      const pages = CUSTOMERS / 100
      const customerUrls = Array.from({ length: CALLS }, (_, i) => `${h.baseUrl}/api/managed_users?page=${(i % pages) + 1}&per_page=100`)
      const customers = await timeCalls(customerUrls, h.token)
      const ids = h.state.listCustomers().map((c) => c.id)
      const step = Math.floor(ids.length / CALLS)
      const connUrls = Array.from(
        { length: CALLS },
        (_, i) => `${h.baseUrl}/api/managed_users/${ids[i * step]}/connections?include_runtime_connections=true`,
      )
      const connections = await timeCalls(connUrls, h.token)
      // The truth reads every workspace once (then keeps only the problems of untouched ones).
      const t1 = performance.now()
      const problems = h.truth().length
      const truthMs = performance.now() - t1
      const t2 = performance.now()
      h.truth()
      const truthAgainMs = performance.now() - t2
      const end = process.memoryUsage()
      const s = 'emulator'
      return [
        { section: s, name: 'truth() first call', value: Math.round(truthMs), unit: 'ms', note: `${problems} problems` },
        { section: s, name: 'truth() again', value: Math.round(truthAgainMs), unit: 'ms' },
        { section: s, name: `seed ${CUSTOMERS} customers`, value: Math.round(seedMs), unit: 'ms' },
        {
          section: s,
          name: 'RSS after seeding',
          value: mb(after.rss),
          unit: 'MB',
          note: `process total; +${mb(after.rss - before.rss)} MB for the emulator`,
        },
        {
          section: s,
          name: 'heap used after seeding',
          value: mb(after.heapUsed),
          unit: 'MB',
          note: `+${mb(after.heapUsed - before.heapUsed)} MB for the emulator`,
        },
        { section: s, name: 'GET managed_users per_page=100 median', value: customers.median, unit: 'ms', note: `${CALLS} calls` },
        { section: s, name: 'GET managed_users per_page=100 p95', value: customers.p95, unit: 'ms' },
        {
          section: s,
          name: 'GET connections median',
          value: connections.median,
          unit: 'ms',
          note: `${CALLS} customers, first touch generates the workspace`,
        },
        { section: s, name: 'GET connections p95', value: connections.p95, unit: 'ms' },
        {
          section: s,
          name: 'heap used after the calls',
          value: mb(end.heapUsed),
          unit: 'MB',
          note: `${h.state.materializedWorkspaces()} workspaces generated`,
        },
      ]
    } finally {
      await h.close()
    }
  },
}

export default section
