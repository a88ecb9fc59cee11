/**
 * A keytar wrapper that refuses any single write over the Windows credential cap, on every OS, and maps every
 * failure to an AppError. The chunking above it must never trip this; if it does, that is a bug we want loud
 * in tests on Linux rather than a mysterious "stub received bad data" on a user's Windows machine.
 */
import { appError } from '../../../shared/errors'
import { mapKeytarError } from './errors'
import { MAX_ENTRY_BYTES, type KeytarLike } from './keytar-like'

export function cappedKeytar(load: () => Promise<KeytarLike>, platform: NodeJS.Platform): KeytarLike {
  const call = async <T>(action: string, fn: (k: KeytarLike) => Promise<T>): Promise<T> => {
    let k: KeytarLike
    try {
      k = await load()
    } catch (e) {
      throw mapKeytarError(e, action, platform)
    }
    try {
      return await fn(k)
    } catch (e) {
      throw mapKeytarError(e, action, platform)
    }
  }
  return {
    getPassword: (service, account) => call('read', (k) => k.getPassword(service, account)),
    async setPassword(service, account, password) {
      const bytes = Buffer.byteLength(password, 'utf8')
      if (bytes > MAX_ENTRY_BYTES) {
        throw appError('vault_error', `Refused to write a ${bytes}-byte keychain entry; the limit is ${MAX_ENTRY_BYTES} bytes.`, {
          details: { bytes, limit: MAX_ENTRY_BYTES },
        })
      }
      return call('stored', (k) => k.setPassword(service, account, password))
    },
    deletePassword: (service, account) => call('deleted', (k) => k.deletePassword(service, account)),
    findCredentials: (service) => call('listed', (k) => k.findCredentials(service)),
  }
}
