import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { WidgetLogEntry } from '@shared/contract/widget'
import { useWidgetStore, SILENCE_MS } from '@/stores/widget'
import { installFakeBridge } from '../../../support/fake-bridge'
import { openAttempt } from './attempt-fixture'

let seq = 0
let apiConnected = false
const attempt = openAttempt({ openedAt: new Date().toISOString() })

const fake = installFakeBridge()
const calls = fake.calls

function answerWidget() {
  fake.answer('widget:open', () => ({ ...attempt }))
  fake.answer('widget:record', (r) => {
    const entries: WidgetLogEntry[] = r.records.map((x) => ({
      seq: seq++,
      at: x.at,
      direction: 'in',
      origin: x.origin,
      type: x.message?.type ?? '',
      accepted: x.accepted,
      reason: x.reason,
      detail: null,
      size: x.size,
      raw: x.raw,
    }))
    return { entries }
  })
  fake.answer('widget:check', () => ({
    connected: apiConnected,
    status: apiConnected ? 'success' : 'pending',
    error: null,
    connection: { id: 11, name: 'c', provider: 'jira' },
    checkedAt: new Date().toISOString(),
  }))
  fake.answer('widget:close', () => ({ ...attempt, closedAt: new Date().toISOString(), outcome: 'abandoned' }))
  fake.answer('widget:diagnose', () => ({
    verdict: 'host_not_registered',
    wrong: { fact: 'host_origin', value: 'http://127.0.0.1:5555' },
    headline: "The host page's origin http://127.0.0.1:5555 (also the token's origin claim) is not registered.",
    fix: 'Register it.',
    facts: [],
    unknowns: [],
  }))
  fake.answer('connections:list', () => ({ items: [], fetchedAt: null, stale: false, error: null }))
}

const record = (data: object, accepted = true, reason: string | null = null) => {
  const raw = JSON.stringify(data)
  return {
    at: Date.now(),
    origin: attempt.appOrigin,
    accepted,
    reason,
    message: { type: (data as { type: string }).type, payload: (data as { payload?: unknown }).payload, wk: true },
    raw,
    size: raw.length,
    dataKind: 'string',
  }
}

