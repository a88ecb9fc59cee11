/**
 * Redaction of known secrets (the attempt's widget token, the API token, anything core's logger was taught)
 * inside widget messages, in every form a payload can carry them: whole or inside a longer string, percent-
 * encoded once or twice (a `?jwt=` query), JSON-escaped (`\u0065yJ...` in the raw text), as an object key,
 * and cut off at the end of a truncated preview. Builds on shared/redact.ts (the shape rules: JWT, Bearer, PEM,
 * token query parameters), which it calls for every string; it lives in its own file so that one stays the
 * single place for shapes.
 *
 * Every walk here is a loop with an explicit stack and a depth bound: a message nested 10,000 levels cannot
 * make redaction (and so export) throw.
 */
import { REDACTED, redactText, secretForms as formsOfOne } from './redact'
import { parseBoundedJson, TRUNCATED_MARKER, WIDGET_MESSAGE_LIMITS } from './widget-bounds'

/** Shorter secrets would match ordinary text; shared/redact.ts uses the same floor. */
const MIN_SECRET = 6
/** A secret cut off by a truncated preview still shows this much before it is masked. */
const MIN_CUT_TAIL = 8
const SENSITIVE_KEY = /^(authorization|api_?token|private_?key|password|passphrase|secret)$/i

let memo: { list: readonly string[]; key: string; forms: string[] } | null = null

/**
 * The ways a list of secrets can be written inside a string: every form shared/redact.ts knows for one secret
 * (raw, escaped, parts around control characters, percent-encoded, base64), plus the ones a widget payload adds
 * (percent-encoded twice, `+` for space, lower hex, `encodeURI`, `\u` escapes of non-ASCII). Memoised on the
 * list: it changes only when core learns a secret, and every message (1,000/s in a flood) is redacted with it.
 */
export function allSecretForms(secrets: readonly string[]): string[] {
  // Same list object: same secrets (callers build a new list when core learns one; none mutates it).
  if (memo?.list === secrets) return memo.forms
  const key = secrets.join('\u0000')
  if (memo?.key === key) {
    memo.list = secrets
    return memo.forms
  }
  const forms = new Set<string>()
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET) continue
    const once = encodeURIComponent(s)
    const variants = [
      s,
      once,
      encodeURIComponent(once),
      once.replace(/%20/g, '+'),
      once.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      encodeURI(s),
    ]
    const json = JSON.stringify(s).slice(1, -1)
    variants.push(
      json,
      json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    )
    for (const v of [...variants, ...formsOfOne(s)]) forms.add(v)
  }
  // Longest first, so a form containing a shorter one is masked whole.
  memo = { list: secrets, key, forms: [...forms].sort((a, b) => b.length - a.length) }
  return memo.forms
}

function decodeOnce(s: string): string | null {
  try {
    const d = decodeURIComponent(s.replace(/\+/g, ' '))
    return d === s ? null : d
  } catch {
    return null
  }
}

/**
 * `redactText` plus the encoded forms of the known secrets. When a string still hides a secret after that (an
 * encoding mixed inside the secret, say), the decoded string is redacted instead: the exact encoding is lost,
 * the secret never shows.
 */
export function redactSecretsIn(text: string, secrets: readonly string[], forms: readonly string[] = allSecretForms(secrets)): string {
  // Only the forms present are handed on (a cheap scan): splitting every message by hundreds of forms is not.
  const present = forms.filter((f) => text.includes(f))
  let out = redactText(text, present)
  let decoded: string | null = /[%+]/.test(out) ? out : null
  for (let i = 0; i < 3 && decoded !== null; i++) {
    decoded = decodeOnce(decoded)
    if (decoded !== null && forms.some((f) => decoded?.includes(f))) {
      out = redactText(decoded, forms)
      break
    }
  }
  return maskCutTail(out, forms)
}

/** A preview cut in the middle of a secret ends (before its marker) with the secret's first characters: mask them. */
function maskCutTail(text: string, forms: readonly string[]): string {
  if (!text.endsWith(TRUNCATED_MARKER)) return text
  const body = text.slice(0, -TRUNCATED_MARKER.length)
  for (const f of forms) {
    for (let n = Math.min(f.length - 1, body.length); n >= MIN_CUT_TAIL; n--) {
      if (body.endsWith(f.slice(0, n))) return body.slice(0, body.length - n) + REDACTED + TRUNCATED_MARKER
    }
  }
  return text
}

/**
 * A deep copy of a JSON-like value with every string and key redacted and every value under a secret-named key
 * replaced. Nesting past `maxDepth` is replaced by a marker rather than walked (values read back through
 * parseBoundedJson never get there; this is the guard for anything else), cycles are cut.
 */
export function redactDeep<T>(value: T, secrets: readonly string[], maxDepth = WIDGET_MESSAGE_LIMITS.depth * 4): T {
  const forms = allSecretForms(secrets)
  const redact = (s: string) => redactSecretsIn(s, secrets, forms)
  const seen = new WeakSet<object>()
  const root: { v: unknown } = { v: undefined }
  // Each job fills one slot of an already created container.
  const stack: { v: unknown; depth: number; set: (x: unknown) => void }[] = [{ v: value, depth: 0, set: (x) => (root.v = x) }]
  while (stack.length) {
    const job = stack.pop()
    if (!job) break
    const { v, depth, set } = job
    if (typeof v === 'string') {
      set(redact(v))
      continue
    }
    if (v === null || typeof v !== 'object') {
      set(v)
      continue
    }
    if (seen.has(v)) {
      set('[cycle]')
      continue
    }
    if (depth >= maxDepth) {
      set(`[nested deeper than ${maxDepth} levels: not shown]`)
      continue
    }
    seen.add(v)
    if (Array.isArray(v)) {
      const arr: unknown[] = new Array<unknown>(v.length)
      set(arr)
      v.forEach((item, i) => stack.push({ v: item, depth: depth + 1, set: (x) => (arr[i] = x) }))
    } else {
      const obj: Record<string, unknown> = {}
      set(obj)
      for (const [k, item] of Object.entries(v)) {
        const key = redact(k)
        // Placed now so the copy keeps the original key order (jobs are filled in stack order).
        obj[key] = REDACTED
        if (!SENSITIVE_KEY.test(k)) stack.push({ v: item, depth: depth + 1, set: (x) => (obj[key] = x) })
      }
    }
  }
  return root.v as T
}

/**
 * Redacts the raw text of a widget message. The text itself first; then, when it parses (within the bounds),
 * the parsed value too, because the inspector and the export show the parsed form: a JSON escape such as
 * `\u0065yJ...` hides a token from a text search but not from `JSON.parse`. When the parsed form needed more
 * redaction than the text, the redacted parsed value is stored instead of the text.
 */
export function redactMessageText(raw: string, secrets: readonly string[]): string {
  const forms = allSecretForms(secrets)
  const text = redactSecretsIn(raw, secrets, forms)
  // Without a backslash, every JSON string in the text reads exactly as written: the text pass covered it.
  if (!text.includes('\\')) return text
  const parsed = parseBoundedJson(text)
  if (parsed === undefined || typeof parsed !== 'object' || parsed === null) return text
  const clean = redactDeep(parsed, secrets)
  const before = JSON.stringify(parsed)
  const after = JSON.stringify(clean)
  return before === after ? text : after
}
