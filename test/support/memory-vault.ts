/**
 * An in-memory Vault for unit tests and the browser harness only. The app never uses it: it would keep
 * secrets in process memory with no OS protection and lose them on exit.
 */
import type { Vault } from '../../electron/core/services'

export interface MemoryVault extends Vault {
  /** Every stored entry, for assertions. */
  readonly entries: Map<string, string>
}

export function createMemoryVault(initial: Record<string, string> = {}): MemoryVault {
  const entries = new Map(Object.entries(initial))
  return {
    entries,
    async get(account) {
      return entries.get(account) ?? null
    },
    async set(account, secret) {
      entries.set(account, secret)
    },
    async delete(account) {
      return entries.delete(account)
    },
  }
}
