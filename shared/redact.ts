/**
 * Scrubs secrets out of any text or value before it is logged, thrown across a boundary or exported.
 * Used by core's error mapping, the log helper, the harness and the widget message export.
 */

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g
const PEM_OPEN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*/g
// Three base64url segments, the first starting with '{"' encoded ("eyJ"): a JWT.
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g
const BEARER = /(Bearer\s+)[^\s"',;]+/gi
const TOKEN_PARAM = /((?:workato_dl_token|workato_session_token|token|api_token|access_token|refresh_token)=)[^&\s"']+/gi
const AUTH_HEADER = /("?authorization"?\s*[:=]\s*"?)[^"\n,}]+/gi

export const REDACTED = '[redacted]'

/** Redacts every known secret shape, plus any exact secret values passed in (API tokens are opaque strings). */
export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  let out = text
  for (const s of knownSecrets) {
    if (s && s.length >= 6) out = out.split(s).join(REDACTED)
  }
  return out
    .replace(PEM_BLOCK, (m) => (/PRIVATE KEY/.test(m) ? `[redacted private key]` : m))
    .replace(PEM_OPEN, '[redacted private key]')
    .replace(JWT, '[redacted token]')
    .replace(BEARER, `$1${REDACTED}`)
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
