import { createPublicKey } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { profileViewSchema } from '../../../../shared/domain/profile'
import { log } from '../../../../electron/core/log'
import {
  createProfileService,
  openSettings,
  SANDBOX_ORIGIN,
  SANDBOX_PROFILE_ID,
  TOKEN_REFUSED,
  type ProfileService,
  type SandboxStarter,
} from '../../../../electron/core/profiles'
import { secretAccounts } from '../../../../electron/core/vault'
import type { Vault } from '../../../../electron/core/services'
import { createMemoryVault, type MemoryVault } from '../../../support/memory-vault'
import { pems, rsa } from '../keys/key-fixtures'
import { startFakeApi } from './fake-api'
import { failure } from '../../../support/app-error'
import { sharedSandboxKey } from '../../../support/sandbox-key'

// RSA key generation (several per test) is CPU-bound and slow on a busy machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

let dir: string
let vault: MemoryVault
const closers: Array<() => Promise<void>> = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ec-profiles-'))
  vault = createMemoryVault()
})
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
  rmSync(dir, { recursive: true, force: true })
})

/** A sandbox starter backed by the fake API; records the tokens it was started with. */
function fakeSandbox(vendorId = 'wesandbox0000001') {
  const starts: Array<{ token: string; vendorOrigins?: string[] }> = []
  const apis: Array<Awaited<ReturnType<typeof startFakeApi>>> = []
  const starter: SandboxStarter = {
    generateKey: sharedSandboxKey,
    async start(o) {
      starts.push(o)
      const api = await startFakeApi({ token: o.token, vendorId })
      apis.push(api)
      closers.push(api.close)
      return { baseUrl: api.baseUrl, vendorId }
    },
  }
  return { starter, starts, apis }
}

async function service(opts: { sandbox?: SandboxStarter | null; vault?: Vault } = {}): Promise<ProfileService> {
  const s = createProfileService({ settings: openSettings({ dir }), vault: opts.vault ?? vault, sandbox: opts.sandbox ?? null })
  await s.init()
  return s
}

const acme = { name: 'Acme prod', dataCenter: 'us' as const, environment: 'production' as const, originUrls: ['https://app.acme.example'] }

