/**
 * Keys end to end: import (PKCS#1 and encrypted PKCS#8) into the real keychain, register the public key with the
 * sandbox through PUT /api/account/signature_verification_key, then mint widget tokens and have the sandbox's
 * Connection Widget accept them (and refuse one signed with a key that was replaced).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import keytar from 'keytar'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../../electron/emulator'
import { createKeytarVault } from '../../../electron/core/vault'
import { createProfileService, openSettings, type ProfileService } from '../../../electron/core/profiles'
import { createTokenSigner } from '../../../electron/core/tokens'

let dir: string
let service: string
let sandbox: EmulatorHandle
let profiles: ProfileService

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ec-int-keys-'))
  service = `Embedded Console test ${randomUUID()}`
  sandbox = await startEmulator({ port: 0, customers: 5, seed: 7, vendorOrigins: ['https://app.acme.example'] })
  profiles = createProfileService({ settings: openSettings({ dir }), vault: createKeytarVault({ service }) })
  await profiles.init()
})
afterEach(async () => {
  await sandbox.close()
  for (const c of await keytar.findCredentials(service)) await keytar.deletePassword(service, c.account)
  rmSync(dir, { recursive: true, force: true })
})

async function widgetStatus(token: string): Promise<number> {
  const customer = sandbox.state.listCustomers()[0]
  if (!customer) throw new Error('sandbox has no customers')
  const conn = [...sandbox.state.workspace(customer).connections.values()][0]
  if (!conn) throw new Error('customer has no connections')
  const res = await fetch(`${sandbox.baseUrl}/direct_link/embedded/connections/${conn.id}?workato_dl_token=${encodeURIComponent(token)}`)
  await res.text()
  return res.status
}

describe('keys against the sandbox and the real keychain', () => {
  it('imports PKCS#1, registers it, and the sandbox accepts the tokens it signs', async () => {
    const p = await profiles.create({
      name: 'Acme',
      dataCenter: 'custom',
      customBaseUrl: sandbox.baseUrl.replace('127.0.0.1', 'localhost'),
      environment: 'test',
      originUrls: ['https://app.acme.example'],
      apiToken: sandbox.token,
    })
    const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    const info = await profiles.importKey(p.id, pkcs1)
    expect(info.source).toBe('pkcs1')
    const { vendorId } = await profiles.registerKey(p.id)
    expect(vendorId).toBe(sandbox.vendorId)
    expect((await profiles.getProfile(p.id)).vendorId).toBe(sandbox.vendorId)

    const signer = createTokenSigner(profiles)
    const customer = sandbox.state.listCustomers()[0]
    const { token, claims } = await signer.mint({ profileId: p.id, customer: customer?.id ?? 0 })
    expect(claims.sub).toBe(`${sandbox.vendorId}:${customer?.id}`)
    expect(await widgetStatus(token)).toBe(200)
    // jti is single-use: the same token a second time is refused.
    expect(await widgetStatus(token)).not.toBe(200)

    // A new 4096-bit key that is not registered yet: its tokens are refused until it is.
    await profiles.generateKey(p.id, 4096)
    const unregistered = await signer.mint({ profileId: p.id, customer: customer?.id ?? 0 })
    expect(await widgetStatus(unregistered.token)).toBe(401)
    await profiles.registerKey(p.id)
    const registered = await signer.mint({ profileId: p.id, customer: customer?.id ?? 0 })
    expect(await widgetStatus(registered.token)).toBe(200)
  })

  it('imports an encrypted PKCS#8 key with its passphrase and keeps it across a restart', async () => {
    const p = await profiles.create({ name: 'Enc', dataCenter: 'eu', environment: 'test' })
    const enc = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'open sesame' })
      .toString()
    await expect(profiles.importKey(p.id, enc)).rejects.toMatchObject({ data: { code: 'bad_key', details: { needsPassphrase: true } } })
    const info = await profiles.importKey(p.id, enc, 'open sesame')
    expect(info.source).toBe('encrypted-pkcs8')
    const again = createProfileService({ settings: openSettings({ dir }), vault: createKeytarVault({ service }) })
    await again.init()
    expect(await again.keyInfo(p.id)).toEqual(info)
  })
})
