/**
 * Scrubs secrets out of any text or value before it is logged, thrown across a boundary or exported.
 * Used by core's error mapping, the log helper, the harness and the widget message export.
 *
 * An opaque secret (an API token) has no recognisable shape, so the exact value is passed in, and every form
 * in which that value can reach a string is redacted too (`secretForms`): printed with its control characters
 * escaped (`JSON.stringify`, `util.inspect`), cut at a control character into parts (a log line per part, a
 * trimmed header), percent-encoded into a URL, and base64 inside a header (`Basic user:token`, base64url).
 */

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g
const PEM_OPEN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*/g
// Three base64url segments, the first starting with '{"' encoded ("eyJ"): a JWT.
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g
const BEARER = /(Bearer\s+)[^\s"',;]+/gi
const TOKEN_PARAM = /((?:workato_dl_token|workato_session_token|token|api_token|access_token|refresh_token)=)[^&\s"']+/gi
const AUTH_HEADER = /("?authorization"?\s*[:=]\s*"?)[^"\n,}]+/gi
const BASIC = /(Basic\s+)[A-Za-z0-9+/=_-]{8,}/g

export const REDACTED = '[redacted]'

/** Shorter secrets (and shorter pieces of one) are not matched: redacting "abc" everywhere would wreck text. */
export const MIN_SECRET_LENGTH = 6
/** A piece of a secret cut at a control character is still redacted from this length on. */
const MIN_PART_LENGTH = 4

// C0 controls, DEL and C1 controls: never part of a legitimate token, and printed in many different ways.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS_G = /[\u0000-\u001f\u007f-\u009f]+/g

/** Whether a string has a control character (line break, carriage return, NUL, tab …) in it. */
export function hasControlCharacters(s: string): boolean {
  return CONTROL_CHARS.test(s)
}

function utf8Base64(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin)
}

/**
 * The stretches of base64 text that appear whenever `s` is base64-encoded inside a longer value (`user:` + s in a
 * Basic header): one per byte alignment, without the edge characters that depend on the neighbouring bytes.
 */
export function base64Forms(s: string): string[] {
  const bytes = new TextEncoder().encode(s)
  const out: string[] = []
  for (let shift = 0; shift < 3; shift++) {
    const padded = new Uint8Array(shift + bytes.length)
    padded.set(bytes, shift)
    const full = utf8Base64(padded).replace(/=+$/, '')
    // The first group mixes in the neighbour's bytes when shifted; the last one always may.
    const start = shift === 0 ? 0 : 4
    const end = Math.floor((shift + bytes.length) / 3) * 4
    const core = full.slice(start, end)
    if (core.length >= 8) {
      out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'))
    }
  }
  return out
}

/**
 * Every form in which `secret` can reach a string, longest first (so a longer form is replaced before a part of
 * it): the raw value, its JSON/`inspect` escapes, its parts between control characters, its trimmed value, its
 * percent-encodings and its base64. Exported so the widget message export and inspector scrub the same forms.
 */
export function secretForms(secret: string): string[] {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return []
  const cached = formsCache.get(secret)
  if (cached) return cached
  const forms = new Set<string>([secret, secret.trim()])
  const json = JSON.stringify(secret).slice(1, -1)
  forms.add(json)
  // `util.inspect` and many loggers print \x00-style escapes instead of JSON's \u0000.
  forms.add(json.replace(/\\u00([0-9a-f]{2})/gi, '\\x$1'))
  if (hasControlCharacters(secret)) {
    for (const part of secret.split(CONTROL_CHARS_G)) {
      const p = part.trim()
      if (p.length >= MIN_PART_LENGTH) forms.add(p)
    }
  }
  forms.add(encodeURIComponent(secret))
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2))
  for (const b of base64Forms(secret)) forms.add(b)
  const list = [...forms].filter((f) => f.length >= MIN_PART_LENGTH).sort((a, b) => b.length - a.length)
  if (formsCache.size > 256) formsCache.clear()
  formsCache.set(secret, list)
  return list
}
const formsCache = new Map<string, string[]>()

/** Replaces every form of the given secrets (see `secretForms`) in `text`. */
export function redactSecrets(text: string, knownSecrets: readonly string[]): string {
  let out = text
  for (const s of knownSecrets) {
    for (const form of secretForms(s)) if (out.includes(form)) out = out.split(form).join(REDACTED)
  }
  return out
}

/** Redacts every known secret shape, plus every form of the exact secret values passed in (API tokens are opaque). */
export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  return redactSecrets(text, knownSecrets)
    .replace(PEM_BLOCK, (m) => (/PRIVATE KEY/.test(m) ? `[redacted private key]` : m))
    .replace(PEM_OPEN, '[redacted private key]')
    .replace(JWT, '[redacted token]')
    .replace(BEARER, `$1${REDACTED}`)
    .replace(BASIC, `$1${REDACTED}`)
    .replace(TOKEN_PARAM, `$1${REDACTED}`)
    .replace(AUTH_HEADER, `$1${REDACTED}`)
}

/** Deep-redacts a JSON-like value (strings anywhere in it). Cycles are cut. */
export function redactValue<T>(value: T, knownSecrets: readonly string[] = []): T {
  const seen = new WeakSet<object>()
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, knownSecrets)
    if (v === null || typeof v !== 'object') return v
    if (seen.has(v)) return '[cycle]'
    seen.add(v)
    if (Array.isArray(v)) return v.map(walk)
    const out: Record<string, unknown> = {}
    for (const [k, val] of Object.entries(v)) {
      out[k] = /^(authorization|api_?token|private_?key|password|passphrase|secret)$/i.test(k) ? REDACTED : walk(val)
    }
    return out
  }
  return walk(value) as T
}