describe('built-in Sandbox profile', () => {
  it('is created on first launch with its own token and 2048-bit key, started, and its key registered through the API', async () => {
    const sb = fakeSandbox()
    const svc = await service({ sandbox: sb.starter })
    const { profiles, activeId } = await svc.list()
    expect(profiles).toHaveLength(1)
    const p = profileViewSchema.parse(profiles[0])
    expect(p).toMatchObject({
      id: SANDBOX_PROFILE_ID,
      name: 'Sandbox',
      dataCenter: 'emulator',
      environment: 'development',
      builtIn: true,
      originUrls: [SANDBOX_ORIGIN],
      vendorId: 'wesandbox0000001',
      secrets: { apiToken: true, privateKey: true, keyBits: 2048, keyRegistered: true },
    })
    expect(activeId).toBe(SANDBOX_PROFILE_ID)

    const token = vault.entries.get(secretAccounts.apiToken(SANDBOX_PROFILE_ID))
    const pem = vault.entries.get(secretAccounts.privateKey(SANDBOX_PROFILE_ID))
    expect(token).toMatch(/^wrksandbox-[A-Za-z0-9_-]{32}$/)
    expect(pem).toMatch(/^-{5}BEGIN PRIVATE KEY-{5}/)
    expect(sb.starts).toEqual([{ token, vendorOrigins: [SANDBOX_ORIGIN] }])

    // The key went through the real registration call, with the Bearer token and the SPKI PEM.
    const put = sb.apis[0]?.seen.find((r) => r.method === 'PUT')
    expect(put).toMatchObject({ url: '/api/account/signature_verification_key', authorization: `Bearer ${token}` })
    expect((put?.body as { key: string }).key).toBe(createPublicKey(pem ?? '').export({ type: 'spki', format: 'pem' }))

    const target = await svc.apiTarget(SANDBOX_PROFILE_ID)
    expect(target).toEqual({ profileId: SANDBOX_PROFILE_ID, apiOrigin: sb.apis[0]?.baseUrl, appOrigin: sb.apis[0]?.baseUrl, apiToken: token })
    expect(svc.sandboxStatus()).toEqual({ running: true, baseUrl: sb.apis[0]?.baseUrl, error: null })
  })

  it('keeps the same token and key on the next launch and starts the sandbox again', async () => {
    const first = fakeSandbox()
    const a = await service({ sandbox: first.starter })
    const fp = (await a.keyInfo(SANDBOX_PROFILE_ID))?.fingerprint
    const second = fakeSandbox()
    const b = await service({ sandbox: second.starter })
    expect(second.starts[0]?.token).toBe(first.starts[0]?.token)
    expect((await b.keyInfo(SANDBOX_PROFILE_ID))?.fingerprint).toBe(fp)
    expect((await b.list()).profiles).toHaveLength(1)
    expect(second.apis[0]?.seen.some((r) => r.method === 'PUT')).toBe(true)
  })

  it('opens a settings file written before version 3 on the same Sandbox, with the same token, reaching the emulator', async () => {
    // The fixture's built-in profile says `dataCenter: "sandbox"`, as every install did before issue 12.
    writeFileSync(join(dir, 'settings.json'), readFileSync(join(import.meta.dirname, '..', 'settings', 'fixtures', 'settings-v2-sandbox-ids.json')))
    vault.entries.set(secretAccounts.apiToken(SANDBOX_PROFILE_ID), 'wrksandbox-stored-before-the-upgrade-000000')
    const sb = fakeSandbox()
    const svc = await service({ sandbox: sb.starter })
    const { profiles, activeId } = await svc.list()
    expect(profiles.map((p) => [p.id, p.dataCenter, p.environment, p.builtIn])).toEqual([
      [SANDBOX_PROFILE_ID, 'emulator', 'development', true],
      ['p-acme-staging', 'eu', 'development', false],
      ['p-acme-prod', 'us', 'production', false],
    ])
    expect(activeId).toBe('p-acme-staging')
    expect(sb.starts.map((s) => s.token)).toEqual(['wrksandbox-stored-before-the-upgrade-000000'])
    expect(await svc.apiTarget(SANDBOX_PROFILE_ID)).toMatchObject({
      apiOrigin: sb.apis[0]?.baseUrl,
      apiToken: 'wrksandbox-stored-before-the-upgrade-000000',
    })
  })

  it('cannot be deleted, and its managed fields cannot be edited', async () => {
    const svc = await service({ sandbox: fakeSandbox().starter })
    const del = await failure(svc.remove(SANDBOX_PROFILE_ID))
    expect(del.code).toBe('conflict')
    expect(del.message).toBe('The built-in Sandbox profile cannot be deleted.')
    const upd = await failure(svc.update(SANDBOX_PROFILE_ID, { dataCenter: 'eu' }))
    expect(upd.message).toMatch(/dataCenter is managed by the app/)
    const renamed = await svc.update(SANDBOX_PROFILE_ID, { name: 'Demo' })
    expect(renamed.name).toBe('Demo')
    expect(renamed.secrets.apiToken).toBe(true)
  })

  it('a sandbox that fails to start becomes a notice, not a crash', async () => {
    const settings = openSettings({ dir })
    const svc = createProfileService({
      settings,
      vault,
      sandbox: {
        start: async () => {
          throw new Error('port in use')
        },
      },
    })
    await svc.init()
    expect(settings.notices()).toMatchObject([{ id: 'sandbox-start-failed', level: 'error', message: 'port in use' }])
    const err = await failure(svc.apiTarget(SANDBOX_PROFILE_ID))
    expect(err.code).toBe('network')
    expect(err.data.hint).toMatch(/port in use/)
    const test = await svc.testConnection(SANDBOX_PROFILE_ID)
    expect(test).toMatchObject({ ok: false, latencyMs: null })
    expect(test.message).toMatch(/Sandbox is not running/)
  })

  it('a locked keychain at first launch becomes a notice and nothing is written in plain text', async () => {
    const locked: Vault = {
      get: async () => null,
      set: async () => {
        const { appError } = await import('../../../../shared/errors')
        throw appError('vault_unavailable', 'The OS keychain is not available, so the secret could not be stored.', {
          hint: 'Unlock the login keychain.',
        })
      },
      delete: async () => false,
    }
    const settings = openSettings({ dir })
    const sb = fakeSandbox()
    const svc = createProfileService({ settings, vault: locked, sandbox: sb.starter })
    await svc.init()
    expect(sb.starts).toEqual([])
    expect(settings.notices()[0]?.message).toMatch(/keychain is not available.*Unlock the login keychain/)
    const files = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n')
    expect(files).not.toMatch(/wrksandbox-|PRIVATE KEY/)
  })
})

