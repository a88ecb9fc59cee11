/**
 * The token inspector: decodes a pasted JWT, checks its signature with the profile's public key and lints it
 * against what Workato expects of a widget / direct-link token (reference §7.2, §1.3, §5.4, and the preface on
 * the 2019 API-key form of `sub`). Garbage never throws: it becomes an error finding a person can read.
 */
import type { KeyObject } from 'node:crypto'
import { compactVerify } from 'jose'
import type { SubSegment, TokenFinding, TokenInspection } from '../../../shared/contract/tokens'
import { externalSegment, parseRefSegment } from '../../../shared/domain/customer-ref'
import type { Profile } from '../../../shared/domain/profile'
import { DEFAULT_TTL_SECONDS } from './token-signer'

export interface InspectInput {
  token: string
  profile: Pick<Profile, 'vendorId' | 'originUrls' | 'name'>
  /** The profile's public key and its fingerprint, when a key is stored. */
  key: { publicKey: KeyObject; fingerprint: string } | null
  /** The profile's API token, only to recognise (and hide) the 2019 API-key form of `sub`. */
  apiToken: string | null
  now: Date
  /** The widget attempt the token was minted for: the token must name its customer and its host page's origin. */
  attempt?: AttemptContext
}

/** What a widget attempt expects of its own token (§7.2 customer in `sub`, §8.4 origin of the host page). */
export interface AttemptContext {
  customerId: number
  hostOrigin: string
}

const SKEW_SECONDS = 60
const API_TOKEN_PLACEHOLDER = '[your API token]'

type Json = Record<string, unknown>

function b64urlJson(part: string): { ok: true; value: Json } | { ok: false; why: string } {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return { ok: false, why: 'it contains characters that are not base64url' }
  let text: string
  try {
    text = Buffer.from(part, 'base64url').toString('utf8')
  } catch {
    return { ok: false, why: 'it is not base64url' }
  }
  try {
    const v: unknown = JSON.parse(text)
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return { ok: false, why: 'it is JSON but not an object' }
    return { ok: true, value: v as Json }
  } catch {
    return { ok: false, why: 'it does not decode to JSON' }
  }
}