describe('widget store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    fake.reset()
    answerWidget()
    seq = 0
    apiConnected = false
  })

  it('resizes on heightChange and says connected only when the API agrees', async () => {
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    s.ingest([record({ wk: true, type: 'heightChange', payload: { height: 640 } })])
    await s.flush()
    expect(s.height).toBe(640)
    expect(s.phase).toBe('live')

    s.ingest([record({ wk: true, type: 'connectionStatusChange', payload: { id: 11, provider: 'jira', connected: true } })])
    await vi.waitFor(() => expect(calls.some((c) => c.op === 'widget:check')).toBe(true))
    await vi.waitFor(() => expect(s.checking).toBe(false))
    expect(s.connected).toBe(false) // the widget said so; the API did not

    apiConnected = true
    await s.confirm()
    expect(s.connected).toBe(true)
    expect(calls.some((c) => c.op === 'connections:list')).toBe(true) // the customer's list is refreshed
  })

  it("the API check's log line is read back before the verdict shows", async () => {
    const { watch } = await import('vue')
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    apiConnected = true
    let opsWhenConnected: string[] = []
    watch(
      () => s.connected,
      (v) => {
        if (v) opsWhenConnected = calls.map((c) => c.op)
      },
      { flush: 'sync' },
    )
    await s.confirm()
    expect(s.connected).toBe(true)
    const checkAt = opsWhenConnected.indexOf('widget:check')
    expect(checkAt).toBeGreaterThanOrEqual(0)
    // A record call after the check pulls core's "apiCheck" note before "Connected" is shown.
    expect(opsWhenConnected.slice(checkAt + 1)).toContain('widget:record')
  })

  it('explains a token rejection in plain words', async () => {
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    s.ingest([
      record({
        wk: true,
        type: 'error',
        payload: { type: 'FatalEmbeddingError', message: 'Fatal embedding error: sub_missing', details: { reason: 'sub_missing' } },
      }),
    ])
    await s.flush()
    expect(s.widgetError?.reason).toBe('sub_missing')
    expect(s.widgetError?.rejection?.explanation).toBe('The token has no sub claim.')
  })

  it('reports silence when nothing arrives after load, and not when something does', async () => {
    vi.useFakeTimers()
    try {
      const s = useWidgetStore()
      await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
      s.hostLoaded()
      vi.advanceTimersByTime(SILENCE_MS + 10)
      expect(s.silent).toBe(true)
      // Silence asks core for the facts once, and the verdict names the wrong origin.
      await vi.waitFor(() => expect(s.diagnosis?.wrong).toEqual({ fact: 'host_origin', value: 'http://127.0.0.1:5555' }))
      expect(calls.filter((c) => c.op === 'widget:diagnose')).toHaveLength(1)
      s.hostLoaded()
      s.ingest([record({ wk: true, type: 'heightChange', payload: { height: 300 } })])
      await s.flush()
      vi.advanceTimersByTime(SILENCE_MS + 10)
      expect(s.silent).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })

  it("shows the reason the widget page itself showed, with a diagnosis, and ignores another attempt's page", async () => {
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    fake.emit('widget:page', { attemptId: 'other-attempt-1', reason: 'jti_reused', text: 'Fatal embedding error: jti_reused' })
    expect(s.widgetError).toBeNull()
    fake.emit('widget:page', { attemptId: attempt.attemptId, reason: 'origin_not_allowed', text: 'Fatal embedding error: origin_not_allowed' })
    expect(s.widgetError).toMatchObject({
      reason: 'origin_not_allowed',
      fromPage: true,
      rejection: { explanation: expect.stringMatching(/not allowlisted/) },
    })
    await vi.waitFor(() => expect(s.diagnosis?.verdict).toBe('host_not_registered'))
  })

  it('logs a record of an unexpected shape as rejected instead of dropping it', async () => {
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    s.ingest([{ nonsense: true }])
    await s.flush()
    const sent = calls.find((c) => c.op === 'widget:record')?.request as { records: { accepted: boolean; reason: string }[] }
    expect(sent.records[0]).toMatchObject({ accepted: false, reason: 'bad_shape' })
  })

  it('knows whether the widget itself reported "connected" in this attempt', async () => {
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    s.ingest([record({ wk: true, type: 'heightChange', payload: { height: 300 } })])
    await s.flush()
    await s.confirm()
    // A plain check after only a heightChange: the widget claimed nothing.
    expect(s.check?.connected).toBe(false)
    expect(s.widgetReportedConnected).toBe(false)

    // A rejected status message (wrong origin) is not a report either.
    s.ingest([record({ wk: true, type: 'connectionStatusChange', payload: { id: 11, provider: 'jira', connected: true } }, false, 'wrong_origin')])
    await s.flush()
    expect(s.widgetReportedConnected).toBe(false)
    // "disconnected" is not a claim of success.
    s.ingest([record({ wk: true, type: 'connectionStatusChange', payload: { id: 11, provider: 'jira', connected: false } })])
    await s.flush()
    expect(s.widgetReportedConnected).toBe(false)

    s.ingest([record({ wk: true, type: 'connectionStatusChange', payload: { id: 11, provider: 'jira', connected: true } })])
    await s.flush()
    expect(s.widgetReportedConnected).toBe(true)
    await vi.waitFor(() => expect(s.checking).toBe(false))

    // A new attempt starts clean.
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    expect(s.widgetReportedConnected).toBe(false)
    expect(s.check).toBeNull()
  })

  it('counts what "Clear" took out of the view', async () => {
    const s = useWidgetStore()
    await s.open({ profileId: 'sandbox', customerId: 5, connectionId: 11 })
    s.ingest([
      record({ wk: true, type: 'heightChange', payload: { height: 300 } }),
      record({ wk: true, type: 'heightChange', payload: { height: 310 } }),
    ])
    await s.flush()
    expect(s.cleared).toBe(0)
    s.clearLog()
    expect(s.entries).toHaveLength(0)
    expect(s.cleared).toBe(2)
    expect(s.dropped).toBe(0)
  })
})
