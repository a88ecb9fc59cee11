/**
 * The documented maximum of one widget message, and the iterative checks that enforce it wherever a message
 * enters (the widget preload's relay, the renderer, the `widget:record` contract, core's log) or is read back
 * (export, the inspector's JSON tree, redaction).
 *
 * Why these numbers: Workato's messages are an envelope with a type and a payload of a few scalars, at most
 * three levels deep (reference §8.2, §8.3). The limits leave ample room for an undocumented field or two while
 * making "one message nested 10,000 levels" impossible to store in a form a recursive walker
 * (JSON.stringify, a JSON tree, a redactor) would choke on: every check here is a loop with an explicit stack,
 * never recursion, so the check itself cannot overflow the call stack on the input it is meant to stop.
 */

export const WIDGET_MESSAGE_LIMITS = {
  /** UTF-8 bytes of the message as received (JSON text, or the JSON of a posted object). */
  bytes: 64 * 1024,
  /** Nesting of objects and arrays; the envelope itself is level 1. */
  depth: 16,
  /** Object members plus array items, counted over the whole message. */
  keys: 1_000,
  /** Characters of any one string or key, as written in the JSON text. */
  stringLength: 16 * 1024,
} as const

export type WidgetMessageLimits = { readonly [K in keyof typeof WIDGET_MESSAGE_LIMITS]: number }

/** What is kept of a message over a bound: enough to recognise it, small enough to render and export. */
export const WIDGET_PREVIEW_CHARS = 2048

export type BoundReason = 'too_deep' | 'too_many_keys' | 'string_too_long'

export interface BoundViolation {
  reason: BoundReason
  /** A sentence with the number found and the limit, e.g. "nested deeper than 16 levels (limit 16)". */
  detail: string
}

const violation = (reason: BoundReason, limits: WidgetMessageLimits): BoundViolation => ({
  reason,
  detail:
    reason === 'too_deep'
      ? `nested deeper than ${limits.depth} levels`
      : reason === 'too_many_keys'
        ? `more than ${limits.keys.toLocaleString('en-US')} keys and items`
        : `a string or key longer than ${limits.stringLength.toLocaleString('en-US')} characters`,
})

/**
 * Checks JSON text against the limits without parsing it: one pass over the characters, tracking only
 * "inside a string" and the current depth. Text that is not JSON at all passes (the parser rejects it next).
 */
export function checkJsonText(text: string, limits: WidgetMessageLimits = WIDGET_MESSAGE_LIMITS): BoundViolation | null {
  let depth = 0
  let keys = 0
  let inString = false
  let stringStart = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c /* \ */) i++
      else if (c === 0x22 /* " */) {
        inString = false
        if (i - stringStart - 1 > limits.stringLength) return violation('string_too_long', limits)
      }
      continue
    }
    if (c === 0x22) {
      inString = true
      stringStart = i
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limits.depth) return violation('too_deep', limits)
      // An opener followed by a value is its first member; commas count the rest.
      keys++
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--
    } else if (c === 0x2c /* , */) {
      if (++keys > limits.keys) return violation('too_many_keys', limits)
    }
  }
  if (inString && text.length - stringStart - 1 > limits.stringLength) return violation('string_too_long', limits)
  return null
}

/**
 * Checks a value (a structured clone the widget posted, or a payload that crossed IPC) against the limits.
 * Walks with an explicit stack and stops at the first violation, so a cyclic or 10,000-deep object costs at most
 * `limits.keys` steps.
 */
export function checkValue(value: unknown, limits: WidgetMessageLimits = WIDGET_MESSAGE_LIMITS): BoundViolation | null {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }]
  let keys = 0
  while (stack.length) {
    const top = stack.pop()
    if (!top) break
    const { v, depth } = top
    if (typeof v === 'string') {
      if (v.length > limits.stringLength) return violation('string_too_long', limits)
      continue
    }
    if (v === null || typeof v !== 'object') continue
    if (depth + 1 > limits.depth) return violation('too_deep', limits)
    if (Array.isArray(v)) {
      keys += v.length
      if (keys > limits.keys) return violation('too_many_keys', limits)
      for (const item of v) stack.push({ v: item, depth: depth + 1 })
    } else {
      const names = Object.keys(v)
      keys += names.length
      if (keys > limits.keys) return violation('too_many_keys', limits)
      for (const k of names) {
        if (k.length > limits.stringLength) return violation('string_too_long', limits)
        stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1 })
      }
    }
  }
  return null
}

/**
 * `JSON.parse` for text read back from the log (export, inspector, store): text over the limits is not parsed
 * (undefined, as for text that is not JSON), so nothing downstream ever holds a value a recursive walk cannot
 * handle. Entries written before the limits existed are covered too.
 */
export function parseBoundedJson(text: string, limits: WidgetMessageLimits = WIDGET_MESSAGE_LIMITS): unknown {
  if (text.length > limits.bytes * 2 || checkJsonText(text, limits)) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * A JSON preview of a value over the limits, at most `maxChars` long, built iteratively (JSON.stringify
 * recurses and throws "Maximum call stack size exceeded" at a few thousand levels). Marked as cut when cut, so
 * it never parses as the original.
 */
export function previewValue(value: unknown, maxChars = WIDGET_PREVIEW_CHARS): string {
  let out = ''
  let cut = false
  // Each frame is either a value to write or a literal piece of punctuation to emit.
  const stack: ({ text: string } | { v: unknown })[] = [{ v: value }]
  const seen = new Set<object>()
  while (stack.length && out.length < maxChars) {
    const f = stack.pop()
    if (!f) break
    if ('text' in f) {
      out += f.text
      continue
    }
    const v = f.v
    if (v === null || typeof v !== 'object') {
      let s: string | undefined
      try {
        s = JSON.stringify(typeof v === 'string' ? v.slice(0, maxChars) : v)
      } catch {
        s = undefined
      }
      out += s ?? 'null'
      continue
    }
    if (seen.has(v)) {
      out += '"[cycle]"'
      continue
    }
    seen.add(v)
    const frames: ({ text: string } | { v: unknown })[] = []
    if (Array.isArray(v)) {
      frames.push({ text: '[' })
      v.forEach((item, i) => {
        if (i) frames.push({ text: ',' })
        frames.push({ v: item })
      })
      frames.push({ text: ']' })
    } else {
      frames.push({ text: '{' })
      Object.keys(v).forEach((k, i) => {
        frames.push({ text: `${i ? ',' : ''}${JSON.stringify(k.slice(0, maxChars))}:` })
        frames.push({ v: (v as Record<string, unknown>)[k] })
      })
      frames.push({ text: '}' })
      // Huge objects are not expanded past what the preview can show.
    }
    if (frames.length > maxChars) cut = true
    for (let i = Math.min(frames.length, maxChars) - 1; i >= 0; i--) {
      const fr = frames[i]
      if (fr) stack.push(fr)
    }
  }
  return truncatePreview(out, maxChars, cut || stack.length > 0)
}

/** Ends every cut preview: keeps it from parsing as JSON, and tells the redactor a secret may be cut off before it. */
export const TRUNCATED_MARKER = ' …[truncated]'

/** Cuts text to `maxChars` and says so. */
export function truncatePreview(text: string, maxChars = WIDGET_PREVIEW_CHARS, cut = text.length > maxChars): string {
  if (!cut && text.length <= maxChars) return text
  return text.slice(0, Math.max(0, maxChars - TRUNCATED_MARKER.length)) + TRUNCATED_MARKER
}
