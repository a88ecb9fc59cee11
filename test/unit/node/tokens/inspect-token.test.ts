import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { SignJWT, type JWTPayload } from 'jose'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { tokenInspectionSchema, type TokenInspection } from '../../../../shared/contract/tokens'
import { spkiFingerprint } from '../../../../electron/core/keys'
import { extractToken, inspectToken } from '../../../../electron/core/tokens'

// RSA key generation (several per test) is CPU-bound and slow on a busy machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

let priv: KeyObject
let pub: KeyObject
let otherPriv: KeyObject
const NOW = new Date('2026-11-21T01:00:00Z')
const nowS = Math.floor(NOW.getTime() / 1000)
const VENDOR = 'we9898zgsgsgw38394'
const API_TOKEN = 'wrkaus-0123456789abcdef0123456789abcdef'

beforeAll(() => {
  priv = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  pub = createPublicKey(priv)
  otherPriv = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
})

const good = (): JWTPayload => ({
  sub: `${VENDOR}:EACME%3A42:E9911`,
  jti: 'abc-123',
  iat: nowS - 5,
  exp: nowS + 300,
  origin: 'https://app.acme.example',
})

async function sign(payload: JWTPayload, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }, key: KeyObject = priv) {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', ...header }).sign(createPrivateKey(key.export({ type: 'pkcs8', format: 'pem' })))
}

