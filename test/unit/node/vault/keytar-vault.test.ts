import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createKeytarVault, MAX_ENTRY_BYTES } from '../../../../electron/core/vault'
import { splitUtf8 } from '../../../../electron/core/vault/chunked-vault'
import { fakeKeytar } from './fake-keytar'
import { failure } from '../../../support/app-error'

const pem4096 = () => generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

describe('keytar vault (fake keytar)', () => {
  it('round-trips a 4096-bit PEM without any single entry over 2,560 bytes', async () => {
    const { keytar, writes, store } = fakeKeytar()
    const vault = createKeytarVault({ service: `test-${randomUUID()}`, keytar })
    const pem = pem4096()
    expect(Buffer.byteLength(pem)).toBeGreaterThan(MAX_ENTRY_BYTES)
    await vault.set('profile:p1:private-key', pem)
    expect(await vault.get('profile:p1:private-key')).toBe(pem)
    expect(writes.length).toBeGreaterThan(2)
    for (const w of writes) expect(w.bytes).toBeLessThanOrEqual(MAX_ENTRY_BYTES)
    for (const v of store.values()) expect(Buffer.byteLength(v)).toBeLessThanOrEqual(MAX_ENTRY_BYTES)
  }, 60_000)

  it('overwrites cleanly: the old chunks are gone after a new value is stored', async () => {
    const { keytar, store } = fakeKeytar()
    const vault = createKeytarVault({ service: 's', keytar })
    await vault.set('a', 'x'.repeat(6000))
    const before = store.size
    expect(before).toBe(4) // manifest + 3 chunks
    await vault.set('a', 'short')
    expect(await vault.get('a')).toBe('short')
    expect(store.size).toBe(2)
  })

  it('delete removes every chunk and reports whether anything existed', async () => {
    const { keytar, store } = fakeKeytar()
    const vault = createKeytarVault({ service: 's', keytar })
    await vault.set('a', 'y'.repeat(5000))
    expect(await vault.delete('a')).toBe(true)
    expect(store.size).toBe(0)
    expect(await vault.get('a')).toBeNull()
    expect(await vault.delete('a')).toBe(false)
  })

  it('delete also removes chunks a crashed write left outside any manifest', async () => {
    const { keytar, store } = fakeKeytar()
    const vault = createKeytarVault({ service: 's', keytar })
    await vault.set('a', 'k'.repeat(3000))
    store.set('s\u0000a#0123456789ab/0', 'orphan piece of an older key')
    store.set('s\u0000ab#0123456789ab/0', 'another account, kept')
    await vault.delete('a')
    expect([...store.keys()]).toEqual(['s\u0000ab#0123456789ab/0'])
  })

  it('keeps the previous secret readable when a write fails halfway', async () => {
    const { keytar, store } = fakeKeytar({ failOnWrite: 4 })
    const vault = createKeytarVault({ service: 's', keytar })
    await vault.set('a', 'first-value') // writes 1 (chunk) and 2 (manifest)
    const sizeBefore = store.size
    const err = await failure(vault.set('a', 'z'.repeat(7000))) // write 3 ok, write 4 fails
    expect(err.code).toBe('vault_error')
    expect(await vault.get('a')).toBe('first-value')
    expect(store.size).toBe(sizeBefore)
  })

  it('detects a chunk changed outside the app', async () => {
    const { keytar, store } = fakeKeytar()
    const vault = createKeytarVault({ service: 's', keytar })
    await vault.set('a', 'q'.repeat(3000))
    const chunkKey = [...store.keys()].find((k) => k.includes('#'))
    if (!chunkKey) throw new Error('no chunk')
    store.set(chunkKey, 'tampered')
    const err = await failure(vault.get('a'))
    expect(err.code).toBe('vault_error')
    expect(err.message).toMatch(/changed outside the app/)
  })

  it('reads an entry written in one piece by something else', async () => {
    const { keytar, store } = fakeKeytar()
    store.set('s\u0000legacy', 'plain-old-token')
    const vault = createKeytarVault({ service: 's', keytar })
    expect(await vault.get('legacy')).toBe('plain-old-token')
  })

  it('splits multi-byte text on character boundaries', () => {
    const s = '€'.repeat(1000) + '😀'.repeat(700)
    const parts = splitUtf8(s, 2048)
    expect(parts.join('')).toBe(s)
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2048)
  })

  it('round-trips non-ASCII secrets through the chunks', async () => {
    const { keytar, writes } = fakeKeytar()
    const vault = createKeytarVault({ service: 's', keytar })
    const s = 'päss-€-'.repeat(900)
    await vault.set('u', s)
    expect(await vault.get('u')).toBe(s)
    for (const w of writes) expect(w.bytes).toBeLessThanOrEqual(MAX_ENTRY_BYTES)
  })

  it('uses the service name it was given', async () => {
    const { keytar, store } = fakeKeytar()
    const vault = createKeytarVault({ service: 'svc-123', keytar })
    await vault.set('a', 'v')
    expect([...store.keys()].every((k) => k.startsWith('svc-123\u0000'))).toBe(true)
  })
})

