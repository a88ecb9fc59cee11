import { describe, expect, it } from 'vitest'
import { inspectWidgetMessage } from '../../../../shared/widget-relay'
import {
  checkJsonText,
  checkValue,
  parseBoundedJson,
  previewValue,
  TRUNCATED_MARKER,
  WIDGET_MESSAGE_LIMITS,
  WIDGET_PREVIEW_CHARS,
} from '../../../../shared/widget-bounds'
import { relayedMessageSchema } from '../../../../shared/contract/widget'
import { deepText, deepValue } from './fakes'

const APP = 'https://app.workato.com'
const frame = { name: 'workato iframe window' }
const msg = (data: unknown, origin = APP) => inspectWidgetMessage({ origin, source: frame, data }, APP, frame, 1)

describe('widget message bounds (shared/widget-bounds.ts)', () => {
  it('rejects a 3,000-level message (a 6 KB string) as too deep, keeping a preview that does not parse', () => {
    const text = `${'['.repeat(3000)}${']'.repeat(3000)}`
    expect(text.length).toBe(6000)
    for (const r of [msg(text), msg(deepText(3000)), msg(deepText(10_000))]) {
      expect(r).toMatchObject({ accepted: false, reason: 'too_deep', detail: `nested deeper than ${WIDGET_MESSAGE_LIMITS.depth} levels` })
      expect(r.raw.length).toBeLessThanOrEqual(WIDGET_PREVIEW_CHARS)
      expect(r.raw.endsWith(TRUNCATED_MARKER) || r.raw.length < WIDGET_PREVIEW_CHARS).toBe(true)
      expect(parseBoundedJson(r.raw)).toBeUndefined()
    }
  })

  it('rejects a posted object nested 10,000 levels without overflowing, with an iterative preview', () => {
    const r = msg(deepValue(10_000))
    expect(r).toMatchObject({ accepted: false, reason: 'too_deep', dataKind: 'object' })
    expect(r.raw.startsWith('{"wk":true,"type":"error","payload":{"message":"x","details":{"a":{"a":')).toBe(true)
    expect(r.raw.endsWith(TRUNCATED_MARKER)).toBe(true)
    expect(r.raw.length).toBeLessThanOrEqual(WIDGET_PREVIEW_CHARS)
  })

  it('still rejects an over-bound message from a foreign origin for its origin, with only a preview kept', () => {
    const r = msg(deepText(5000), 'https://evil.example')
    expect(r).toMatchObject({ accepted: false, reason: 'wrong_origin' })
    expect(r.raw.length).toBeLessThanOrEqual(WIDGET_PREVIEW_CHARS)
  })

  it('accepts nesting up to the limit and counts keys and string length', () => {
    // The envelope (1) + payload (2), then `details` is the first of the n nested objects: depth 2 + n.
    expect(msg(deepText(WIDGET_MESSAGE_LIMITS.depth - 2))).toMatchObject({ accepted: true })
    expect(msg(deepValue(WIDGET_MESSAGE_LIMITS.depth - 3))).toMatchObject({ accepted: true }) // + the { leaf } object
    expect(msg(deepText(WIDGET_MESSAGE_LIMITS.depth - 1))).toMatchObject({ accepted: false, reason: 'too_deep' })
    expect(msg(deepValue(WIDGET_MESSAGE_LIMITS.depth - 2))).toMatchObject({ accepted: false, reason: 'too_deep' })
    const many = {
      wk: true,
      type: 'error',
      payload: { message: 'x', details: Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`k${i}`, i])) },
    }
    expect(msg(many)).toMatchObject({ accepted: false, reason: 'too_many_keys' })
    expect(msg(JSON.stringify(many))).toMatchObject({ accepted: false, reason: 'too_many_keys' })
    const long = { wk: true, type: 'loaded', payload: { url: `https://x/${'y'.repeat(WIDGET_MESSAGE_LIMITS.stringLength)}` } }
    expect(msg(long)).toMatchObject({ accepted: false, reason: 'string_too_long' })
    expect(msg(JSON.stringify(long))).toMatchObject({ accepted: false, reason: 'string_too_long' })
  })

  it('walks cyclic and huge values in bounded steps', () => {
    const cyclic: Record<string, unknown> = { wk: true }
    cyclic.self = cyclic
    expect(checkValue(cyclic)).toMatchObject({ reason: 'too_deep' })
    expect(previewValue(cyclic)).toContain('[cycle]')
    expect(checkValue(new Array(1e6).fill(0))).toMatchObject({ reason: 'too_many_keys' })
    expect(previewValue(new Array(1e6).fill(0)).length).toBeLessThanOrEqual(WIDGET_PREVIEW_CHARS)
    // Brackets inside strings are text, not nesting.
    expect(checkJsonText(JSON.stringify({ s: '['.repeat(5000) }))).toBeNull()
  })

  it('the contract refuses a record whose payload is over the bounds, before any handler walks it', () => {
    const r = {
      at: 1,
      origin: APP,
      accepted: true,
      reason: null,
      message: { type: 'error', payload: deepValue(10_000).payload },
      raw: '{}',
      size: 2,
      dataKind: 'object',
    }
    const parsed = relayedMessageSchema.safeParse(r)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toMatch(/nested deeper than 16 levels/)
  })
})