const unsigned = (header: object, payload: object) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`

async function inspect(token: string, profile: { vendorId?: string | null; originUrls?: string[] } = {}, withKey = true): Promise<TokenInspection> {
  const r = await inspectToken({
    token,
    profile: {
      name: 'Acme',
      vendorId: profile.vendorId === undefined ? VENDOR : profile.vendorId,
      originUrls: profile.originUrls ?? ['https://app.acme.example'],
    },
    key: withKey ? { publicKey: pub, fingerprint: spkiFingerprint(pub) } : null,
    apiToken: API_TOKEN,
    now: NOW,
  })
  return tokenInspectionSchema.parse(r)
}
const codes = (r: TokenInspection) => r.findings.map((f) => `${f.level}:${f.code}`)

describe('token inspector', () => {
  it('a good token: valid signature, vendor-id form, decoded segments, no warnings', async () => {
    const r = await inspect(await sign(good()))
    expect(r.valid).toBe(true)
    expect(r.signature.status).toBe('valid')
    expect(r.header).toEqual({ alg: 'RS256', typ: 'JWT' })
    expect(r.sub).toMatchObject({
      form: 'vendor_id',
      vendorId: VENDOR,
      customer: { kind: 'external_id', value: 'ACME:42', raw: 'EACME%3A42' },
      user: { kind: 'external_id', value: '9911' },
    })
    expect(r.lifetimeSeconds).toBe(305)
    expect(r.findings.filter((f) => f.level !== 'info')).toEqual([])
  })

  it('a token signed with another key fails verification', async () => {
    const r = await inspect(await sign(good(), undefined, otherPriv))
    expect(r.signature.status).toBe('invalid')
    expect(r.valid).toBe(false)
    expect(codes(r)).toContain('error:signature_invalid')
  })

  it('tolerates garbage with clear errors', async () => {
    expect(codes(await inspect('hello'))).toEqual(['error:not_jwt'])
    expect((await inspect('hello')).findings[0]?.message).toMatch(/expected three parts.*found 1/)
    expect(codes(await inspect('a.b.c'))).toEqual(['error:header_unreadable', 'error:payload_unreadable'])
    expect(codes(await inspect('eyJhbGciOiJSUzI1NiJ9.!!!.x'))).toEqual(['error:payload_unreadable'])
    expect(codes(await inspect('   '))).toEqual(['error:empty'])
  })

  it('reads the token out of a pasted direct-link URL or a Bearer header', async () => {
    const t = await sign(good())
    const r = await inspect(`https://app.workato.com/direct_link/embedded/connections/5?workato_dl_token=${t}`)
    expect(r.signature.status).toBe('valid')
    expect(codes(r)).toContain('info:from_url')
    expect(extractToken(`Bearer ${t}`)).toEqual({ token: t, from: 'bearer' })
  })

  it('flags alg other than RS256 and a wrong or missing typ', async () => {
    const none = await inspect(unsigned({ alg: 'none' }, good()))
    expect(codes(none)).toEqual(expect.arrayContaining(['error:alg', 'warning:typ_missing', 'error:signature_missing']))
    const hs = await inspect(unsigned({ alg: 'HS256', typ: 'JWT' }, good()) + 'sig')
    expect(hs.findings.find((f) => f.code === 'alg')?.message).toBe('Signed with HS256; Workato verifies widget tokens with RS256 only.')
    expect(codes(await inspect(await sign(good(), { typ: 'JOSE' })))).toContain('warning:typ')
  })

  it('checks the sub shape and the vendor id', async () => {
    expect(codes(await inspect(await sign({ ...good(), sub: undefined })))).toContain('error:sub_missing')
    expect(codes(await inspect(await sign({ ...good(), sub: VENDOR })))).toContain('error:sub_shape')
    const tooMany = await inspect(await sign({ ...good(), sub: `${VENDOR}:EACME:42:E1` }))
    expect(tooMany.findings.find((f) => f.code === 'sub_shape')?.message).toMatch(/4 ":"-separated parts.*"%3A"/)
    const other = await inspect(await sign({ ...good(), sub: 'weotherVendor:42' }))
    expect(other.findings.find((f) => f.code === 'sub_vendor_mismatch')?.message).toBe(
      `sub starts with vendor id "weotherVendor", but this profile’s vendor id is "${VENDOR}".`,
    )
    const unknown = await inspect(await sign({ ...good(), sub: 'weX:42' }), { vendorId: null })
    expect(unknown.sub?.form).toBe('unknown')
    expect(codes(unknown)).toContain('info:vendor_unknown')
  })

  it('recognises the 2019 API-key form and never echoes the API token', async () => {
    const r = await inspect(await sign({ ...good(), sub: `${API_TOKEN}:42` }))
    expect(r.sub?.form).toBe('api_key')
    expect(r.sub?.description).toMatch(/2019/)
    expect(codes(r)).toContain('error:sub_api_key_form')
    expect(JSON.stringify(r)).not.toContain(API_TOKEN)
    expect(r.claims?.sub).toBe('[your API token]:42')
    // An API-key-shaped first segment that is not ours is still called out.
    const hex = await inspect(await sign({ ...good(), sub: `${'ab'.repeat(32)}:42` }))
    expect(hex.sub?.form).toBe('api_key')
  })

  it('checks customer and user segments: numeric ids, E prefix, percent-encoding', async () => {
    const numeric = await inspect(await sign({ ...good(), sub: `${VENDOR}:3498583:77` }))
    expect(numeric.sub).toMatchObject({ customer: { kind: 'id', value: '3498583' }, user: { kind: 'id', value: '77' } })
    const noPrefix = await inspect(await sign({ ...good(), sub: `${VENDOR}:ACME42` }))
    expect(noPrefix.findings.find((f) => f.code === 'customer_segment')?.message).toMatch(
      /neither a numeric workspace id nor an external id.*"EACME42"/,
    )
    const notEncoded = await inspect(await sign({ ...good(), sub: `${VENDOR}:Eacme corp` }))
    expect(notEncoded.findings.find((f) => f.code === 'external_id_not_encoded')?.message).toMatch(/"Eacme%20corp"/)
    const badPct = await inspect(await sign({ ...good(), sub: `${VENDOR}:EA%ZZ` }))
    expect(codes(badPct)).toContain('error:external_id_encoding')
    const lowerHex = await inspect(await sign({ ...good(), sub: `${VENDOR}:EAM10%3axv` }))
    expect(codes(lowerHex).filter((c) => c.includes('external'))).toEqual([])
    expect(codes(await inspect(await sign({ ...good(), sub: `${VENDOR}:42:bob` })))).toContain('error:user_segment')
  })

  it('checks jti, iat and exp', async () => {
    const { jti: _j, iat: _i, ...rest } = good()
    const r = await inspect(await sign(rest))
    expect(codes(r)).toEqual(expect.arrayContaining(['error:jti_missing', 'warning:iat_missing']))
    expect(codes(await inspect(await sign({ ...good(), iat: nowS + 600, exp: nowS + 900 })))).toContain('error:iat_future')
    const expired = await inspect(await sign({ ...good(), iat: nowS - 1200, exp: nowS - 600 }))
    expect(expired.findings.find((f) => f.code === 'exp_past')?.message).toMatch(/^The token expired 10 min ago/)
    const long = await inspect(await sign({ ...good(), exp: nowS + 3600 }))
    expect(long.findings.find((f) => f.code === 'lifetime_long')).toMatchObject({ level: 'warning' })
    const { exp: _e, ...noExp } = good()
    expect(codes(await inspect(await sign(noExp)))).toContain('info:exp_missing')
    expect(codes(await inspect(await sign({ ...good(), iat: Date.now() })))).toContain('error:iat_millis')
  })

  it('checks origin against the profile’s origins', async () => {
    const { origin: _o, ...noOrigin } = good()
    const two = ['https://app.acme.example', 'https://admin.acme.example']
    expect((await inspect(await sign(noOrigin), { originUrls: two })).findings.find((f) => f.code === 'origin_missing')).toMatchObject({
      level: 'error',
    })
    expect(codes(await inspect(await sign(noOrigin)))).toContain('info:origin_default')
    const elsewhere = await inspect(await sign({ ...good(), origin: 'https://evil.example' }), { originUrls: two })
    expect(elsewhere.findings.find((f) => f.code === 'origin_not_registered')?.message).toMatch(
      /https:\/\/evil\.example is not one of this profile’s origins/,
    )
    expect(codes(await inspect(await sign({ ...good(), origin: 'https://admin.acme.example/' }), { originUrls: two }))).not.toContain(
      'warning:origin_not_registered',
    )
    expect(codes(await inspect(await sign({ ...good(), origin: 'not a url' })))).toContain('error:origin_invalid')
  })

  it('without a stored key the signature is not checked, and says why', async () => {
    const r = await inspect(await sign(good()), {}, false)
    expect(r.signature).toMatchObject({ status: 'not_checked', keyFingerprint: null })
    expect(codes(r)).toContain('info:no_key')
    expect(r.valid).toBe(true)
  })
})
