/**
 * Widget message log numbers (architecture.md budget: "100,000 messages held with bounded memory; 1,000
 * messages/s for 10 s without dropping any"):
 *  1. memory: 100,000 realistic messages through `widget:record` into one attempt's log; heap delta and bytes
 *     per message; then 100,000 more, which must not grow the heap (the ring buffer evicts);
 *  2. throughput: 1,000 messages/s for 10 s, each through the same relay checks the preload runs
 *     (shared/widget-relay.ts, zod shapes included), batched like the renderer does, validated by the contract
 *     dispatch and appended to the log. Counted: sent, relayed, logged; dropped must be 0.
 */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createAuditLog } from '../../../electron/core/audit'
import { dispatch } from '../../../electron/core/rpc/dispatch'
import type { Handlers } from '../../../electron/core/rpc/types'
import { createWidgetService, DEFAULT_LOG_CAPACITY, widgetHandlers, type WidgetService } from '../../../electron/core/widget'
import { createWidgetGrants } from '../../../electron/core/widget-grants'
import { createWidgetRelay, type RelayedMessage } from '../../../shared/widget-relay'
import type { BenchResult, BenchSection } from '../types'

const APP = 'https://app.workato.com'
const HOST = 'https://console.embedded.local'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

function heap(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

async function service(): Promise<{ svc: WidgetService; attemptId: string; handlers: Handlers }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-bench-widget-'))
  const svc = createWidgetService({
    profiles: {
      getProfile: async () => ({
        id: 'bench',
        name: 'Bench',
        dataCenter: 'us',
        customBaseUrl: null,
        vendorId: 'v',
        originUrls: [HOST],
        environment: 'test',
        createdAt: '',
        updatedAt: '',
      }),
      apiTarget: async () => ({ profileId: 'bench', apiOrigin: 'https://www.workato.com', appOrigin: APP, apiToken: 'x' }),
    },
    mint: async () => ({ token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ2OjEifQ.c2ln', claims: { sub: 'v:1', jti: 'j', iat: 1, origin: HOST } }),
    getConnection: async () => ({ id: 1, name: 'c', provider: 'salesforce', authorization_status: 'success' }),
    inspectToken: async () => {
      throw new Error('the bench never opens the token panel')
    },
    grants: createWidgetGrants(),
    audit: createAuditLog({ dataDir }),
    events: { emit: () => {} },
    openExternal: async () => {},
    loopbackOrigins: () => [],
    host: {
      embed: 'webview',
      preloadPath: '',
      prepare: async ({ attemptId }) => ({ hostUrl: `${HOST}/h?attempt=${attemptId}`, hostOrigin: HOST }),
      publish: async () => {},
      release: async () => {},
    },
  })
  const a = await svc.open({ profileId: 'bench', customerId: 1, connectionId: 1 })
  return { svc, attemptId: a.attemptId, handlers: widgetHandlers(svc) as unknown as Handlers }
}

/** What Workato's widget sends, in proportion: mostly heights, some status changes and navigations. */
function sample(i: number): string {
  switch (i % 10) {
    case 0:
      return JSON.stringify({
        wk: true,
        type: 'connectionStatusChange',
        payload: { id: 1_403_739 + (i % 97), provider: 'salesforce', connected: i % 20 === 0 },
      })
    case 1:
      return JSON.stringify({ wk: true, type: 'navigated', payload: { url: `/connections/${i}`, replaced: false } })
    default:
      return JSON.stringify({ wk: true, type: 'heightChange', payload: { height: 300 + (i % 400) } })
  }
}

function relayed(i: number): RelayedMessage {
  const raw = sample(i)
  const message = JSON.parse(raw) as RelayedMessage['message']
  return { at: Date.now(), origin: APP, accepted: true, reason: null, message, raw, size: raw.length, dataKind: 'string' }
}

async function memory(): Promise<BenchResult[]> {
  const { svc, attemptId, handlers } = await service()
  const ctx = { signal: new AbortController().signal }
  const before = heap()
  const N = DEFAULT_LOG_CAPACITY
  for (let i = 0; i < N; i += 500) {
    const records = Array.from({ length: 500 }, (_, k) => relayed(i + k))
    // afterSeq = the newest seq: the answer carries only this batch, like the live renderer's calls.
    const r = await dispatch(handlers, 'widget:record', { attemptId, records, afterSeq: i - 1 }, ctx)
    if (!r.ok) throw new Error(r.error.message)
  }
  const held = svc.messages(attemptId, -1, 1).total
  const after100k = heap()
  for (let i = N; i < 2 * N; i += 500) {
    svc.record(
      attemptId,
      Array.from({ length: 500 }, (_, k) => relayed(i + k)),
    )
  }
  const after200k = heap()
  const log = svc.messages(attemptId, -1, 2 * N)
  const delta = after100k - before
  return [
    {
      section: 'widget',
      name: 'messages held in one attempt log',
      value: log.entries.length,
      unit: 'messages',
      target: `= ${N}`,
      pass: log.entries.length === N && held === N,
      note: `${log.total} appended, ${log.evicted} evicted`,
    },
    { section: 'widget', name: 'heap delta for 100,000 messages', value: delta / 1024 / 1024, unit: 'MiB' },
    {
      section: 'widget',
      name: 'bytes per held message',
      value: Math.round(delta / N),
      unit: 'B/message',
      note: 'entry object + redacted raw JSON text (~60-110 chars)',
    },
    {
      section: 'widget',
      name: 'heap after 200,000 appended / after 100,000',
      value: after200k / after100k,
      unit: 'ratio',
      target: '<= 1.1',
      pass: after200k / after100k <= 1.1,
      note: 'the ring buffer evicts: memory is bounded by capacity, not by traffic',
    },
  ]
}

async function throughput(): Promise<BenchResult[]> {
  const { svc, attemptId, handlers } = await service()
  const ctx = { signal: new AbortController().signal }
  const RATE = 1000
  const SECONDS = 10
  const TICK_MS = 10
  const PER_TICK = (RATE * TICK_MS) / 1000
  const widgetWindow = { name: 'workato iframe' }
  let sent = 0
  let relayedCount = 0
  let logged = 0
  let lastSeq = -1
  const pending: RelayedMessage[] = []
  let inflight: Promise<void> | null = null
  let busyMs = 0

  const flush = async (): Promise<void> => {
    if (inflight) return inflight
    inflight = (async () => {
      while (pending.length) {
        const batch = pending.splice(0, 500)
        const t0 = performance.now()
        const r = await dispatch(handlers, 'widget:record', { attemptId, records: batch, afterSeq: lastSeq }, ctx)
        busyMs += performance.now() - t0
        if (!r.ok) throw new Error(r.error.message)
        const entries = (r.data as { entries: { seq: number; direction: string }[] }).entries
        for (const e of entries) {
          if (e.seq > lastSeq) {
            lastSeq = e.seq
            if (e.direction === 'in') logged++
          }
        }
      }
    })().finally(() => {
      inflight = null
    })
    return inflight
  }
  const relay = createWidgetRelay({
    expectedOrigin: APP,
    getWidgetWindow: () => widgetWindow,
    deliver: (rec) => {
      relayedCount++
      pending.push(rec)
      void flush()
    },
  })

  const t0 = performance.now()
  await new Promise<void>((resolve) => {
    const total = RATE * SECONDS
    const timer = setInterval(() => {
      // Catch up with wall time so timer jitter does not lower the offered rate.
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * RATE) + PER_TICK)
      const tr = performance.now()
      while (sent < due) {
        relay({ origin: APP, source: widgetWindow, data: sample(sent) } as unknown as MessageEvent)
        sent++
      }
      busyMs += performance.now() - tr
      if (sent >= total) {
        clearInterval(timer)
        resolve()
      }
    }, TICK_MS)
  })
  await flush()
  await flush()
  const elapsed = (performance.now() - t0) / 1000
  const total = svc.messages(attemptId, -1, 1).total
  const dropped = sent - logged
  return [
    {
      section: 'widget',
      name: 'messages offered at 1,000/s for 10 s',
      value: sent,
      unit: 'messages',
      note: `over ${elapsed.toFixed(2)} s (${Math.round(sent / elapsed)}/s)`,
    },
    {
      section: 'widget',
      name: 'messages relayed and logged',
      value: logged,
      unit: 'messages',
      note: `relay delivered ${relayedCount}, log holds ${total}`,
    },
    { section: 'widget', name: 'messages dropped', value: dropped, unit: 'messages', target: '= 0', pass: dropped === 0 && total === sent },
    {
      section: 'widget',
      name: 'relay + record CPU per message',
      value: (busyMs * 1000) / sent,
      unit: 'µs/message',
      note: `${((busyMs / (elapsed * 1000)) * 100).toFixed(1)}% of one core at 1,000/s`,
    },
  ]
}

const section: BenchSection = {
  name: 'widget',
  async run() {
    return [...(await memory()), ...(await throughput())]
  },
}
export default section
