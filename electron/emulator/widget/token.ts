/**
 * Verifies a Connection Widget token (reference §7.2, §7.3) and says exactly why one is refused. RS256 only,
 * against the key registered with §5.3; then sub, jti (once per 10 minutes), iat, exp, the customer and
 * connection, and the embedding origin (§5.4, §8.4). Each check maps to one reason code from
 * shared/domain/widget.ts so the console can explain it.
 */
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose'
import type { WidgetRejectionReason } from '../../../shared/domain/widget'
import { normalizeOrigin } from '../origins'
import type { ConnectionRecord, CustomerRecord } from '../records'
import type { EmulatorState } from '../state'

/** Clock skew tolerated for iat in the future. */
const iatSkewSeconds = 60
/** §7.2 (legacy doc): a jti may be used only once within 10 minutes. */
export const jtiWindowMs = 10 * 60_000

export type TokenCheck =
  | { ok: true; customer: CustomerRecord; connection: ConnectionRecord; origin: string }
  | { ok: false; reason: WidgetRejectionReason; /** Where the error message may be posted; null = post nothing. */ targetOrigin: string | null }

type Claims = Record<string, unknown>

export interface ParsedSub {
  vendor: string
  customer: string
  user: string | null
}

/**
 * `sub` = `<vendor>:<customer>[:<user>]`; customer and user may be `E` + URL-encoded external ids (§1.3, §7.2),
 * so a raw `:` inside an external id must arrive encoded as %3A.
 */
export function parseSub(sub: string): ParsedSub | null {
  const parts = sub.split(':')
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) return null
  try {
    const [vendor = '', customer = '', user] = parts.map((p, i) => (i === 0 ? p : decodeURIComponent(p)))
    return { vendor, customer, user: user ?? null }
  } catch {
    return null
  }
}

/** Origins this customer may embed from: its own origin_url, then the account's vendor origins (§5.4). */
export function allowedOrigins(state: EmulatorState, customer: CustomerRecord | undefined): string[] {
  const list = customer?.origin_url ? [normalizeOrigin(customer.origin_url)] : []
  for (const o of state.vendorOrigins) if (!list.includes(o)) list.push(o)
  return list
}

/**
 * The origin a message goes to (§8.4): the `origin` claim when it is allowlisted, else the customer's
 * origin_url, else the first vendor origin. A claim that is not allowlisted yields null: nothing is posted.
 */
export function targetOriginFor(state: EmulatorState, customer: CustomerRecord | undefined, claimOrigin: unknown): string | null {
  const allowed = allowedOrigins(state, customer)
  if (typeof claimOrigin === 'string' && claimOrigin !== '') {
    const o = normalizeOrigin(claimOrigin)
    return allowed.includes(o) ? o : null
  }
  return allowed[0] ?? null
}

export async function verifyWidgetToken(state: EmulatorState, token: string | null, connectionIdRaw: string, now = Date.now()): Promise<TokenCheck> {
  // Before the signature is checked the claims are untrusted; they only pick which allowlisted origin hears the error.
  let unverified: Claims = {}
  const fail = (reason: WidgetRejectionReason): TokenCheck => {
    const sub = typeof unverified.sub === 'string' ? parseSub(unverified.sub) : null
    const customer = sub && sub.vendor === state.vendorId ? state.resolveCustomer(sub.customer) : undefined
    return { ok: false, reason, targetOrigin: targetOriginFor(state, customer, unverified.origin) }
  }

  if (!token) return fail('token_missing')
  let alg: unknown
  try {
    alg = decodeProtectedHeader(token).alg
    unverified = decodeJwt(token)
  } catch {
    // A `none` token may carry an empty signature; jose still decodes it, so this is a genuinely broken token.
    return fail('token_malformed')
  }
  if (alg !== 'RS256') return fail('alg_not_allowed')
  if (!state.publicKey) return fail('key_not_registered')

  let claims: Claims
  try {
    const { payload } = await compactVerify(token, state.publicKey, { algorithms: ['RS256'] })
    const parsed: unknown = JSON.parse(new TextDecoder().decode(payload))
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return fail('token_malformed')
    claims = parsed as Claims
  } catch {
    return fail('signature_invalid')
  }

  if (claims.sub === undefined || claims.sub === null || claims.sub === '') return fail('sub_missing')
  const sub = typeof claims.sub === 'string' ? parseSub(claims.sub) : null
  if (!sub) return fail('sub_invalid')
  if (sub.vendor !== state.vendorId) return fail('vendor_mismatch')
  if (typeof claims.jti !== 'string' || claims.jti === '') return fail('jti_missing')
  if (typeof claims.iat !== 'number') return fail('iat_missing')
  const nowSec = Math.floor(now / 1000)
  if (claims.iat > nowSec + iatSkewSeconds) return fail('iat_in_future')
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp <= nowSec)) return fail('token_expired')
  for (const [jti, until] of state.usedJtis) if (until <= now) state.usedJtis.delete(jti)
  if (state.usedJtis.has(claims.jti)) return fail('jti_reused')

  const customer = state.resolveCustomer(sub.customer)
  if (!customer) return fail('customer_not_found')
  // §7.1, reference §7.2 table: a user in sub must be one of the customer's members (added with the member API).
  if (sub.user !== null && !state.members.find(customer, sub.user)) return fail('member_not_found')
  const connectionId = /^\d+$/.test(connectionIdRaw) ? Number(connectionIdRaw) : NaN
  const connection = Number.isNaN(connectionId) ? undefined : state.workspace(customer).connections.get(connectionId)
  if (!connection)
    return fail(!Number.isNaN(connectionId) && state.connectionOwner(connectionId) ? 'connection_not_in_customer' : 'connection_not_found')
  const origin = targetOriginFor(state, customer, claims.origin)
  if (!origin) return fail('origin_not_allowed')

  state.usedJtis.set(claims.jti, now + jtiWindowMs)
  return { ok: true, customer, connection, origin }
}