describe('profiles and their secrets', () => {
  it('creates a profile with its API token in the vault (keyed by id) and makes the first real profile active', async () => {
    const svc = await service({ sandbox: fakeSandbox().starter })
    const p = await svc.create({ ...acme, apiToken: 'wrkaus-secret-token-123' })
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(p.secrets).toEqual({ apiToken: true, privateKey: false, keyFingerprint: null, keyBits: null, keyRegistered: null })
    expect(vault.entries.get(secretAccounts.apiToken(p.id))).toBe('wrkaus-secret-token-123')
    expect((await svc.list()).activeId).toBe(p.id)
    // A second profile does not steal focus.
    const q = await svc.create({ ...acme, name: 'Acme test', environment: 'test' })
    expect(q.secrets.apiToken).toBe(false)
    expect((await svc.list()).activeId).toBe(p.id)
    // The settings file holds no secret.
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('wrkaus-secret-token-123')
  })

  it('renaming keeps the secrets; deleting removes them and falls back to the Sandbox', async () => {
    const svc = await service({ sandbox: fakeSandbox().starter })
    const p = await svc.create({ ...acme, apiToken: 'wrkaus-secret-token-123' })
    await svc.generateKey(p.id, 2048)
    const before = await svc.keyInfo(p.id)
    const renamed = await svc.update(p.id, { name: 'Acme (renamed)' })
    expect(renamed.name).toBe('Acme (renamed)')
    expect(renamed.secrets).toMatchObject({ apiToken: true, privateKey: true, keyFingerprint: before?.fingerprint })
    await svc.remove(p.id)
    expect(vault.entries.has(secretAccounts.apiToken(p.id))).toBe(false)
    expect(vault.entries.has(secretAccounts.privateKey(p.id))).toBe(false)
    expect((await svc.list()).activeId).toBe(SANDBOX_PROFILE_ID)
    expect((await failure(svc.getProfile(p.id))).code).toBe('not_found')
    // The Sandbox's secrets are untouched.
    expect(vault.entries.has(secretAccounts.apiToken(SANDBOX_PROFILE_ID))).toBe(true)
  })

  it('keeps the profile when the keychain refuses to delete its secrets', async () => {
    const svc = await service()
    const p = await svc.create({ ...acme, apiToken: 'wrkaus-secret-token-123' })
    const original = vault.delete
    vault.delete = async () => {
      const { appError } = await import('../../../../shared/errors')
      throw appError('vault_unavailable', 'The OS keychain is not available, so the secret could not be deleted.')
    }
    expect((await failure(svc.remove(p.id))).code).toBe('vault_unavailable')
    vault.delete = original
    expect((await svc.getProfile(p.id)).name).toBe('Acme prod')
  })

  it('rejects duplicate names and a custom data center without a base URL', async () => {
    const svc = await service()
    await svc.create(acme)
    expect((await failure(svc.create({ ...acme, name: ' acme PROD ' }))).message).toBe('A profile named "Acme prod" already exists.')
    expect((await failure(svc.create({ ...acme, name: 'VPW', dataCenter: 'custom' }))).message).toMatch(/custom data center needs a base URL/)
  })

  it('resolves API targets per data center', async () => {
    const svc = await service()
    const us = await svc.create({ ...acme, apiToken: 'tok-us-123456' })
    const eu = await svc.create({ ...acme, name: 'EU', dataCenter: 'eu', apiToken: 'tok-eu-123456' })
    const vpw = await svc.create({
      ...acme,
      name: 'VPW',
      dataCenter: 'custom',
      customBaseUrl: 'https://workato.corp.example/some/path',
      apiToken: 'tok-vpw-123456',
    })
    expect(await svc.apiTarget(us.id)).toMatchObject({
      apiOrigin: 'https://www.workato.com',
      appOrigin: 'https://app.workato.com',
      apiToken: 'tok-us-123456',
    })
    expect(await svc.apiTarget(eu.id)).toMatchObject({ apiOrigin: 'https://app.eu.workato.com', appOrigin: 'https://app.eu.workato.com' })
    expect(await svc.apiTarget(vpw.id)).toMatchObject({ apiOrigin: 'https://workato.corp.example' })
    const none = await svc.create({ ...acme, name: 'No token' })
    const err = await failure(svc.apiTarget(none.id))
    expect(err.code).toBe('unauthorized')
    expect(err.data.hint).toMatch(/paste an API token/)
  })

  it('teaches the logger every API token it loads, so log lines never show it', async () => {
    const svc = await service()
    const p = await svc.create({ ...acme, apiToken: 'opaque-token-abcdef-987' })
    await svc.apiTarget(p.id)
    expect(log.knownSecrets()).toContain('opaque-token-abcdef-987')
    const lines: string[] = []
    const prev = log.setSink((_l, line) => lines.push(line))
    log.info('calling with opaque-token-abcdef-987')
    log.setSink(prev)
    expect(lines.join('\n')).not.toContain('opaque-token-abcdef-987')
  })

  it('a corrupted settings file is moved aside without touching any secret', async () => {
    const svc = await service()
    const p = await svc.create({ ...acme, apiToken: 'wrkaus-secret-token-123' })
    await svc.generateKey(p.id, 2048)
    const snapshot = new Map(vault.entries)
    writeFileSync(join(dir, 'settings.json'), '{ this is not json')
    const settings = openSettings({ dir })
    const again = createProfileService({ settings, vault, sandbox: fakeSandbox().starter })
    await again.init()
    expect(settings.notices()[0]?.title).toBe('Settings file could not be read')
    for (const [k, v] of snapshot) expect(vault.entries.get(k)).toBe(v)
    expect(readdirSync(dir).some((f) => /^settings\.corrupt-.*\.json$/.test(f))).toBe(true)
  })
})

