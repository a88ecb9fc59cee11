/**
 * The vault against the real OS keychain through keytar (on Linux: gnome-keyring via libsecret).
 * Run with `node scripts/with-keyring.mjs npx vitest run --project integration test/integration/vault`.
 * Each test files its entries under a random service name and removes them afterwards.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import keytar from 'keytar'
import { afterEach, describe, expect, it } from 'vitest'
import { createKeytarVault, MAX_ENTRY_BYTES } from '../../../electron/core/vault'

const services: string[] = []
function freshService(): string {
  const s = `Embedded Console test ${randomUUID()}`
  services.push(s)
  return s
}

afterEach(async () => {
  for (const s of services.splice(0)) {
    for (const c of await keytar.findCredentials(s)) await keytar.deletePassword(s, c.account)
  }
})

describe('vault on the real OS keychain', () => {
  it('round-trips a 4096-bit PEM; no single keychain entry is over 2,560 bytes', async () => {
    const service = freshService()
    const vault = createKeytarVault({ service })
    const pem = generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    expect(Buffer.byteLength(pem)).toBeGreaterThan(MAX_ENTRY_BYTES)
    await vault.set('profile:p1:private-key', pem)
    expect(await vault.get('profile:p1:private-key')).toBe(pem)

    const entries = await keytar.findCredentials(service)
    expect(entries.length).toBeGreaterThanOrEqual(3) // manifest + at least two chunks
    for (const e of entries) expect(Buffer.byteLength(e.password, 'utf8')).toBeLessThanOrEqual(MAX_ENTRY_BYTES)
    // Nothing of the key sits in one piece anywhere.
    expect(entries.some((e) => e.password === pem)).toBe(false)
  })

  it('a fresh vault instance (the next launch) reads what the last one wrote', async () => {
    const service = freshService()
    await createKeytarVault({ service }).set('profile:p1:api-token', 'wrkaus-abcdef-0123456789')
    expect(await createKeytarVault({ service }).get('profile:p1:api-token')).toBe('wrkaus-abcdef-0123456789')
  })

  it('overwrite and delete leave no entries behind', async () => {
    const service = freshService()
    const vault = createKeytarVault({ service })
    await vault.set('a', 'x'.repeat(9000))
    expect((await keytar.findCredentials(service)).length).toBe(6) // manifest + 5 chunks
    await vault.set('a', 'short')
    expect((await keytar.findCredentials(service)).map((c) => c.account).sort()).toHaveLength(2)
    expect(await vault.get('a')).toBe('short')
    expect(await vault.delete('a')).toBe(true)
    expect(await keytar.findCredentials(service)).toEqual([])
    expect(await vault.get('a')).toBeNull()
  })

  it('services do not see each other', async () => {
    const a = createKeytarVault({ service: freshService() })
    const b = createKeytarVault({ service: freshService() })
    await a.set('same-account', 'from-a-123456')
    expect(await b.get('same-account')).toBeNull()
  })

  it('the native keytar itself would take an oversized entry on Linux, which is exactly why the cap is ours', async () => {
    // Documents the design: libsecret has no 2,560-byte limit, so only our wrapper keeps Linux honest for Windows.
    const service = freshService()
    await keytar.setPassword(service, 'big', 'y'.repeat(MAX_ENTRY_BYTES + 100))
    expect((await keytar.getPassword(service, 'big'))?.length).toBe(MAX_ENTRY_BYTES + 100)
  })
})