/** Accepts a bare JWT, `Bearer <jwt>`, or a whole direct-link URL carrying `workato_dl_token`. */
export function extractToken(input: string): { token: string; from: 'jwt' | 'url' | 'bearer' } {
  const t = input.trim()
  const m = /[?&#](?:workato_dl_token|workato_session_token)=([^&#\s]+)/.exec(t)
  if (m?.[1]) {
    let token = m[1]
    try {
      token = decodeURIComponent(token)
    } catch {
      // leave it as it was; the decoder will report what is wrong
    }
    return { token, from: 'url' }
  }
  const b = /^Bearer\s+(\S+)$/i.exec(t)
  if (b?.[1]) return { token: b[1], from: 'bearer' }
  return { token: t.replace(/\s+/g, ''), from: 'jwt' }
}

function readSegment(raw: string, what: 'customer' | 'user', findings: TokenFinding[]): SubSegment {
  const parsed = parseRefSegment(raw)
  if (parsed.kind === 'id') return { raw, kind: 'id', value: parsed.id }
  if (parsed.kind === 'external_id') {
    if (!parsed.exact) {
      findings.push({
        level: 'warning',
        code: 'external_id_not_encoded',
        message: `The ${what} external id "${parsed.externalId}" is not percent-encoded the way Workato expects: write E then the encoded id, i.e. "${parsed.canonical}".`,
      })
    }
    return { raw, kind: 'external_id', value: parsed.externalId }
  }
  if (parsed.kind === 'empty') {
    findings.push({ level: 'error', code: `${what}_missing`, message: `The ${what} part of sub is empty.` })
    return { raw, kind: 'invalid', value: null }
  }
  if (parsed.kind === 'external_empty') {
    findings.push({ level: 'error', code: 'external_id_empty', message: `The ${what} part of sub is "E" with no external id after it.` })
    return { raw, kind: 'invalid', value: null }
  }
  if (parsed.kind === 'bad_encoding') {
    findings.push({
      level: 'error',
      code: 'external_id_encoding',
      message: `The ${what} external id "${raw}" is not valid percent-encoding (a "%" must be followed by two hex digits).`,
    })
    return { raw, kind: 'invalid', value: null }
  }
  findings.push({
    level: 'error',
    code: `${what}_segment`,
    message: `"${raw}" is neither a numeric ${what === 'customer' ? 'workspace' : 'member'} id nor an external id. External ids must start with E (for example "${externalSegment(raw)}").`,
  })
  return { raw, kind: 'invalid', value: null }
}

const looksLikeApiKey = (s: string) => /^wrk[a-z]*-/i.test(s) || /^[0-9a-f]{40,}$/i.test(s)

function iso(seconds: number): string | null {
  const d = new Date(seconds * 1000)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

function minutes(s: number): string {
  const m = Math.round(Math.abs(s) / 60)
  return m < 1 ? `${Math.round(Math.abs(s))} s` : `${m} min`
}

function originOf(s: string): string | null {
  try {
    return new URL(s).origin
  } catch {
    return null
  }
}

export async function inspectToken(input: InspectInput): Promise<TokenInspection> {
  const findings: TokenFinding[] = []
  const result: TokenInspection = {
    valid: false,
    header: null,
    claims: null,
    signature: { status: 'not_checked', message: 'The token could not be decoded.', keyFingerprint: input.key?.fingerprint ?? null },
    sub: null,
    issuedAt: null,
    expiresAt: null,
    lifetimeSeconds: null,
    findings,
  }
  const { token, from } = extractToken(input.token)
  if (from === 'url')
    findings.push({ level: 'info', code: 'from_url', message: 'Read the token from the workato_dl_token parameter of the pasted URL.' })
  if (!token) {
    findings.push({ level: 'error', code: 'empty', message: 'Nothing to inspect: paste a JWT (three base64url parts separated by dots).' })
    return result
  }
  const parts = token.split('.')
  if (parts.length !== 3) {
    findings.push({
      level: 'error',
      code: 'not_jwt',
      message: `This is not a JWT: expected three parts separated by dots (header.payload.signature), found ${parts.length}.`,
    })
    return result
  }
  const [h = '', p = '', s = ''] = parts
  const header = b64urlJson(h)
  const payload = b64urlJson(p)
  if (!header.ok) findings.push({ level: 'error', code: 'header_unreadable', message: `The header (first part) cannot be read: ${header.why}.` })
  if (!payload.ok) findings.push({ level: 'error', code: 'payload_unreadable', message: `The claims (second part) cannot be read: ${payload.why}.` })
  if (!header.ok || !payload.ok) return result

  result.header = header.value
  const claims: Json = { ...payload.value }
  result.claims = claims
  const nowS = Math.floor(input.now.getTime() / 1000)

  // --- header
  const alg = header.value.alg
  if (alg !== 'RS256') {
    findings.push({
      level: 'error',
      code: 'alg',
      message:
        alg === 'none' || alg === undefined
          ? 'The token is unsigned (alg "none" or missing); Workato only accepts RS256.'
          : `Signed with ${String(alg)}; Workato verifies widget tokens with RS256 only.`,
    })
  }
  const typ = header.value.typ
  if (typ === undefined)
    findings.push({ level: 'warning', code: 'typ_missing', message: 'The header has no typ; Workato’s examples use "typ": "JWT".' })
  else if (typ !== 'JWT')
    findings.push({ level: 'warning', code: 'typ', message: `The header says typ "${String(typ)}"; Workato’s examples use "JWT".` })

  // --- signature
  if (!s) {
    result.signature = { status: 'invalid', message: 'The signature part is empty.', keyFingerprint: input.key?.fingerprint ?? null }
    findings.push({ level: 'error', code: 'signature_missing', message: 'The token has no signature.' })
  } else if (!input.key) {
    result.signature = {
      status: 'not_checked',
      message: `Profile "${input.profile.name}" has no key stored, so the signature was not checked.`,
      keyFingerprint: null,
    }
    findings.push({ level: 'info', code: 'no_key', message: 'Import or generate this profile’s key to check signatures.' })
  } else if (alg !== 'RS256') {
    result.signature = { status: 'not_checked', message: 'Only RS256 signatures are checked.', keyFingerprint: input.key.fingerprint }
  } else {
    try {
      await compactVerify(token, input.key.publicKey, { algorithms: ['RS256'] })
      result.signature = {
        status: 'valid',
        message: `Signed by this profile’s key (${input.key.fingerprint.slice(0, 23)}…).`,
        keyFingerprint: input.key.fingerprint,
      }
    } catch {
      result.signature = {
        status: 'invalid',
        message: 'The signature does not match this profile’s key: it was signed with another key, or the token was altered.',
        keyFingerprint: input.key.fingerprint,
      }
      findings.push({
        level: 'error',
        code: 'signature_invalid',
        message: 'The signature does not verify with this profile’s public key. If Workato has this key registered, it will reject the token.',
      })
    }
  }

  // --- sub
  const sub = claims.sub
  if (sub === undefined) {
    findings.push({ level: 'error', code: 'sub_missing', message: 'There is no sub claim; Workato needs "<vendor_id>:<customer>" (reference §7.2).' })
  } else if (typeof sub !== 'string') {
    findings.push({ level: 'error', code: 'sub_type', message: 'sub must be a string like "<vendor_id>:<customer>".' })
  } else {
    const segs = sub.split(':')
    const vendorSeg = segs[0] ?? ''
    const isApiToken = input.apiToken !== null && input.apiToken.length > 0 && vendorSeg === input.apiToken
    const shownVendor = isApiToken ? API_TOKEN_PLACEHOLDER : vendorSeg
    if (isApiToken) claims.sub = [API_TOKEN_PLACEHOLDER, ...segs.slice(1)].join(':')

    let form: 'vendor_id' | 'api_key' | 'unknown'
    if (isApiToken || (vendorSeg !== input.profile.vendorId && looksLikeApiKey(vendorSeg))) form = 'api_key'
    else if (input.profile.vendorId) form = 'vendor_id'
    else form = 'unknown'

    if (segs.length < 2) {
      findings.push({
        level: 'error',
        code: 'sub_shape',
        message: `sub "${isApiToken ? API_TOKEN_PLACEHOLDER : sub}" has no ":"; expected "<vendor_id>:<customer>" or "<vendor_id>:<customer>:<user>".`,
      })
    } else if (segs.length > 3) {
      findings.push({
        level: 'error',
        code: 'sub_shape',
        message: `sub has ${segs.length} ":"-separated parts; expected 2 or 3. An external id containing ":" must be percent-encoded (":" → "%3A").`,
      })
    }
    if (!vendorSeg) findings.push({ level: 'error', code: 'vendor_missing', message: 'The vendor id part of sub is empty.' })
    if (form === 'api_key') {
      findings.push({
        level: 'error',
        code: 'sub_api_key_form',
        message:
          'sub uses the 2019 API-key form ("<API key>:<customer>"). Today Workato expects the vendor id returned when the public key is registered, and an API key in a token is exposed to the browser: rotate that key.',
      })
    } else if (input.profile.vendorId && vendorSeg && vendorSeg !== input.profile.vendorId) {
      findings.push({
        level: 'error',
        code: 'sub_vendor_mismatch',
        message: `sub starts with vendor id "${shownVendor}", but this profile’s vendor id is "${input.profile.vendorId}".`,
      })
    } else if (!input.profile.vendorId) {
      findings.push({
        level: 'info',
        code: 'vendor_unknown',
        message: 'This profile has no vendor id yet, so the first part of sub was not compared. Register the key to get it.',
      })
    }
    const customer = segs.length >= 2 ? readSegment(segs[1] ?? '', 'customer', findings) : null
    if (input.attempt && !(customer?.kind === 'id' && customer.value === String(input.attempt.customerId))) {
      findings.push({
        level: 'error',
        code: 'attempt_customer',
        message: `sub names customer "${customer?.raw ?? ''}", but this widget attempt is for customer ${input.attempt.customerId} (reference §7.2).`,
      })
    }
    const user = segs.length === 3 ? readSegment(segs[2] ?? '', 'user', findings) : null
    result.sub = {
      form,
      description:
        form === 'api_key'
          ? 'Old 2019 form: the partner API key, then the customer.'
          : form === 'vendor_id'
            ? `Vendor-id form: vendor, customer${user ? ', user' : ''}.`
            : 'Vendor-id form assumed; the profile has no vendor id to compare with.',
      vendorId: vendorSeg ? shownVendor : null,
      customer,
      user,
    }
  }

  // --- jti / iat / exp
  if (claims.jti === undefined) {
    findings.push({
      level: 'error',
      code: 'jti_missing',
      message: 'There is no jti; Workato needs a unique id per token (it refuses a jti used twice within 10 minutes).',
    })
  } else if (typeof claims.jti !== 'string' || claims.jti === '') {
    findings.push({ level: 'error', code: 'jti_type', message: 'jti must be a non-empty string.' })
  }
  const iat = claims.iat
  if (iat === undefined) {
    findings.push({
      level: 'warning',
      code: 'iat_missing',
      message: 'There is no iat (issued-at). The Embedded docs require it; set it to the current time in epoch seconds.',
    })
  } else if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    findings.push({ level: 'error', code: 'iat_type', message: 'iat must be a number of seconds since 1970.' })
  } else {
    result.issuedAt = iso(iat)
    if (iat > 1e11) findings.push({ level: 'error', code: 'iat_millis', message: 'iat looks like milliseconds; JWT times are in seconds.' })
    else if (iat > nowS + SKEW_SECONDS) {
      findings.push({
        level: 'error',
        code: 'iat_future',
        message: `iat is ${minutes(iat - nowS)} in the future: check the clock of the machine that signed it.`,
      })
    }
  }
  const exp = claims.exp
  if (exp === undefined) {
    findings.push({
      level: 'info',
      code: 'exp_missing',
      message: 'There is no exp. Workato does not require it, but a short expiry limits what a leaked token can do.',
    })
  } else if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    findings.push({ level: 'error', code: 'exp_type', message: 'exp must be a number of seconds since 1970.' })
  } else {
    result.expiresAt = iso(exp)
    if (exp <= nowS)
      findings.push({ level: 'error', code: 'exp_past', message: `The token expired ${minutes(nowS - exp)} ago (${iso(exp) ?? exp}).` })
    if (typeof iat === 'number' && Number.isFinite(iat)) {
      result.lifetimeSeconds = exp - iat
      if (exp <= iat) findings.push({ level: 'error', code: 'exp_before_iat', message: 'exp is not after iat, so the token was never valid.' })
      else if (exp - iat > DEFAULT_TTL_SECONDS) {
        findings.push({
          level: 'warning',
          code: 'lifetime_long',
          message: `The token is valid for ${minutes(exp - iat)}; keep widget tokens to 10 minutes or less (Workato only remembers a jti for 10 minutes).`,
        })
      }
    }
  }

  // --- origin (reference §5.4: required when more than one vendor origin is configured)
  const origins = input.profile.originUrls
  const origin = claims.origin
  if (origin === undefined) {
    if (origins.length > 1) {
      findings.push({
        level: 'error',
        code: 'origin_missing',
        message: `There is no origin, and this profile has ${origins.length} origins; Workato then cannot tell which one the widget runs on. Add "origin": one of ${origins.join(', ')}.`,
      })
    } else if (origins.length === 1) {
      findings.push({
        level: 'info',
        code: 'origin_default',
        message: `There is no origin; Workato will use the first configured origin (this profile: ${origins[0]}).`,
      })
    }
  } else if (typeof origin !== 'string' || !originOf(origin)) {
    findings.push({ level: 'error', code: 'origin_invalid', message: 'origin must be a URL such as "https://app.vendor.example".' })
  } else if (origins.length && !origins.some((o) => originOf(o) === originOf(origin))) {
    findings.push({
      level: 'warning',
      code: 'origin_not_registered',
      message: `origin ${origin} is not one of this profile’s origins (${origins.join(', ')}). It must be allowlisted in the OEM config or as the customer’s origin_url.`,
    })
  }

  if (input.attempt && origin !== input.attempt.hostOrigin) {
    findings.push({
      level: 'error',
      code: 'attempt_origin',
      message: `origin claim ${JSON.stringify(origin ?? null)}; the host page runs on ${input.attempt.hostOrigin}. Workato posts messages only to an allowlisted origin (reference §8.4).`,
    })
  }

  result.valid = !findings.some((f) => f.level === 'error') && result.signature.status !== 'invalid'
  return result
}