describe('keychain failures map to vault_unavailable with an OS-specific fix', () => {
  const cases: Array<{ platform: NodeJS.Platform; message: string; hint: RegExp }> = [
    { platform: 'linux', message: 'Cannot autolaunch D-Bus without X11 $DISPLAY', hint: /gnome-keyring.*KWallet/ },
    { platform: 'linux', message: 'The name org.freedesktop.secrets was not provided by any .service files', hint: /unlock it/ },
    { platform: 'linux', message: 'Cannot create an item in a locked collection', hint: /gnome-keyring/ },
    { platform: 'darwin', message: 'User interaction is not allowed.', hint: /Unlock the login keychain/ },
    { platform: 'darwin', message: 'The user name or passphrase you entered is not correct.', hint: /login keychain/ },
    { platform: 'win32', message: 'A specified logon session does not exist.', hint: /Credential Manager/ },
  ]
  for (const c of cases) {
    it(`${c.platform}: "${c.message}"`, async () => {
      const { keytar } = fakeKeytar({ failWith: c.message })
      const vault = createKeytarVault({ service: 's', keytar, platform: c.platform })
      for (const p of [vault.get('a'), vault.set('a', 'secret-value-123'), vault.delete('a')]) {
        const err = await failure(p)
        expect(err.code).toBe('vault_unavailable')
        expect(err.data.hint).toMatch(c.hint)
        expect(JSON.stringify(err.data)).not.toContain('secret-value-123')
      }
    })
  }

  it('other failures are vault_error, never a silent fallback', async () => {
    const { keytar } = fakeKeytar({ failWith: 'Something odd happened' })
    const vault = createKeytarVault({ service: 's', keytar, platform: 'linux' })
    const err = await failure(vault.set('a', 'secret-value-123'))
    expect(err.code).toBe('vault_error')
    expect(err.message).toContain('Something odd happened')
  })

  it('the capped wrapper refuses a single oversized write on every OS', async () => {
    const { keytar } = fakeKeytar()
    const { cappedKeytar } = await import('../../../../electron/core/vault/capped-keytar')
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const capped = cappedKeytar(async () => keytar, platform)
      const err = await failure(capped.setPassword('s', 'a', 'x'.repeat(MAX_ENTRY_BYTES + 1)))
      expect(err.code).toBe('vault_error')
      await expect(capped.setPassword('s', 'a', 'x'.repeat(MAX_ENTRY_BYTES))).resolves.toBeUndefined()
    }
  })

  it('a keytar module that fails to load is vault_unavailable', async () => {
    const { cappedKeytar } = await import('../../../../electron/core/vault/capped-keytar')
    const capped = cappedKeytar(async () => {
      throw new Error("Cannot find module 'keytar'")
    }, 'linux')
    const err = await failure(capped.getPassword('s', 'a'))
    expect(err.code).toBe('vault_unavailable')
  })
})
