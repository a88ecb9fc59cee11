/**
 * The seams between core's parts. Each part is built by a factory that receives these, so handlers, the
 * harness and tests can wire real or fake pieces without Electron.
 */
import type { Profile } from '../../shared/domain/profile'

/**
 * The OS keychain behind a small interface. Implementations must never fall back to plain text, and must
 * store values of any size (see vault/ for the 2,560-byte Windows credential cap).
 */
export interface Vault {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

/** Where the API for a profile lives, with the token to call it. Used only inside core. */
export interface ApiTarget {
  profileId: string
  /** e.g. `https://www.workato.com` or `http://127.0.0.1:4555`; the client appends `/api/...`. */
  apiOrigin: string
  /** The widget's origin (reference §1.1, §8.4). */
  appOrigin: string
  apiToken: string
}

/** What the API client and widget parts need from the profile part. */
export interface ProfileAccess {
  /** Throws AppError not_found for an unknown id. */
  getProfile(profileId: string): Promise<Profile>
  /** Throws AppError (code `unauthorized`, with a hint) when the profile has no stored API token. */
  apiTarget(profileId: string): Promise<ApiTarget>
  /**
   * Fired after anything `apiTarget` depends on changed (token, data center, base URL, deletion, the Sandbox
   * restarting), so a cached API client is rebuilt. Optional: without it callers must not cache targets.
   */
  onTargetChange?(listener: (profileId: string) => void): () => void
}