/** Which findings speak to which of the widget attempt's four checks. */
const CHECK_GROUPS: Record<AttemptCheck['name'], (code: string) => boolean> = {
  sub: (c) => /^(sub_|vendor_|customer_|user_|external_id|attempt_customer)/.test(c),
  origin: (c) => c.startsWith('origin_') || c === 'attempt_origin',
  exp: (c) => c.startsWith('exp_'),
  alg: (c) => c === 'alg' || c === 'header_unreadable' || c === 'not_jwt',
}

export interface AttemptCheck {
  name: 'sub' | 'origin' | 'exp' | 'alg'
  ok: boolean
  message: string
}

/**
 * The widget attempt's four checks (sub, origin, exp, alg), read off the inspection of its token made with
 * `attempt`: a check fails when the inspector found an error in its group, and then says what the inspector said.
 */
export function attemptChecks(inspection: TokenInspection, attempt: AttemptContext, now: Date): AttemptCheck[] {
  const claims = inspection.claims ?? {}
  const sub = typeof claims.sub === 'string' ? claims.sub : ''
  const exp = typeof claims.exp === 'number' ? claims.exp : null
  const passed: Record<AttemptCheck['name'], string> = {
    sub: `sub is "${sub}": vendor id, then customer ${attempt.customerId} (reference §7.2).`,
    origin: `origin claim ${JSON.stringify(claims.origin ?? null)}; the host page runs on ${attempt.hostOrigin}. Workato posts messages only to an allowlisted origin (reference §8.4).`,
    exp: exp === null ? 'No exp claim.' : expiryText(exp * 1000, now.getTime()),
    alg: `alg is ${String(inspection.header?.alg ?? 'missing')}; Workato accepts RS256 only (reference §7.2).`,
  }
  return (Object.keys(CHECK_GROUPS) as AttemptCheck['name'][]).map((name) => {
    const errors = inspection.findings.filter((f) => f.level === 'error' && CHECK_GROUPS[name](f.code))
    return errors.length ? { name, ok: false, message: errors.map((f) => f.message).join(' ') } : { name, ok: true, message: passed[name] }
  })
}

/** "Expires in 9 min (02:49:16 UTC)." / "Expired 3 min ago (02:39:16 UTC).": relative first, the clock time in UTC. */
export function expiryText(expMs: number, nowMs: number): string {
  const at = new Date(expMs).toISOString().slice(11, 19)
  const s = Math.round(Math.abs(expMs - nowMs) / 1000)
  const span = s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`
  return expMs > nowMs ? `Expires in ${span} (${at} UTC).` : `Expired ${span} ago (${at} UTC).`
}
