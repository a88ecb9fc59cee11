/** shared/domain/widget: message envelope parsing (§8.2, §8.3), reasons and the sandbox's sub parser (§7.2). */
import { describe, expect, it } from 'vitest'
import { parseSub } from '../../../../electron/emulator/widget/token'
import { describeWidgetRejection, fatalEmbeddingError, parseWidgetMessage, widgetMessageTypes, widgetRejectionReasonCodes } from '../../../../shared/domain/widget'

describe('parseWidgetMessage', () => {
  it('accepts the documented JSON-string messages with wk:true', () => {
    const r = parseWidgetMessage('{"wk":true,"type":"connectionStatusChange","payload":{"id":1403739,"provider":"salesforce","connected":true}}')
    expect(r).toEqual({ ok: true, message: { wk: true, type: 'connectionStatusChange', payload: { id: 1403739, provider: 'salesforce', connected: true } } })
    expect(parseWidgetMessage({ wk: true, type: 'heightChange', payload: { height: 320 } })?.ok).toBe(true)
    expect(parseWidgetMessage({ wk: true, type: 'unloaded' })?.ok).toBe(true)
    expect(parseWidgetMessage({ wk: true, type: 'navigated', payload: { url: '/recipes/5', replaced: false } })?.ok).toBe(true)
    expect(parseWidgetMessage({ wk: true, type: 'error', payload: fatalEmbeddingError('sub_missing') })).toMatchObject({ ok: true })
  })

  it('ignores anything without wk:true and reports malformed payloads', () => {
    expect(parseWidgetMessage('not json')).toBeNull()
    expect(parseWidgetMessage({ type: 'heightChange', payload: { height: 1 } })).toBeNull()
    expect(parseWidgetMessage('{"wk":"true","type":"heightChange"}')).toBeNull()
    const bad = parseWidgetMessage({ wk: true, type: 'heightChange', payload: { height: 'tall' } })
    expect(bad?.ok).toBe(false)
    expect(parseWidgetMessage({ wk: true, type: 'telepathy', payload: {} })?.ok).toBe(false)
  })

  it('names every message type', () => {
    expect(widgetMessageTypes).toEqual(['heightChange', 'connectionStatusChange', 'error', 'loaded', 'navigated', 'unloaded', 'click'])
  })

  it('has a sentence and a fix for every reason', () => {
    for (const code of widgetRejectionReasonCodes) {
      const d = describeWidgetRejection(code)
      expect(d?.explanation.length).toBeGreaterThan(20)
      expect(d?.fix.length).toBeGreaterThan(20)
    }
    expect(describeWidgetRejection('nope')).toBeUndefined()
    expect(fatalEmbeddingError('jti_reused')).toEqual({ type: 'FatalEmbeddingError', message: 'Fatal embedding error: jti_reused', details: { reason: 'jti_reused' } })
  })
})

describe('parseSub', () => {
  it('splits vendor, customer and optional user, URL-decoding the E segments', () => {
    expect(parseSub('we1:123')).toEqual({ vendor: 'we1', customer: '123', user: null })
    expect(parseSub('we1:EAM10%3AXV303:E9911')).toEqual({ vendor: 'we1', customer: 'EAM10:XV303', user: 'E9911' })
    expect(parseSub('we1')).toBeNull()
    expect(parseSub('we1::')).toBeNull()
    expect(parseSub('a:b:c:d')).toBeNull()
    expect(parseSub('we1:E%ZZ')).toBeNull()
  })
})
