import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicKey } from 'node:crypto'
import { compactVerify, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isAppError } from '../../../../shared/errors'
import { createProfileService, openSettings, type ProfileService } from '../../../../electron/core/profiles'
import { createTokenSigner, widgetSub } from '../../../../electron/core/tokens'
import { createMemoryVault } from '../../../support/memory-vault'
import { sharedSandboxKey } from '../../../support/sandbox-key'

// RSA key generation (several per test) is CPU-bound and slow on a busy machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

let dir: string
let svc: ProfileService
let profileId: string

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ec-tokens-'))
  svc = createProfileService({ settings: openSettings({ dir }), vault: createMemoryVault() })
  await svc.init()
  const p = await svc.create({
    name: 'Acme',
    dataCenter: 'us',
    environment: 'production',
    vendorId: 'we9898zgsgsgw38394',
    originUrls: ['https://app.acme.example', 'https://admin.acme.example'],
  })
  profileId = p.id
  // One key for the file (RSA generation is seconds of CPU per test); the tests that need a fresh one generate it.
  await svc.importKey(profileId, await sharedSandboxKey())
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const publicKeyOf = async () => createPublicKey((await svc.keyInfo(profileId))?.publicKeyPem ?? '')

describe('sub claim (reference §7.2, §1.3)', () => {
  it('numeric customer, external customer (E + percent-encoded), optional user', () => {
    expect(widgetSub('v1', 3498583)).toBe('v1:3498583')
    expect(widgetSub('v1', { externalId: 'A2300' })).toBe('v1:EA2300')
    expect(widgetSub('v1', { externalId: 'AM10:XV303' })).toBe('v1:EAM10%3AXV303')
    expect(widgetSub('v1', { externalId: 'ACME:42' }, { externalId: '9911' })).toBe('v1:EACME%3A42:E9911')
    expect(widgetSub('v1', 7, '1234')).toBe('v1:7:1234')
    expect(widgetSub('v1', { externalId: 'x y/é' })).toBe('v1:Ex%20y%2F%C3%A9')
  })
  it('refuses an empty external id, a customer id that is not a positive integer, and a non-numeric user id', () => {
    expect(() => widgetSub('v1', { externalId: '' })).toThrow(/external id is empty/)
    expect(() => widgetSub('v1', 0)).toThrow(/Not a customer id/)
    expect(() => widgetSub('v1', 1, 'bob')).toThrow(/not a numeric member id/)
  })
})

describe('minting widget tokens', () => {
  it('signs RS256 with typ JWT, unique jti, iat, a 10-minute exp and the origin', async () => {
    const now = 1_800_000_000_000
    const signer = createTokenSigner(svc, { now: () => now })
    const a = await signer.mint({ profileId, customer: { externalId: 'ACME:42' }, userId: { externalId: '9911' } })
    const b = await signer.mint({ profileId, customer: 3498583 })
    expect(decodeProtectedHeader(a.token)).toEqual({ alg: 'RS256', typ: 'JWT' })
    const { payload } = await jwtVerify(a.token, await publicKeyOf(), { algorithms: ['RS256'], currentDate: new Date(now) })
    expect(payload).toEqual(a.claims)
    expect(a.claims).toMatchObject({
      sub: 'we9898zgsgsgw38394:EACME%3A42:E9911',
      iat: 1_800_000_000,
      exp: 1_800_000_600,
      origin: 'https://app.acme.example',
    })
    expect(a.claims.jti).toMatch(/^[0-9a-f-]{36}$/)
    expect(b.claims.jti).not.toBe(a.claims.jti)
    expect(b.claims.sub).toBe('we9898zgsgsgw38394:3498583')
  })

  it('origin: explicit beats the customer’s, which beats the profile’s first; ttl is configurable', async () => {
    const signer = createTokenSigner(svc, { ttlSeconds: 120 })
    const c = { customer: { externalId: 'x' }, customerOrigin: 'https://cust.example' }
    expect((await signer.mint({ profileId, ...c })).claims.origin).toBe('https://cust.example')
    const t = await signer.mint({ profileId, ...c, origin: 'https://admin.acme.example', ttlSeconds: 30 })
    expect(t.claims.origin).toBe('https://admin.acme.example')
    expect(t.claims.exp - t.claims.iat).toBe(30)
    const d = await signer.mint({ profileId, customer: 1 })
    expect(d.claims.exp - d.claims.iat).toBe(120)
  })

  it('omits origin when neither the profile nor the customer has one', async () => {
    await svc.update(profileId, { originUrls: [] })
    const t = await createTokenSigner(svc).mint({ profileId, customer: 1 })
    expect(t.claims).not.toHaveProperty('origin')
  })

  it('caches the imported key per profile and drops it when the key changes', async () => {
    let reads = 0
    const counting = { ...svc, privateKeyPem: (id: string) => (reads++, svc.privateKeyPem(id)) }
    const signer = createTokenSigner(counting)
    const first = await signer.mint({ profileId, customer: 1 })
    await signer.mint({ profileId, customer: 2 })
    await signer.mint({ profileId, customer: 3 })
    expect(reads).toBe(1)
    const oldKey = await publicKeyOf()
    await svc.generateKey(profileId, 2048)
    const second = await signer.mint({ profileId, customer: 1 })
    expect(reads).toBe(2)
    await expect(compactVerify(second.token, await publicKeyOf())).resolves.toBeTruthy()
    await expect(compactVerify(second.token, oldKey)).rejects.toThrow()
    await expect(compactVerify(first.token, oldKey)).resolves.toBeTruthy()
  })

  it('says what to do when the profile has no vendor id or no key', async () => {
    const signer = createTokenSigner(svc)
    const p = await svc.create({ name: 'Bare', dataCenter: 'eu', environment: 'test' })
    const e1 = await signer.mint({ profileId: p.id, customer: 1 }).catch((e: unknown) => e)
    expect(isAppError(e1) && e1.data.hint).toMatch(/Register the public key/)
    await svc.update(p.id, { vendorId: 'we1' })
    const e2 = await signer.mint({ profileId: p.id, customer: 1 }).catch((e: unknown) => e)
    expect(isAppError(e2) && e2.code).toBe('bad_key')
  })
})
