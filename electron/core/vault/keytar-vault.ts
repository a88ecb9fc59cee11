/**
 * The app's Vault: the OS keychain through keytar (macOS Keychain, Windows Credential Manager, libsecret),
 * chunked to fit the Windows per-entry cap, with OS failures mapped to actionable errors. There is no plain-text
 * fallback: when the keychain is unavailable every call fails with `vault_unavailable`.
 */
import type { Vault } from '../services'
import { cappedKeytar } from './capped-keytar'
import { chunkedVault } from './chunked-vault'
import { DEFAULT_SERVICE, type KeytarLike } from './keytar-like'
import { timedVault, VAULT_TIMEOUT_MS } from './timed-vault'

export interface KeytarVaultOptions {
  /** Keychain service name. Tests pass a random one so parallel runs never see each other's entries. */
  service?: string
  /** A keytar-shaped object; defaults to the native `keytar` module, loaded on first use. */
  keytar?: KeytarLike
  /** For error hints; defaults to `process.platform`. */
  platform?: NodeJS.Platform
  /** How long one vault call may take before it fails (an unanswered unlock prompt); default 30 s. */
  timeoutMs?: number
}

async function loadNativeKeytar(): Promise<KeytarLike> {
  const mod: { default?: KeytarLike } & Partial<KeytarLike> = await import('keytar')
  const k = mod.default ?? (mod as KeytarLike)
  return k
}

export function createKeytarVault(opts: KeytarVaultOptions = {}): Vault & { readonly service: string } {
  const platform = opts.platform ?? process.platform
  const injected = opts.keytar
  let loading: Promise<KeytarLike> | null = null
  const load = (): Promise<KeytarLike> => {
    if (injected) return Promise.resolve(injected)
    loading ??= loadNativeKeytar().catch((e: unknown) => {
      loading = null
      throw e
    })
    return loading
  }
  return timedVault(chunkedVault(cappedKeytar(load, platform), opts.service ?? DEFAULT_SERVICE), opts.timeoutMs ?? VAULT_TIMEOUT_MS)
}
