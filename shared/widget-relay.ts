/**
 * The checks every widget postMessage passes before the console believes it (architecture.md, "The live
 * widget", step 4; reference §8.2). Used by the webview preload in the app and by the host page in the browser
 * harness, so both run the same code. Rejected messages are delivered too, marked with the reason: the
 * inspector shows them greyed, never drops them silently.
 */

import type { z } from 'zod'
import type { relayedMessageSchema } from './contract/widget'
import { widgetMessageSchema, widgetMessageTypes } from './domain/widget'
import { checkJsonText, checkValue, previewValue, truncatePreview, WIDGET_MESSAGE_LIMITS, type BoundViolation } from './widget-bounds'

export const WIDGET_RELAY_CHANNEL = 'widget:relay'
/** `source` tag the harness host page puts on records it forwards to the renderer with `parent.postMessage`. */
export const WIDGET_HOST_SOURCE = 'embedded-console-widget-host'
/** Workato's messages are small (type + a few ids); anything this big is not one of them. */
export const MAX_WIDGET_MESSAGE_BYTES = WIDGET_MESSAGE_LIMITS.bytes

// Why a message was refused. Nesting, key count and string length: shared/widget-bounds.ts WIDGET_MESSAGE_LIMITS;
// `not_workato`: no `wk: true`; `bad_shape`: a known type whose payload does not match reference §8.3;
// `unknown_type`: well-formed, `wk: true`, but not a type the reference documents.
export const rejectReasons = [
  'wrong_origin',
  'wrong_source',
  'too_large',
  'too_deep',
  'too_many_keys',
  'string_too_long',
  'not_json',
  'not_object',
  'not_workato',
  'bad_shape',
  'unknown_type',
] as const
export type RejectReason = (typeof rejectReasons)[number]

/** One sentence per reason, for the inspector's greyed rows. */
export const rejectReasonText: Record<RejectReason, string> = {
  wrong_origin: "Sent from an origin other than the data center's app origin.",
  wrong_source: 'Not sent by the Workato widget frame (another frame or window posted it).',
  too_large: `Larger than ${MAX_WIDGET_MESSAGE_BYTES / 1024} KiB; widget messages are small.`,
  too_deep: `Nested deeper than ${WIDGET_MESSAGE_LIMITS.depth} levels; widget messages are at most three (reference §8.3). Only a preview is kept.`,
  too_many_keys: `More than ${WIDGET_MESSAGE_LIMITS.keys.toLocaleString('en-US')} keys and items; widget messages have a handful. Only a preview is kept.`,
  string_too_long: `A string longer than ${WIDGET_MESSAGE_LIMITS.stringLength.toLocaleString('en-US')} characters; widget messages carry short ids and URLs. Only a preview is kept.`,
  not_json: 'A string that is not JSON.',
  not_object: 'Not a JSON object.',
  not_workato: 'No "wk": true marker, so it is not a Workato message (reference §8.2).',
  bad_shape: 'A known message type whose fields do not match the documented shape (reference §8.3).',
  unknown_type: 'A message type the reference does not document.',
}

/**
 * One relayed message: the schema core checks it with again (`relayedMessageSchema` in shared/contract/widget.ts)
 * is its definition. `raw` is the data as received, as text, truncated to the cap; `dataKind` is 'string' when
 * Workato sent JSON text (its documented form), 'object' when it posted a structured clone.
 */
export type RelayedMessage = z.infer<typeof relayedMessageSchema>

export interface RelayOptions {
  /** A function when the origin is only known once the page has parsed (the preload runs before the DOM). */
  expectedOrigin: string | (() => string)
  getWidgetWindow: () => unknown
  deliver: (record: RelayedMessage) => void
  now?: () => number
}

interface MessageLike {
  origin: string
  source: unknown
  data: unknown
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length
}

/** Classifies one message event. Pure, so it is unit-tested directly. */
export function inspectWidgetMessage(ev: MessageLike, expectedOrigin: string, widgetWindow: unknown, at: number): RelayedMessage {
  let raw: string
  let dataKind: RelayedMessage['dataKind']
  // Over a bound (WIDGET_MESSAGE_LIMITS), whatever the origin: only a preview is kept, built without recursion,
  // so no later reader (export, JSON tree, redactor) ever meets the full structure.
  let over: BoundViolation | null = null
  if (typeof ev.data === 'string') {
    raw = ev.data
    dataKind = 'string'
  } else if (ev.data !== null && typeof ev.data === 'object') {
    dataKind = 'object'
    over = checkValue(ev.data)
    if (over) raw = previewValue(ev.data)
    else {
      try {
        raw = JSON.stringify(ev.data) ?? ''
      } catch {
        raw = '[unserialisable object]'
      }
    }
  } else {
    dataKind = 'other'
    raw = String(ev.data)
  }
  const size = byteLength(raw)
  const tooLarge = size > MAX_WIDGET_MESSAGE_BYTES
  if (!tooLarge && dataKind === 'string') over = checkJsonText(raw)
  const base = { at, origin: String(ev.origin), raw: tooLarge || over ? truncatePreview(raw) : raw, size, dataKind }
  const reject = (reason: RejectReason, message: RelayedMessage['message'] = null): RelayedMessage => ({ ...base, accepted: false, reason, message })

  if (ev.origin !== expectedOrigin) return reject('wrong_origin')
  if (!widgetWindow || ev.source !== widgetWindow) return reject('wrong_source')
  if (tooLarge) return reject('too_large')
  if (over) return { ...reject(over.reason), detail: over.detail }

  let parsed: unknown = ev.data
  if (dataKind === 'string') {
    try {
      parsed = JSON.parse(raw)
    } catch {
      return reject('not_json')
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return reject('not_object')
  const obj = parsed as Record<string, unknown>
  if (obj.wk !== true) return reject('not_workato')
  if (typeof obj.type !== 'string' || obj.type.length === 0 || obj.type.length > 64) return reject('bad_shape')
  const message = { type: obj.type, payload: obj.payload, wk: obj.wk }
  if (obj.payload !== undefined && (obj.payload === null || typeof obj.payload !== 'object' || Array.isArray(obj.payload))) {
    return { ...reject('bad_shape', message), detail: 'payload: expected an object' }
  }
  if (!(widgetMessageTypes as readonly string[]).includes(obj.type)) return reject('unknown_type', message)
  const checked = widgetMessageSchema.safeParse(obj)
  if (!checked.success) {
    const detail = checked.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || 'message'}: ${i.message}`)
      .join('; ')
    return { ...reject('bad_shape', message), detail }
  }
  return { ...base, accepted: true, reason: null, message }
}

export function createWidgetRelay(opts: RelayOptions): (ev: MessageEvent) => void {
  const now = opts.now ?? Date.now
  const expected = typeof opts.expectedOrigin === 'function' ? opts.expectedOrigin : () => opts.expectedOrigin as string
  return (ev) => {
    let record: RelayedMessage
    try {
      record = inspectWidgetMessage(ev, expected(), opts.getWidgetWindow(), now())
    } catch (e) {
      // Nothing the page posts may stop the relay or vanish: a message the checks themselves choke on is
      // delivered as rejected, with what little can be said about it.
      record = {
        at: now(),
        origin: String(ev.origin),
        accepted: false,
        reason: 'bad_shape',
        detail: `could not be checked: ${e instanceof Error ? e.message : String(e)}`.slice(0, 2048),
        message: null,
        raw: '',
        size: 0,
        dataKind: 'other',
      }
    }
    opts.deliver(record)
  }
}
