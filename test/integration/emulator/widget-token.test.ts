/**
 * Reference §7.2–§7.4, §8.4: every reason the sandbox refuses a widget token, over real HTTP, with tokens signed
 * at test time (jose + fresh RSA keys) and an `alg: none` token built by hand.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionRecord, CustomerRecord, RequestLogEntry, EmulatorHandle } from '../../../electron/emulator/index'
import { widgetRejectionReasonCodes } from '../../../shared/domain/widget'
import { hs256Token, noneToken, pageConfig, rsaKeys, sandbox, signToken } from './helpers'

const vendorOrigin = 'https://vendor.example'
const keys = rsaKeys()
const otherKeys = rsaKeys()
let h: EmulatorHandle
let customer: CustomerRecord
let conn: ConnectionRecord
let otherConn: ConnectionRecord
const log: RequestLogEntry[] = []

beforeAll(async () => {
  ;({ h } = await sandbox({ customers: 20, vendorOrigins: [vendorOrigin], publicKeyPem: keys.publicPem, onRequest: (e) => log.push(e) }))
  const all = h.state.listCustomers()
  customer = all.find((c) => c.origin_url === null) as CustomerRecord
  conn = [...h.state.workspace(customer).connections.values()][0] as ConnectionRecord
  const other = all.find((c) => c.id !== customer.id) as CustomerRecord
  otherConn = [...h.state.workspace(other).connections.values()][0] as ConnectionRecord
})
afterAll(() => h.close())

const sub = (c: CustomerRecord = customer) => `${h.vendorId}:${c.id}`

async function open(token: string | null, connectionId: number | string = conn.id, param = 'workato_dl_token') {
  const url = `${h.baseUrl}/direct_link/embedded/connections/${connectionId}${token === null ? '' : `?${param}=${encodeURIComponent(token)}`}`
  const res = await fetch(url)
  const html = await res.text()
  return {
    status: res.status,
    html,
    config: pageConfig(html),
    csp: res.headers.get('content-security-policy') ?? '',
    reasonHeader: res.headers.get('x-workato-embedding-error'),
  }
}

async function expectRejected(
  token: string | null,
  reason: string,
  connectionId: number | string = conn.id,
  targetOrigin: string | null = vendorOrigin,
) {
  const r = await open(token, connectionId)
  expect(r.status).toBeGreaterThanOrEqual(400)
  expect(r.html).toContain(`Fatal embedding error: ${reason}`)
  expect(r.reasonHeader).toBe(reason)
  expect(r.config).toEqual({
    mode: 'error',
    targetOrigin,
    error: { type: 'FatalEmbeddingError', message: `Fatal embedding error: ${reason}`, details: { reason } },
  })
  return r
}

describe('widget token rejections', () => {
  it('token_missing', async () => {
    await expectRejected(null, 'token_missing', conn.id, vendorOrigin)
  })

  it('token_malformed', async () => {
    await expectRejected('not-a-jwt', 'token_malformed')
    await expectRejected('a.b.c', 'token_malformed')
  })

  it('alg_not_allowed for none, HS256 and RS512', async () => {
    const claims = { sub: sub(), jti: randomUUID(), iat: Math.floor(Date.now() / 1000), origin: vendorOrigin }
    await expectRejected(noneToken(claims), 'alg_not_allowed')
    await expectRejected(await hs256Token(claims), 'alg_not_allowed')
    // A genuine RSA signature with the registered key, but not RS256: still refused.
    await expectRejected(await signToken(keys.privatePem, { sub: sub(), origin: vendorOrigin }, { alg: 'RS512' }), 'alg_not_allowed')
  })

  it('signature_invalid when signed with another key', async () => {
    await expectRejected(await signToken(otherKeys.privatePem, { sub: sub(), origin: vendorOrigin }), 'signature_invalid')
  })

  it('sub_missing, sub_invalid, vendor_mismatch', async () => {
    await expectRejected(await signToken(keys.privatePem, {}), 'sub_missing')
    await expectRejected(await signToken(keys.privatePem, { sub: `${h.vendorId}` }), 'sub_invalid')
    await expectRejected(await signToken(keys.privatePem, { sub: `${h.vendorId}:${customer.id}:u:extra` }), 'sub_invalid')
    await expectRejected(await signToken(keys.privatePem, { sub: `${h.vendorId}::` }), 'sub_invalid')
    await expectRejected(await signToken(keys.privatePem, { sub: 42 }), 'sub_invalid')
    await expectRejected(await signToken(keys.privatePem, { sub: `wrongvendor:${customer.id}` }), 'vendor_mismatch')
  })

  it('jti_missing and jti_reused', async () => {
    await expectRejected(await signToken(keys.privatePem, { sub: sub(), jti: undefined }), 'jti_missing')
    const once = await signToken(keys.privatePem, { sub: sub() })
    expect((await open(once)).status).toBe(200)
    await expectRejected(once, 'jti_reused')
  })

  it('iat_missing, iat_in_future, token_expired', async () => {
    const now = Math.floor(Date.now() / 1000)
    await expectRejected(await signToken(keys.privatePem, { sub: sub(), iat: undefined }), 'iat_missing')
    await expectRejected(await signToken(keys.privatePem, { sub: sub(), iat: now + 3600 }), 'iat_in_future')
    // Small skew is fine.
    expect((await open(await signToken(keys.privatePem, { sub: sub(), iat: now + 20 }))).status).toBe(200)
    await expectRejected(await signToken(keys.privatePem, { sub: sub(), exp: now - 5 }), 'token_expired')
    expect((await open(await signToken(keys.privatePem, { sub: sub(), exp: now + 300 }))).status).toBe(200)
  })

  it('customer_not_found, connection_not_found, connection_not_in_customer', async () => {
    await expectRejected(await signToken(keys.privatePem, { sub: `${h.vendorId}:1` }), 'customer_not_found')
    await expectRejected(await signToken(keys.privatePem, { sub: `${h.vendorId}:Eno-such-external` }), 'customer_not_found')
    await expectRejected(await signToken(keys.privatePem, { sub: sub() }), 'connection_not_found', 987654321)
    await expectRejected(await signToken(keys.privatePem, { sub: sub() }), 'connection_not_in_customer', otherConn.id)
  })

  it('origin_not_allowed: the claim is not allowlisted, and then nothing may be posted (targetOrigin null)', async () => {
    const r = await expectRejected(
      await signToken(keys.privatePem, { sub: sub(), origin: 'https://evil.example' }),
      'origin_not_allowed',
      conn.id,
      null,
    )
    expect(r.html).not.toMatch(/postMessage\([^)]*['"]\*['"]/)
  })

  it('key_not_registered on a sandbox without a key', async () => {
    const bare = await sandbox({ customers: 3, vendorOrigins: [vendorOrigin] })
    try {
      const c = bare.h.state.listCustomers()[0] as CustomerRecord
      const k = [...bare.h.state.workspace(c).connections.values()][0] as ConnectionRecord
      const token = await signToken(keys.privatePem, { sub: `${bare.h.vendorId}:${c.id}` })
      const res = await fetch(`${bare.h.baseUrl}/direct_link/embedded/connections/${k.id}?workato_dl_token=${token}`)
      expect(res.status).toBe(401)
      expect(await res.text()).toContain('Fatal embedding error: key_not_registered')
    } finally {
      await bare.h.close()
    }
  })

  it('logs each request by path and reason, never with the token', () => {
    expect(log.length).toBeGreaterThan(10)
    expect(log.some((e) => e.reason === 'jti_reused' && e.status === 401)).toBe(true)
    for (const e of log) expect(e.path).not.toMatch(/token|eyJ/)
  })

  it('every reason has an explanation and a fix in shared/domain/widget', () => {
    expect(widgetRejectionReasonCodes.sort()).toEqual(
      [
        'alg_not_allowed',
        'connection_not_found',
        'connection_not_in_customer',
        'customer_not_found',
        'http_request_invalid',
        'iat_in_future',
        'iat_missing',
        'jti_missing',
        'jti_reused',
        'key_not_registered',
        'member_not_found',
        'origin_not_allowed',
        'path_invalid',
        'signature_invalid',
        'sub_invalid',
        'sub_missing',
        'token_expired',
        'token_malformed',
        'token_missing',
        'vendor_mismatch',
      ].sort(),
    )
  })
})

describe('accepted tokens and the origin they post to (§8.4)', () => {
  it('accepts workato_session_token as an alias', async () => {
    const r = await open(await signToken(keys.privatePem, { sub: sub() }), conn.id, 'workato_session_token')
    expect(r.status).toBe(200)
  })

  it('uses the origin claim when allowlisted, else the customer origin_url, else the vendor origin', async () => {
    const withClaim = await open(await signToken(keys.privatePem, { sub: sub(), origin: `${vendorOrigin}/` }))
    expect(withClaim.config.targetOrigin).toBe(vendorOrigin)
    // No frame_ancestors on the customer: framing is unrestricted (§8.4: the widget renders, messages do not arrive).
    expect(withClaim.csp).not.toContain('frame-ancestors')
    const noClaim = await open(await signToken(keys.privatePem, { sub: sub() }))
    expect(noClaim.config.targetOrigin).toBe(vendorOrigin)
    const own = h.state.listCustomers().find((c) => c.origin_url !== null) as CustomerRecord
    const ownConn = [...h.state.workspace(own).connections.values()][0] as ConnectionRecord
    const r = await open(await signToken(keys.privatePem, { sub: sub(own) }), ownConn.id)
    expect(r.config.targetOrigin).toBe(own.origin_url)
    // The vendor origin is allowed for that customer too when named in the claim.
    const viaVendor = await open(await signToken(keys.privatePem, { sub: sub(own), origin: vendorOrigin }), ownConn.id)
    expect(viaVendor.config.targetOrigin).toBe(vendorOrigin)
  })

  it("adds the customer's frame_ancestors and the target origin to the CSP (§5.4)", async () => {
    const c = h.state.listCustomers()[3] as CustomerRecord
    c.frame_ancestors = 'https://a.example, https://b.example'
    const k = [...h.state.workspace(c).connections.values()][0] as ConnectionRecord
    const r = await open(await signToken(keys.privatePem, { sub: sub(c), origin: vendorOrigin }), k.id)
    expect(r.csp).toContain(`frame-ancestors ${vendorOrigin} https://a.example https://b.example`)
  })

  it('resolves E-prefixed URL-encoded external ids in sub (customer and user segments)', async () => {
    const awkward = h.state.listCustomers().find((c) => c.external_id?.includes(':')) as CustomerRecord
    const k = [...h.state.workspace(awkward).connections.values()][0] as ConnectionRecord
    h.state.members.add(awkward, {
      grant_type: 'member',
      role_name: 'Operator',
      external_id: 'user:1',
      name: 'Awkward User',
      email: 'awkward@example.com',
      time_zone: 'UTC',
    })
    const token = await signToken(keys.privatePem, {
      sub: `${h.vendorId}:${encodeURIComponent(`E${awkward.external_id}`)}:${encodeURIComponent('Euser:1')}`,
    })
    expect((await open(token, k.id)).status).toBe(200)
  })

  it('with no allowlisted origin at all, refuses with origin_not_allowed', async () => {
    const bare = await sandbox({ customers: 5, publicKeyPem: keys.publicPem })
    try {
      const c = bare.h.state.listCustomers().find((x) => x.origin_url === null) as CustomerRecord
      const k = [...bare.h.state.workspace(c).connections.values()][0] as ConnectionRecord
      const token = await signToken(keys.privatePem, { sub: `${bare.h.vendorId}:${c.id}` })
      const html = await (await fetch(`${bare.h.baseUrl}/direct_link/embedded/connections/${k.id}?workato_dl_token=${token}`)).text()
      expect(pageConfig(html)).toMatchObject({ targetOrigin: null, error: { details: { reason: 'origin_not_allowed' } } })
      bare.h.addVendorOrigin('https://late.example/')
      const again = await signToken(keys.privatePem, { sub: `${bare.h.vendorId}:${c.id}` })
      const ok = await fetch(`${bare.h.baseUrl}/direct_link/embedded/connections/${k.id}?workato_dl_token=${again}`)
      expect(ok.status).toBe(200)
      expect(pageConfig(await ok.text()).targetOrigin).toBe('https://late.example')
    } finally {
      await bare.h.close()
    }
  })
})

describe('the user segment, direct-link requests and paths (§7.2, §7.4)', () => {
  it('member_not_found when the sub names someone who is not a member of that customer; a member passes', async () => {
    const other = h.state.listCustomers().find((c) => c.id !== customer.id && h.state.members.list(c).length > 0) as CustomerRecord
    const stranger = h.state.members.list(other)[0]?.id ?? 0
    await expectRejected(await signToken(keys.privatePem, { sub: `${sub()}:${stranger}` }), 'member_not_found')
    const member = h.state.members.add(customer, {
      grant_type: 'member',
      role_name: 'Viewer',
      external_id: null,
      name: 'Member',
      email: 'm@example.com',
      time_zone: 'UTC',
    })
    expect((await open(await signToken(keys.privatePem, { sub: `${sub()}:${member.id}` }))).status).toBe(200)
  })

  it('http_request_invalid for a direct link fetched by XHR or fetch(), without using up the token', async () => {
    const token = await signToken(keys.privatePem, { sub: sub() })
    const url = `${h.baseUrl}/direct_link/embedded/connections/${conn.id}?workato_dl_token=${encodeURIComponent(token)}`
    const scripted: Record<string, string>[] = [
      { 'X-Requested-With': 'XMLHttpRequest' },
      { 'Sec-Fetch-Dest': 'empty', 'Sec-Fetch-Mode': 'cors' },
      { Accept: 'application/json' },
    ]
    for (const headers of scripted) {
      const res = await fetch(url, { headers })
      expect(res.status).toBe(400)
      expect(res.headers.get('x-workato-embedding-error')).toBe('http_request_invalid')
      const html = await res.text()
      expect(html).toContain('Fatal embedding error: http_request_invalid')
      // Nothing is posted from a page that was never meant to be framed.
      expect(pageConfig(html).targetOrigin).toBeNull()
    }
    // A page load (an iframe navigation) with the same token still works: the refusals did not spend its jti.
    const page = await fetch(url, { headers: { 'Sec-Fetch-Dest': 'iframe', 'Sec-Fetch-Mode': 'navigate', Accept: 'text/html' } })
    expect(page.status).toBe(200)
  })

  it('path_invalid for a connection id that is not a number and for direct-link paths Workato does not serve', async () => {
    const token = await signToken(keys.privatePem, { sub: sub() })
    for (const path of [`/direct_link/embedded/connections/abc`, `/direct_link/embedded/recipes/${conn.id}`]) {
      const res = await fetch(`${h.baseUrl}${path}?workato_dl_token=${encodeURIComponent(token)}`)
      expect(res.status).toBe(400)
      expect(res.headers.get('x-workato-embedding-error')).toBe('path_invalid')
    }
  })
})