describe('connection test and key registration', () => {
  async function withApi(status?: () => number | null) {
    const api = await startFakeApi({ token: 'good-token-123456', vendorId: 'we1234', status })
    closers.push(api.close)
    const svc = await service()
    const p = await svc.create({
      ...acme,
      dataCenter: 'custom',
      customBaseUrl: api.baseUrl.replace('http://127.0.0.1', 'http://localhost'),
      apiToken: 'good-token-123456',
    })
    return { api, svc, p }
  }

  it('reports ok with latency when the token works', async () => {
    const { api, svc, p } = await withApi()
    const r = await svc.testConnection(p.id)
    expect(r.ok).toBe(true)
    expect(r.latencyMs).toBeGreaterThanOrEqual(0)
    expect(r.message).toMatch(/the API token works/)
    expect(api.seen[0]).toMatchObject({ method: 'GET', url: '/api/managed_users?per_page=1', authorization: 'Bearer good-token-123456' })
  })

  it('explains a refused token (401) and what to do', async () => {
    const { svc, p } = await withApi()
    await svc.update(p.id, { apiToken: 'stale-token-000000' })
    const r = await svc.testConnection(p.id)
    expect(r).toMatchObject({ ok: false, message: TOKEN_REFUSED })
    expect(r.message).toMatch(/^The API token was refused/)
    expect(r.latencyMs).not.toBeNull()
  })

  it('reports an unreachable host without throwing', async () => {
    const svc = await service()
    const p = await svc.create({ ...acme, dataCenter: 'custom', customBaseUrl: 'http://127.0.0.1:1', apiToken: 'good-token-123456' })
    const r = await svc.testConnection(p.id)
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:1/)
    expect(r.message).not.toContain('good-token-123456')
  })

  it('registers the public key and stores the vendor id', async () => {
    const { api, svc, p } = await withApi()
    expect((await failure(svc.registerKey(p.id))).message).toBe('This profile has no private key yet.')
    const k = pems(rsa(2048))
    const info = await svc.importKey(p.id, k.pkcs1)
    expect(info.source).toBe('pkcs1')
    expect(await svc.registerKey(p.id)).toEqual({ vendorId: 'we1234' })
    expect((await svc.getProfile(p.id)).vendorId).toBe('we1234')
    const put = api.seen.find((r) => r.method === 'PUT')
    expect(put?.body).toEqual({ key: k.spki })
    expect((await svc.view(p.id)).secrets.keyRegistered).toBe(true)
    // A new key is not registered yet: the UI can say tokens will be refused until it is.
    await svc.generateKey(p.id, 2048)
    expect((await svc.view(p.id)).secrets.keyRegistered).toBe(false)
    await svc.registerKey(p.id)
    expect((await svc.view(p.id)).secrets.keyRegistered).toBe(true)
  })

  it('a refused token during registration is an unauthorized error with a hint', async () => {
    const { svc, p } = await withApi(() => 401)
    await svc.generateKey(p.id, 2048)
    const err = await failure(svc.registerKey(p.id))
    expect(err.code).toBe('unauthorized')
    expect(err.data.status).toBe(401)
    expect((await svc.getProfile(p.id)).vendorId).toBeNull()
  })

  it('importing a new key replaces the old one and tells listeners', async () => {
    const svc = await service()
    const p = await svc.create(acme)
    const changed: string[] = []
    svc.onKeyChange((id) => changed.push(id))
    const a = await svc.generateKey(p.id, 2048)
    const b = await svc.importKey(p.id, pems(rsa(2048)).pkcs8)
    expect(b.fingerprint).not.toBe(a.fingerprint)
    expect((await svc.keyInfo(p.id))?.fingerprint).toBe(b.fingerprint)
    expect(changed).toEqual([p.id, p.id])
  })
})

