/**
 * Stores secrets of any size in a keychain that takes at most 2,560 bytes per entry (see keytar-like.ts).
 *
 * Design: chunking with a manifest. A secret under account `A` is split on UTF-8 character boundaries into
 * chunks of at most CHUNK_BYTES, written as `A#<gen>/0`, `A#<gen>/1`, ..., and only then is the manifest
 * `ec-vault/1 <gen> <count> <sha256>` written to `A` itself. Readers go through the manifest, so a crash halfway
 * through a write leaves the previous secret readable (its chunks carry a different generation), and the SHA-256
 * catches a chunk edited or lost outside the app. Old chunks are deleted after the new manifest is in place.
 *
 * Chose this over envelope encryption (AES-GCM data key in the keychain, ciphertext on disk) because nothing
 * secret, even encrypted, then lives outside the keychain, and deleting a profile's entries really deletes it.
 */
import { createHash, randomBytes } from 'node:crypto'
import { appError } from '../../../shared/errors'
import type { Vault } from '../services'
import type { KeytarLike } from './keytar-like'
import { MAX_ENTRY_BYTES } from './keytar-like'

const MANIFEST = /^ec-vault\/1 ([0-9a-f]{12}) (\d{1,6}) ([0-9a-f]{64})$/
/** Below the cap with room to spare; the cap itself is enforced by the capped keytar wrapper. */
export const CHUNK_BYTES = 2048

interface Manifest {
  gen: string
  count: number
  sha256: string
}

function parseManifest(value: string): Manifest | null {
  const m = MANIFEST.exec(value)
  if (!m) return null
  const [, gen, count, sha256] = m
  if (gen === undefined || count === undefined || sha256 === undefined) return null
  return { gen, count: Number(count), sha256 }
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex')
}

/** Splits a string into pieces of at most `maxBytes` UTF-8 bytes without cutting a character in two. */
export function splitUtf8(s: string, maxBytes: number): string[] {
  const out: string[] = []
  let cur = ''
  let curBytes = 0
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8')
    if (curBytes + b > maxBytes && cur) {
      out.push(cur)
      cur = ''
      curBytes = 0
    }
    cur += ch
    curBytes += b
  }
  if (cur) out.push(cur)
  return out
}

const chunkAccount = (account: string, gen: string, i: number) => `${account}#${gen}/${i}`

export function chunkedVault(keytar: KeytarLike, service: string): Vault & { readonly service: string } {
  // Writes to one account are serialised so two quick saves cannot interleave their chunks.
  const queues = new Map<string, Promise<unknown>>()
  const serial = <T>(account: string, fn: () => Promise<T>): Promise<T> => {
    const prev = queues.get(account) ?? Promise.resolve()
    const next = prev.then(fn, fn)
    const settled = next.catch(() => undefined)
    queues.set(account, settled)
    void settled.then(() => {
      if (queues.get(account) === settled) queues.delete(account)
    })
    return next
  }

  const readManifest = async (account: string): Promise<{ raw: string | null; manifest: Manifest | null }> => {
    const raw = await keytar.getPassword(service, account)
    return { raw, manifest: raw === null ? null : parseManifest(raw) }
  }

  const deleteChunks = async (account: string, m: Manifest): Promise<void> => {
    for (let i = 0; i < m.count; i++) await keytar.deletePassword(service, chunkAccount(account, m.gen, i))
  }

  return {
    service,
    async get(account) {
      const { raw, manifest } = await readManifest(account)
      if (raw === null) return null
      // An entry without our manifest was written by something else (or an older build) in one piece.
      if (!manifest) return raw
      const parts: string[] = []
      for (let i = 0; i < manifest.count; i++) {
        const part = await keytar.getPassword(service, chunkAccount(account, manifest.gen, i))
        if (part === null) {
          throw appError('vault_error', `A stored secret is incomplete in the keychain (part ${i + 1} of ${manifest.count} is missing).`, {
            hint: 'Enter the secret again (paste the API token or re-import the key) to replace it.',
          })
        }
        parts.push(part)
      }
      const value = parts.join('')
      if (sha256(value) !== manifest.sha256) {
        throw appError('vault_error', 'A stored secret was changed outside the app and no longer matches its checksum.', {
          hint: 'Enter the secret again (paste the API token or re-import the key) to replace it.',
        })
      }
      return value
    },
    set(account, secret) {
      return serial(account, async () => {
        const { manifest: old } = await readManifest(account)
        let gen = randomBytes(6).toString('hex')
        while (old && old.gen === gen) gen = randomBytes(6).toString('hex')
        const parts = splitUtf8(secret, Math.min(CHUNK_BYTES, MAX_ENTRY_BYTES))
        const written: number[] = []
        try {
          for (const [i, part] of parts.entries()) {
            await keytar.setPassword(service, chunkAccount(account, gen, i), part)
            written.push(i)
          }
          await keytar.setPassword(service, account, `ec-vault/1 ${gen} ${parts.length} ${sha256(secret)}`)
        } catch (e) {
          // Leave no orphan chunks behind; the previous manifest (if any) still points at intact chunks.
          for (const i of written) await keytar.deletePassword(service, chunkAccount(account, gen, i)).catch(() => false)
          throw e
        }
        if (old) await deleteChunks(account, old).catch(() => undefined)
      })
    },
    delete(account) {
      return serial(account, async () => {
        const { raw, manifest } = await readManifest(account)
        if (manifest) await deleteChunks(account, manifest)
        // Chunks of a write that was cut short by a crash are not in any manifest; a deleted profile must not
        // leave pieces of its key behind, so look for them too.
        const prefix = `${account}#`
        for (const c of await keytar.findCredentials(service)) {
          if (c.account.startsWith(prefix)) await keytar.deletePassword(service, c.account)
        }
        if (raw === null) return false
        return keytar.deletePassword(service, account)
      })
    },
  }
}
