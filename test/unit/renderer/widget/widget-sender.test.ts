/**
 * The store's batch sender against a fake core that keeps a log like core does (one entry per new record,
 * a resent record skipped by its running number) and whose save calls can be made to fail.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WidgetLogEntry } from '@shared/contract/widget'
import { AppError } from '@shared/errors'
import { RETRY_BASE_MS, RETRY_MAX_MS, SEND_QUEUE_CAP, useWidgetStore } from '@/stores/widget'
import { installFakeBridge } from '../../../support/fake-bridge'
import { openAttempt } from './attempt-fixture'

interface SentRecord {
  at: number
  origin: string
  accepted: boolean
  reason: string | null
  raw: string
  size: number
  message: { type: string } | null
}

const core = {
  log: [] as WidgetLogEntry[],
  received: 0,
  calls: 0,
  /** Calls that fail before core logs anything (core unreachable). */
  failBefore: 0,
  /** Calls that fail after core logged the batch (the answer is lost on the way back). */
  failAfter: 0,
  closed: false,
}

const attempt = openAttempt()

function record(req: { records: SentRecord[]; afterSeq: number; firstIndex?: number }): { entries: WidgetLogEntry[]; received: number } {
  core.calls++
  if (core.closed) throw new AppError({ code: 'conflict', message: 'This widget attempt is closed.', details: { reason: 'attempt_closed' } })
  if (core.failBefore > 0) {
    core.failBefore--
    throw new Error('Could not reach core (save failed).')
  }
  const first = req.firstIndex ?? core.received
  const skip = Math.max(0, core.received - first)
  for (const r of req.records.slice(skip)) {
    core.log.push({
      seq: core.log.length,
      at: r.at,
      direction: 'in',
      origin: r.origin,
      type: r.message?.type ?? '',
      accepted: r.accepted,
      reason: r.reason,
      detail: null,
      size: r.size,
      raw: r.raw,
    })
  }
  core.received = Math.max(core.received, first + req.records.length)
  if (core.failAfter > 0) {
    core.failAfter--
    throw new Error('The answer was lost.')
  }
  return { entries: core.log.slice(req.afterSeq + 1), received: core.received }
}

const fake = installFakeBridge()
function answerCore() {
  fake.answer('widget:open', () => ({ ...attempt }))
  fake.answer('widget:record', (req) => record(req))
  fake.answer('widget:close', () => {
    core.closed = true
    return { ...attempt, closedAt: '2026-11-26T00:01:00.000Z', outcome: 'abandoned', messageCount: core.log.length }
  })
}

const msg = (i: number) => {
  const raw = JSON.stringify({ wk: true, type: 'heightChange', payload: { height: i } })
  return {
    at: i,
    origin: attempt.appOrigin,
    accepted: true,
    reason: null,
    message: { type: 'heightChange', payload: { height: i }, wk: true },
    raw,
    size: raw.length,
    dataKind: 'string',
  }
}
const flood = (from: number, n: number) => Array.from({ length: n }, (_, i) => msg(from + i))

/** Lets the store's promise chains run (the fake core answers without a timer). */
async function settle() {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

describe('widget batch sender', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    Object.assign(core, { log: [], received: 0, calls: 0, failBefore: 0, failAfter: 0, closed: false })
    fake.reset()
    answerCore()
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('a flood of 600 while saves fail loses none once saves recover, and shows what is waiting', async () => {
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    core.failBefore = 3
    for (let i = 0; i < 6; i++) s.ingest(flood(i * 100, 100))
    await settle()
    expect(core.log).toHaveLength(0)
    expect(s.unsent).toBe(600)
    expect(s.recordError).toMatch(/Could not record widget messages: Could not reach core \(save failed\)\. Retrying in 1 s; 600 waiting\./)
    // Backoff: 0.5 s, 1 s, 2 s; nothing is sent before each delay has passed.
    const callsBefore = core.calls
    await vi.advanceTimersByTimeAsync(RETRY_BASE_MS - 1)
    expect(core.calls).toBe(callsBefore)
    await vi.advanceTimersByTimeAsync(1 + RETRY_BASE_MS * 2 + RETRY_BASE_MS * 4)
    await settle()
    expect(core.log.map((e) => e.at)).toEqual(Array.from({ length: 600 }, (_, i) => i))
    await vi.advanceTimersByTimeAsync(300) // the inspector's list refresh
    expect(s.entries.map((e) => e.at)).toEqual(Array.from({ length: 600 }, (_, i) => i))
    expect(s.unsent).toBe(0)
    expect(s.unsentDropped).toBe(0)
    expect(s.recordError).toBeNull()
  })

  it('a batch whose answer was lost is resent and logged once', async () => {
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    core.failAfter = 1
    s.ingest(flood(0, 600))
    await settle()
    await vi.advanceTimersByTimeAsync(RETRY_BASE_MS)
    await settle()
    expect(core.log.map((e) => e.at)).toEqual(Array.from({ length: 600 }, (_, i) => i))
    await vi.advanceTimersByTimeAsync(300)
    expect(s.entries).toHaveLength(600)
  })

  it('the backoff doubles up to its cap, and the queue cap drops the oldest, counted', async () => {
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    core.failBefore = 1_000
    s.ingest(flood(0, 10))
    await settle()
    let waited = 0
    for (let k = 0; k < 12; k++) {
      const before = core.calls
      const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** k)
      await vi.advanceTimersByTimeAsync(delay - 1)
      expect(core.calls).toBe(before)
      await vi.advanceTimersByTimeAsync(1)
      await settle()
      expect(core.calls).toBe(before + 1)
      waited += delay
    }
    expect(waited).toBeGreaterThan(RETRY_MAX_MS * 4) // it kept trying at the capped pace
    s.ingest(flood(10, SEND_QUEUE_CAP))
    expect(s.unsent).toBe(SEND_QUEUE_CAP)
    expect(s.unsentDropped).toBe(10)
    core.failBefore = 0
    await vi.advanceTimersByTimeAsync(RETRY_MAX_MS)
    await settle()
    for (let i = 0; i < 50 && s.unsent > 0; i++) await settle()
    expect(core.log).toHaveLength(SEND_QUEUE_CAP)
    expect(core.log[0]?.at).toBe(10)
    expect(s.unsent).toBe(0)
    expect(s.unsentDropped).toBe(10)
  })

  it('flushes before it closes, and counts what core refused after close', async () => {
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    s.ingest(flood(0, 700))
    await s.close()
    expect(core.log).toHaveLength(700)
    expect(s.phase).toBe('closed')

    // A second console window (or a stale view) still sends for the closed attempt: core refuses, the store says so.
    const other = useWidgetStore(createPinia())
    await other.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    other.ingest(flood(700, 5))
    await settle()
    expect(core.log).toHaveLength(700)
    expect(other.refusedAfterClose).toBe(5)
    expect(other.unsent).toBe(0)
    expect(other.recordError).toMatch(/5 widget messages arrived after the attempt was closed/)
  })
})
