/**
 * The renderer must never receive a secret. Drives every profiles:/keys:/tokens: operation through the real
 * dispatch (request validation, handler, response validation, error mapping) and scans each serialised
 * response, success or error, for the API token and any line of the private key.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignJWT, importPKCS8 } from 'jose'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { operations, type OpName } from '../../../../shared/contract'
import { dispatch } from '../../../../electron/core/rpc/dispatch'
import type { Handlers } from '../../../../electron/core/rpc/types'
import { log } from '../../../../electron/core/log'
import { createProfileService, openSettings, profileHandlers, type ProfileService } from '../../../../electron/core/profiles'
import { createTokenSigner, tokenHandlers } from '../../../../electron/core/tokens'
import { secretAccounts } from '../../../../electron/core/vault'
import { createMemoryVault, type MemoryVault } from '../../../support/memory-vault'
import { pemBodyLines, pems, rsa } from '../keys/key-fixtures'
import { startFakeApi } from './fake-api'

// RSA key generation (several per test) is CPU-bound and slow on a busy machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 })

const TOKEN = 'wrkaus-9f8e7d6c5b4a39281706f5e4d3c2b1a0'
let dir: string
let vault: MemoryVault
let svc: ProfileService
let close: () => Promise<void>
let apiBase: string

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ec-nosecrets-'))
  vault = createMemoryVault()
  const api = await startFakeApi({ token: TOKEN, vendorId: 'we42' })
  close = api.close
  const sandboxApis: Array<() => Promise<void>> = []
  svc = createProfileService({
    settings: openSettings({ dir }),
    vault,
    sandbox: {
      async start({ token }) {
        const sb = await startFakeApi({ token, vendorId: 'wesandbox' })
        sandboxApis.push(sb.close)
        return { baseUrl: sb.baseUrl, vendorId: 'wesandbox' }
      },
    },
  })
  await svc.init()
  const prev = close
  close = async () => {
    await prev()
    for (const c of sandboxApis) await c()
  }
  apiBase = api.baseUrl.replace('127.0.0.1', 'localhost')
})
afterEach(async () => {
  await close()
  rmSync(dir, { recursive: true, force: true })
})

describe('no secret ever crosses the IPC boundary', () => {
  it('scans every profiles:, keys: and tokens: response', async () => {
    const signer = createTokenSigner(svc)
    const handlers = { ...profileHandlers(svc), ...tokenHandlers(svc, signer) } as unknown as Handlers
    const ctx = { signal: new AbortController().signal }
    const responses: Array<{ op: string; out: string }> = []
    const called = new Set<string>()
    const call = async (op: OpName, payload?: unknown) => {
      called.add(op)
      const out = await dispatch(handlers, op, payload, ctx, () => log.knownSecrets())
      responses.push({ op, out: JSON.stringify(out) })
      return out
    }

    const imported = pems(rsa(2048))
    const created = await call('profiles:create', {
      name: 'Acme',
      dataCenter: 'custom',
      customBaseUrl: apiBase,
      environment: 'production',
      originUrls: ['https://app.acme.example'],
      apiToken: TOKEN,
    })
    if (!created.ok) throw new Error(JSON.stringify(created.error))
    const profileId = (created.data as { id: string }).id
    await call('profiles:list')
    await call('profiles:update', { profileId, patch: { name: 'Acme 2', apiToken: TOKEN } })
    await call('profiles:setActive', { profileId })
    await call('profiles:test', { profileId })
    await call('keys:info', { profileId })
    const wrongPass = await call('keys:import', { profileId, pem: imported.encPkcs1('pw'), passphrase: 'wrong' })
    expect(!wrongPass.ok && wrongPass.error.code).toBe('bad_key')
    const garbage = await call('keys:import', { profileId, pem: `oops\n${imported.pkcs1}` })
    expect(!garbage.ok && garbage.error.message).toMatch(/text before/)
    await call('keys:import', { profileId, pem: imported.pkcs1 })
    await call('keys:info', { profileId })
    await call('keys:register', { profileId })
    // A token whose sub carries the API token (the 2019 form) must come back without it.
    const key = await importPKCS8(imported.pkcs8, 'RS256')
    const leaky = await new SignJWT({ sub: `${TOKEN}:42`, jti: 'x', iat: Math.floor(Date.now() / 1000) })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .sign(key)
    const inspected = await call('tokens:inspect', { profileId, token: leaky })
    expect(inspected.ok).toBe(true)
    const minted = await signer.mint({ profileId, customer: 1 })
    await call('tokens:inspect', { profileId, token: minted.token })
    await call('keys:generate', { profileId, bits: 2048 })
    await call('profiles:list')
    await call('profiles:test', { profileId: 'sandbox' })
    await call('profiles:delete', { profileId: 'sandbox' }) // error path
    await call('profiles:delete', { profileId })

    // Every operation of these domains was exercised.
    const mine = Object.keys(operations).filter((k) => /^(profiles|keys|tokens):/.test(k))
    expect([...called].sort()).toEqual(mine.sort())

    const storedPem = vault.entries.get(secretAccounts.privateKey('sandbox')) ?? ''
    const sandboxToken = vault.entries.get(secretAccounts.apiToken('sandbox')) ?? ''
    const secrets = [TOKEN, sandboxToken, ...pemBodyLines(imported.pkcs1), ...pemBodyLines(imported.pkcs8), ...pemBodyLines(storedPem)]
    expect(secrets.length).toBeGreaterThan(40)
    for (const { op, out } of responses) {
      for (const s of secrets) expect(out.includes(s), `${op} leaked a secret`).toBe(false)
      // No PEM armour either (messages may name a "BEGIN PRIVATE KEY" line in words, never carry one).
      expect(out, op).not.toMatch(/-{5}BEGIN [A-Z ]*PRIVATE KEY-{5}/)
    }
    // ...and the scan is not vacuous: the public key, fingerprint and vendor id did come back.
    const all = responses.map((r) => r.out).join('\n')
    expect(all).toContain('BEGIN PUBLIC KEY')
    expect(all).toContain('we42')
  })
})
