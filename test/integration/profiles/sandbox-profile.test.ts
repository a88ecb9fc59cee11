/**
 * The profile service as the app runs it: real keychain, real in-process sandbox. First launch creates the
 * Sandbox profile and registers its key through the API; the next launch reuses the same secrets; a user
 * profile's keychain entries disappear with the profile.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import keytar from 'keytar'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../../electron/emulator'
import { createKeytarVault } from '../../../electron/core/vault'
import { createProfileService, openSettings, SANDBOX_PROFILE_ID, type SandboxStarter } from '../../../electron/core/profiles'

let dir: string
let service: string
const handles: EmulatorHandle[] = []

// What core's wiring does: start the emulator with the profile's token (no key: it is registered via the API).
const starter: SandboxStarter = {
  async start({ token, vendorOrigins }) {
    const h = await startEmulator({ port: 0, token, customers: 3, seed: 3, vendorOrigins })
    handles.push(h)
    return { baseUrl: h.baseUrl, vendorId: h.vendorId, close: () => h.close() }
  },
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ec-int-profiles-'))
  service = `Embedded Console test ${randomUUID()}`
})
afterEach(async () => {
  for (const h of handles.splice(0)) await h.close().catch(() => undefined)
  for (const c of await keytar.findCredentials(service)) await keytar.deletePassword(service, c.account)
  rmSync(dir, { recursive: true, force: true })
})

const launch = async () => {
  const svc = createProfileService({ settings: openSettings({ dir }), vault: createKeytarVault({ service }), sandbox: starter })
  await svc.init()
  return svc
}

describe('profiles with the real keychain and sandbox', () => {
  it('first launch: Sandbox profile, secrets in the keychain, key registered, connection test passes', async () => {
    const svc = await launch()
    const { profiles, activeId } = await svc.list()
    expect(activeId).toBe(SANDBOX_PROFILE_ID)
    const sb = profiles[0]
    expect(sb).toMatchObject({ builtIn: true, vendorId: handles[0]?.vendorId, secrets: { apiToken: true, privateKey: true, keyBits: 2048 } })
    // The sandbox now holds the profile's public key, registered through PUT /api/account/signature_verification_key.
    expect(handles[0]?.state.publicKeyPem).toBe((await svc.keyInfo(SANDBOX_PROFILE_ID))?.publicKeyPem)
    const test = await svc.testConnection(SANDBOX_PROFILE_ID)
    expect(test.ok).toBe(true)
    expect(test.latencyMs).not.toBeNull()
    // The secrets are in the keychain, not in the settings file.
    const accounts = (await keytar.findCredentials(service)).map((c) => c.account)
    expect(accounts).toEqual(expect.arrayContaining(['profile:sandbox:api-token', 'profile:sandbox:private-key']))
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toMatch(/PRIVATE KEY|wrksandbox-/)
    await svc.close()
  })

  it('next launch: same token and key, sandbox started again with them', async () => {
    const first = await launch()
    const fp = (await first.keyInfo(SANDBOX_PROFILE_ID))?.fingerprint
    const token1 = handles[0]?.token
    await first.close()
    const second = await launch()
    expect(handles[1]?.token).toBe(token1)
    expect((await second.keyInfo(SANDBOX_PROFILE_ID))?.fingerprint).toBe(fp)
    expect((await second.testConnection(SANDBOX_PROFILE_ID)).ok).toBe(true)
    await second.close()
  })

  it('deleting a profile deletes its keychain entries; renaming keeps them', async () => {
    const svc = await launch()
    const p = await svc.create({ name: 'Acme', dataCenter: 'us', environment: 'production', apiToken: 'wrkaus-integration-0001' })
    await svc.generateKey(p.id, 4096)
    const mine = async () => (await keytar.findCredentials(service)).filter((c) => c.account.includes(p.id))
    expect((await mine()).length).toBeGreaterThanOrEqual(4) // two manifests + chunks of the 4096-bit key
    await svc.update(p.id, { name: 'Acme renamed' })
    expect((await svc.view(p.id)).secrets).toMatchObject({ apiToken: true, privateKey: true, keyBits: 4096 })
    await svc.remove(p.id)
    expect(await mine()).toEqual([])
    await svc.close()
  })

  it('a key maker given by the caller (the harness shares one per process) is what the Sandbox registers', async () => {
    const { generateRsaKey } = await import('../../../electron/core/keys/generate-key')
    const pem = await generateRsaKey(2048)
    let made = 0
    const svc = createProfileService({
      settings: openSettings({ dir }),
      vault: createKeytarVault({ service }),
      sandbox: { ...starter, generateKey: async () => (made++, pem) },
    })
    await svc.init()
    expect(made).toBe(1)
    const info = await svc.keyInfo(SANDBOX_PROFILE_ID)
    expect(info?.source).toBe('generated')
    expect(handles[0]?.state.publicKeyPem).toBe(info?.publicKeyPem)
    await svc.close()
  })
})
