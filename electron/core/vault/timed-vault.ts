/**
 * Bounds every keychain call. An OS keychain can sit on a call indefinitely while it shows an unlock prompt
 * (macOS "wants to use your confidential information", a locked GNOME keyring's password dialog) that the person
 * may not even see; a request behind it would hang forever. After `timeoutMs` the call fails with an error that
 * says so; the keychain's late answer is ignored (a late write still completes in the keychain, and the chunked
 * vault keeps the previous value readable until the new manifest is written, so nothing is lost either way).
 */
import { appError, type AppError } from '../../../shared/errors'
import type { Vault } from '../services'

export const VAULT_TIMEOUT_MS = 30_000

function timeoutError(action: 'read' | 'store' | 'delete', timeoutMs: number): AppError {
  const s = Math.round(timeoutMs / 1000)
  return appError('vault_unavailable', `The system keychain did not answer within ${s} s: it may be waiting for you to unlock it.`, {
    hint:
      action === 'read'
        ? 'Look for a keychain or password prompt (it may be behind other windows), unlock it, then try again.'
        : `Look for a keychain or password prompt (it may be behind other windows), unlock it, then ${action} the secret again. The previous value stays readable until the keychain confirms.`,
    details: { action, timeoutMs },
  })
}

function bounded<T>(p: Promise<T>, action: 'read' | 'store' | 'delete', timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError(action, timeoutMs)), timeoutMs)
    p.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })
}

export function timedVault<V extends Vault>(vault: V, timeoutMs: number = VAULT_TIMEOUT_MS): V {
  return {
    ...vault,
    get: (account: string) => bounded(vault.get(account), 'read', timeoutMs),
    set: (account: string, secret: string) => bounded(vault.set(account, secret), 'store', timeoutMs),
    delete: (account: string) => bounded(vault.delete(account), 'delete', timeoutMs),
  }
}