describe('a keychain that becomes unavailable', () => {
  it('still lists profiles and tells the user once why their secrets look missing', async () => {
    const settings = openSettings({ dir })
    const svc = createProfileService({ settings, vault, sandbox: null })
    await svc.init()
    await svc.create({ ...acme, apiToken: 'wrkaus-secret-token-123' })
    const { appError } = await import('../../../../shared/errors')
    const lockedSvc = createProfileService({
      settings,
      vault: {
        get: async () => {
          throw appError('vault_unavailable', 'The OS keychain is not available.', { hint: 'Unlock the login keychain.' })
        },
        set: async () => undefined,
        delete: async () => false,
      },
    })
    const emitted: string[] = []
    settings.onNotice((n) => emitted.push(n.id))
    const first = await lockedSvc.list()
    await lockedSvc.list()
    expect(emitted).toEqual(['vault-unavailable'])
    expect(first.profiles.map((p) => [p.name, p.secrets.apiToken])).toEqual([['Acme prod', false]])
    expect(settings.notices().filter((n) => n.id === 'vault-unavailable')).toHaveLength(1)
    expect(settings.notices()[0]?.message).toMatch(/Unlock the login keychain/)
  })
})

describe('concurrent edits', () => {
  it('two windows creating the same name at once: one wins, one gets a conflict', async () => {
    const svc = await service()
    const results = await Promise.allSettled([
      svc.create({ ...acme, apiToken: 'tok-one-123456' }),
      svc.create({ ...acme, apiToken: 'tok-two-123456' }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect((await svc.list()).profiles.filter((p) => p.name === 'Acme prod')).toHaveLength(1)
  })
})
