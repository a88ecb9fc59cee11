import { describe, expect, it, vi } from 'vitest'
import { createWidgetRelay, inspectWidgetMessage, MAX_WIDGET_MESSAGE_BYTES } from '../../../../shared/widget-relay'

const APP = 'https://app.workato.com'
const frame = { name: 'workato iframe window' }
const msg = (data: unknown, over: Partial<{ origin: string; source: unknown }> = {}) =>
  inspectWidgetMessage({ origin: APP, source: frame, data, ...over }, APP, frame, 1)

describe('widget relay checks (reference §8.2, §8.3)', () => {
  it('accepts each documented message as a JSON string and as an object', () => {
    const good = [
      { wk: true, type: 'heightChange', payload: { height: 420 } },
      { wk: true, type: 'connectionStatusChange', payload: { id: 7, provider: 'salesforce', connected: true } },
      { wk: true, type: 'error', payload: { message: 'boom', type: 'FatalEmbeddingError', details: { reason: 'sub_missing' } } },
      { wk: true, type: 'loaded', payload: { url: '/x' } },
      { wk: true, type: 'unloaded' },
    ]
    for (const m of good) {
      expect(msg(JSON.stringify(m))).toMatchObject({ accepted: true, reason: null, dataKind: 'string', message: { type: m.type } })
      expect(msg(m)).toMatchObject({ accepted: true, dataKind: 'object' })
    }
  })

  it('rejects with the reason, and keeps the raw text', () => {
    expect(msg('{"wk":true,"type":"heightChange","payload":{"height":1}}', { origin: 'https://evil.example' })).toMatchObject({
      accepted: false,
      reason: 'wrong_origin',
      origin: 'https://evil.example',
    })
    expect(msg('{"wk":true,"type":"heightChange","payload":{"height":1}}', { source: {} })).toMatchObject({ accepted: false, reason: 'wrong_source' })
    expect(msg('{not json')).toMatchObject({ accepted: false, reason: 'not_json', raw: '{not json' })
    expect(msg('[1,2]')).toMatchObject({ accepted: false, reason: 'not_object' })
    expect(msg({ type: 'heightChange', payload: { height: 3 } })).toMatchObject({ accepted: false, reason: 'not_workato' })
    expect(msg({ wk: true, type: 'somethingNew', payload: {} })).toMatchObject({
      accepted: false,
      reason: 'unknown_type',
      message: { type: 'somethingNew' },
    })
    const bad = msg({ wk: true, type: 'heightChange', payload: { height: 'tall' } })
    expect(bad).toMatchObject({ accepted: false, reason: 'bad_shape' })
    expect(bad.detail).toMatch(/payload\.height/)
    expect(msg({ wk: true, type: 'connectionStatusChange', payload: { provider: 'x' } })).toMatchObject({ accepted: false, reason: 'bad_shape' })
  })

  it('caps the size and truncates what it keeps', () => {
    const big = JSON.stringify({ wk: true, type: 'heightChange', payload: { height: 1, pad: 'x'.repeat(MAX_WIDGET_MESSAGE_BYTES) } })
    const r = msg(big)
    expect(r).toMatchObject({ accepted: false, reason: 'too_large', size: big.length })
    expect(r.raw.length).toBeLessThanOrEqual(2048)
  })

  it('reads the expected origin lazily (the preload runs before the host page is parsed)', () => {
    let origin = ''
    const deliver = vi.fn()
    const relay = createWidgetRelay({ expectedOrigin: () => origin, getWidgetWindow: () => frame, deliver, now: () => 5 })
    const ev = { origin: APP, source: frame, data: '{"wk":true,"type":"heightChange","payload":{"height":9}}' } as unknown as MessageEvent
    relay(ev)
    origin = APP
    relay(ev)
    expect(deliver.mock.calls.map((c) => (c[0] as { reason: string | null }).reason)).toEqual(['wrong_origin', null])
  })
  it('delivers a message the checks choke on as rejected instead of losing it', () => {
    const deliver = vi.fn()
    const relay = createWidgetRelay({ expectedOrigin: APP, getWidgetWindow: () => frame, deliver, now: () => 5 })
    const hostile = {
      get wk(): boolean {
        throw new Error('getter trap')
      },
    }
    relay({ origin: APP, source: frame, data: hostile } as unknown as MessageEvent)
    expect(deliver).toHaveBeenCalledWith(
      expect.objectContaining({ accepted: false, reason: 'bad_shape', detail: 'could not be checked: getter trap' }),
    )
  })
})
