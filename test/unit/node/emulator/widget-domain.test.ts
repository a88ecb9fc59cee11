/** shared/domain/widget: message envelope parsing (§8.2, §8.3), reasons and the sandbox's sub parser (§7.2). */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSub } from '../../../../electron/emulator/widget/token'
import {
  describeWidgetRejection,
  fatalEmbeddingError,
  widgetMessageSchema,
  widgetMessageTypes,
  widgetRejectionReasonCodes,
} from '../../../../shared/domain/widget'

describe('widget message envelope', () => {
  // The relay (shared/widget-relay.ts) checks origin, size and `wk: true` before this schema; here only the shapes.
  it('accepts the documented messages with wk:true and refuses malformed payloads and unknown types', () => {
    const ok = (m: unknown) => widgetMessageSchema.safeParse(m).success
    expect(
      widgetMessageSchema.parse(
        JSON.parse('{"wk":true,"type":"connectionStatusChange","payload":{"id":1403739,"provider":"salesforce","connected":true}}'),
      ),
    ).toEqual({
      wk: true,
      type: 'connectionStatusChange',
      payload: { id: 1403739, provider: 'salesforce', connected: true },
    })
    expect(ok({ wk: true, type: 'heightChange', payload: { height: 320 } })).toBe(true)
    expect(ok({ wk: true, type: 'unloaded' })).toBe(true)
    expect(ok({ wk: true, type: 'navigated', payload: { url: '/recipes/5', replaced: false } })).toBe(true)
    expect(ok({ wk: true, type: 'error', payload: fatalEmbeddingError('sub_missing') })).toBe(true)
    expect(ok({ wk: 'true', type: 'heightChange', payload: { height: 1 } })).toBe(false)
    expect(ok({ wk: true, type: 'heightChange', payload: { height: 'tall' } })).toBe(false)
    expect(ok({ wk: true, type: 'telepathy', payload: {} })).toBe(false)
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
    expect(fatalEmbeddingError('jti_reused')).toEqual({
      type: 'FatalEmbeddingError',
      message: 'Fatal embedding error: jti_reused',
      details: { reason: 'jti_reused' },
    })
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

describe("Workato's documented widget error codes (§7.4 and the preface)", () => {
  const docs = readFileSync(path.resolve(__dirname, '../../../../docs/workato.md'), 'utf8')

  it('are explained, marked as Workato’s, and cite a section that names them', () => {
    for (const code of ['http_request_invalid', 'path_invalid', 'sub_missing']) {
      const d = describeWidgetRejection(code)
      expect(d?.source, code).toBe('workato')
      expect(docs).toContain(`\`${code}\``)
      const section = /§(\d+\.\d+)/.exec(d?.section ?? '')?.[1]
      if (section) expect(docs).toMatch(new RegExp(`^### ${section.replace('.', '\\.')} `, 'm'))
    }
    expect(describeWidgetRejection('http_request_invalid')?.explanation).toMatch(/not loaded as a page/)
    expect(describeWidgetRejection('path_invalid')?.fix).toMatch(/direct_link\/embedded\/connections/)
  })

  it("the emulator's own codes are not presented as Workato's", () => {
    const own = widgetRejectionReasonCodes.filter((c) => describeWidgetRejection(c)?.source !== 'workato')
    expect(own).toContain('origin_not_allowed')
    expect(own).toContain('member_not_found')
    expect(own).not.toContain('http_request_invalid')
  })
})
