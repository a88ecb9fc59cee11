/**
 * Profiles: the non-secret part in settings, the two secrets (API token, RSA private key) in the vault under the
 * immutable profile id. This is the only code that reads secrets; the rest of core gets them through
 * `apiTarget` / `privateKeyPem`, and the renderer only ever sees `ProfileView.secrets` (booleans + fingerprint).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import pLimit from 'p-limit'
import type { ConnectionTest, KeyInfo } from '../../../shared/contract/profiles'
import { dataCenterLabels, resolveDataCenter } from '../../../shared/data-centers'
import type { ProfileInput, ProfileView, SecretStatus } from '../../../shared/domain/profile'
import { appError, isAppError } from '../../../shared/errors'
import { describeKey, generateRsaKey, parsePrivateKeyPem, type KeySource } from '../keys'
import { log } from '../log'
import type { ApiTarget, ProfileAccess, Vault } from '../services'
import type { Settings, StoredProfile } from '../settings'
import { secretAccounts } from '../vault/accounts'
import { ApiHttp } from '../workato/http'
import { registerPublicKey, testConnection } from './account-api'

export const SANDBOX_PROFILE_ID = 'sandbox'
export const SANDBOX_ORIGIN = 'https://console.embedded.local'

/** Starts the in-process sandbox (core's wiring passes a function that calls `startEmulator`). */
export interface SandboxStarter {
  start(opts: { token: string; publicKeyPem?: string; vendorOrigins?: string[] }): Promise<{
    baseUrl: string
    vendorId: string
    close?: () => Promise<void>
    /** The Sandbox profile's origin URLs changed: the running sandbox allows the new ones from now on (§5.4). */
    setProfileOrigins?: (origins: string[]) => void
  }>
  /**
   * Makes the Sandbox's signing key on first start. Default: a fresh RSA 2048 key. The browser harness passes one
   * key per test process, because RSA generation (0.4–1 s on two busy cores) dominated every spec's start.
   */
  generateKey?: () => Promise<string>
}

export interface ProfileServiceOptions {
  settings: Settings
  vault: Vault
  /** Without it there is no built-in Sandbox profile (some tests and tools). */
  sandbox?: SandboxStarter | null
  /**
   * The HTTP layer for a profile's own calls (connection test, key registration): core passes the Workato
   * service's, so these calls share the profile's rate limiter and injected fetch. Default: a bare ApiHttp.
   */
  http?: (target: ApiTarget) => ApiHttp
  now?: () => Date
}

export interface SandboxStatus {
  running: boolean
  baseUrl: string | null
  error: string | null
}

export interface ProfileService extends ProfileAccess {
  /** Creates/starts the built-in Sandbox and picks an active profile. Never throws: problems become notices. */
  init(): Promise<void>
  close(): Promise<void>
  list(): Promise<{ profiles: ProfileView[]; activeId: string | null }>
  view(profileId: string): Promise<ProfileView>
  create(input: ProfileInput): Promise<ProfileView>
  update(profileId: string, patch: Partial<ProfileInput>): Promise<ProfileView>
  remove(profileId: string): Promise<void>
  setActive(profileId: string): Promise<void>
  activeId(): string | null
  testConnection(profileId: string, signal?: AbortSignal): Promise<ConnectionTest>
  keyInfo(profileId: string): Promise<KeyInfo | null>
  importKey(profileId: string, pem: string, passphrase?: string): Promise<KeyInfo>
  generateKey(profileId: string, bits: 2048 | 4096): Promise<KeyInfo>
  registerKey(profileId: string, signal?: AbortSignal): Promise<{ vendorId: string }>
  /** Core only (the token signer): the stored PKCS#8 PEM. Throws bad_key when none is stored. */
  privateKeyPem(profileId: string): Promise<string>
  /** Fired after a profile's key was replaced or removed, so caches of the imported key are dropped. */
  onKeyChange(listener: (profileId: string) => void): () => void
  /** Fired after a profile's token, data center or base URL changed, or it was deleted (see ProfileAccess). */
  onTargetChange(listener: (profileId: string) => void): () => void
  sandboxStatus(): SandboxStatus
}

function nameKey(name: string): string {
  return name.trim().toLocaleLowerCase()
}

export function createProfileService(opts: ProfileServiceOptions): ProfileService {
  const { settings, vault } = opts
  const httpFor = opts.http ?? ((target: ApiTarget) => new ApiHttp({ target }))
  const now = opts.now ?? (() => new Date())
  const keyListeners = new Set<(id: string) => void>()
  const targetListeners = new Set<(id: string) => void>()
  const targetChanged = (id: string) => {
    for (const l of targetListeners) {
      try {
        l(id)
      } catch (e) {
        log.warn(`profile change listener failed: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
  }
  /** Key info per profile, derived from the stored PEM; dropped whenever the key changes. */
  const keyInfoCache = new Map<string, Promise<KeyInfo | null>>()
  const tokenPresence = new Map<string, boolean>()
  const sandboxState: SandboxStatus & { close?: () => Promise<void>; setProfileOrigins?: (origins: string[]) => void } = {
    running: false,
    baseUrl: null,
    error: null,
  }
  // Create / edit / delete run one at a time, so a name check and the write it guards cannot interleave with
  // another window's edit while a keychain call is in flight.
  const edits = pLimit(1)

  const stored = (id: string): StoredProfile => {
    const p = settings.get().profiles.find((x) => x.id === id)
    if (!p) throw appError('not_found', `No profile with id "${id}".`, { hint: 'It may have been deleted; pick another profile.' })
    return p
  }

  const keyChanged = (id: string) => {
    keyInfoCache.delete(id)
    for (const l of keyListeners) {
      try {
        l(id)
      } catch (e) {
        log.warn(`key change listener failed: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
  }

  const readToken = async (id: string): Promise<string | null> => {
    const t = await vault.get(secretAccounts.apiToken(id))
    if (t) log.addSecret(t)
    tokenPresence.set(id, t !== null)
    return t
  }

  const writeToken = async (id: string, token: string): Promise<void> => {
    log.addSecret(token)
    await vault.set(secretAccounts.apiToken(id), token)
    tokenPresence.set(id, true)
  }

  const readPem = (id: string) => vault.get(secretAccounts.privateKey(id))

  const keyInfo = (id: string): Promise<KeyInfo | null> => {
    const p = stored(id)
    let cached = keyInfoCache.get(id)
    if (!cached) {
      cached = readPem(id).then((pem) => (pem ? describeKey(pem, p.keySource ?? 'pkcs8') : null))
      keyInfoCache.set(id, cached)
      cached.catch(() => keyInfoCache.delete(id))
    }
    return cached
  }

  const secretStatus = async (id: string): Promise<SecretStatus> => {
    const hasToken = tokenPresence.get(id) ?? (await readToken(id)) !== null
    const info = await keyInfo(id)
    const registered = stored(id).registeredKeyFingerprint
    return {
      apiToken: hasToken,
      privateKey: info !== null,
      keyFingerprint: info?.fingerprint ?? null,
      keyBits: info?.bits ?? null,
      keyRegistered: info && registered ? registered === info.fingerprint : null,
    }
  }

  const view = async (id: string): Promise<ProfileView> => {
    const { keySource: _ignored, registeredKeyFingerprint: _r, ...p } = stored(id)
    try {
      return { ...p, secrets: await secretStatus(id) }
    } catch (e) {
      // A locked keychain must not hide the profile list: show the profiles, say (once) why secrets look missing.
      if (!isAppError(e) || e.code !== 'vault_unavailable') throw e
      if (!settings.notices().some((n) => n.id === 'vault-unavailable'))
        settings.addNotice({
          id: 'vault-unavailable',
          level: 'error',
          title: 'The OS keychain is not available',
          message: `API tokens and keys cannot be read until it is. ${e.data.hint ?? ''}`.trim(),
        })
      return { ...p, secrets: { apiToken: false, privateKey: false, keyFingerprint: null, keyBits: null, keyRegistered: null } }
    }
  }

  const assertUniqueName = (name: string, exceptId?: string) => {
    const clash = settings.get().profiles.find((p) => p.id !== exceptId && nameKey(p.name) === nameKey(name))
    if (clash) throw appError('conflict', `A profile named "${clash.name}" already exists.`, { hint: 'Choose another name.' })
  }

  /** The first real profile if there is one, else the Sandbox, else nothing. */
  const fallbackActive = (profiles: StoredProfile[]): string | null =>
    (profiles.find((p) => !p.builtIn) ?? profiles.find((p) => p.builtIn))?.id ?? null

  const ensureActive = () => {
    const d = settings.get()
    if (d.activeProfileId && d.profiles.some((p) => p.id === d.activeProfileId)) return
    const next = fallbackActive(d.profiles)
    if (next !== d.activeProfileId) settings.update((s) => void (s.activeProfileId = next))
  }

  const storeKey = async (id: string, pkcs8Pem: string, source: KeySource): Promise<KeyInfo> => {
    stored(id)
    const info = await describeKey(pkcs8Pem, source)
    await vault.set(secretAccounts.privateKey(id), pkcs8Pem)
    settings.update((d) => {
      const p = d.profiles.find((x) => x.id === id)
      if (p) {
        p.keySource = source
        p.updatedAt = now().toISOString()
      }
    })
    keyChanged(id)
    keyInfoCache.set(id, Promise.resolve(info))
    return info
  }

  const apiTarget = async (id: string): Promise<ApiTarget> => {
    const p = stored(id)
    let baseUrl: string | null = p.customBaseUrl
    if (p.dataCenter === 'emulator') {
      if (!sandboxState.baseUrl) {
        throw appError('network', 'The built-in Sandbox is not running.', {
          hint: sandboxState.error ? `It failed to start: ${sandboxState.error}` : 'Restart the app to start it again.',
        })
      }
      baseUrl = sandboxState.baseUrl
    }
    if (p.dataCenter === 'custom' && !baseUrl) {
      throw appError('validation', `Profile "${p.name}" uses a custom data center but has no base URL.`, {
        hint: 'Edit the profile and enter the base URL of your private deployment.',
      })
    }
    const { apiOrigin, appOrigin } = resolveDataCenter(p.dataCenter, baseUrl)
    const apiToken = await readToken(id)
    if (!apiToken) {
      throw appError('unauthorized', `Profile "${p.name}" has no API token stored.`, {
        hint: 'Edit the profile and paste an API token (Workato: Workspace admin → API clients).',
      })
    }
    return { profileId: id, apiOrigin, appOrigin, apiToken }
  }

  const registerKey = async (id: string, signal?: AbortSignal): Promise<{ vendorId: string }> => {
    const info = await keyInfo(id)
    if (!info) throw appError('bad_key', 'This profile has no private key yet.', { hint: 'Import or generate a key first, then register it.' })
    const target = await apiTarget(id)
    const vendorId = await registerPublicKey(httpFor(target), info.publicKeyPem, signal)
    settings.update((d) => {
      const p = d.profiles.find((x) => x.id === id)
      if (p) {
        p.vendorId = vendorId
        p.registeredKeyFingerprint = info.fingerprint
        p.updatedAt = now().toISOString()
      }
    })
    return { vendorId }
  }

  const initSandbox = async (starter: SandboxStarter) => {
    const existing = settings.get().profiles.find((p) => p.id === SANDBOX_PROFILE_ID)
    if (!existing) {
      const at = now().toISOString()
      settings.update((d) => {
        d.profiles.unshift({
          id: SANDBOX_PROFILE_ID,
          name: d.profiles.some((p) => nameKey(p.name) === 'sandbox') ? 'Built-in Sandbox' : 'Sandbox',
          dataCenter: 'emulator',
          customBaseUrl: null,
          vendorId: null,
          originUrls: [SANDBOX_ORIGIN],
          environment: 'development',
          builtIn: true,
          keySource: null,
          registeredKeyFingerprint: null,
          createdAt: at,
          updatedAt: at,
        })
      })
    }
    try {
      // Secrets are created like any profile's, so the keychain path is exercised from the first launch.
      let token = await readToken(SANDBOX_PROFILE_ID)
      if (!token) {
        token = `wrksandbox-${randomBytes(24).toString('base64url')}`
        await writeToken(SANDBOX_PROFILE_ID, token)
      }
      if (!(await readPem(SANDBOX_PROFILE_ID)))
        await storeKey(SANDBOX_PROFILE_ID, await (starter.generateKey ?? (() => generateRsaKey(2048)))(), 'generated')
      const started = await starter.start({ token, vendorOrigins: stored(SANDBOX_PROFILE_ID).originUrls })
      sandboxState.baseUrl = started.baseUrl
      sandboxState.close = started.close
      sandboxState.setProfileOrigins = started.setProfileOrigins
      sandboxState.running = true
      sandboxState.error = null
      targetChanged(SANDBOX_PROFILE_ID)
      // Register through the real API call, exactly as for a Workato profile (reference §5.3).
      await registerKey(SANDBOX_PROFILE_ID)
      log.info(`sandbox: running at ${started.baseUrl}`)
    } catch (e) {
      const message = isAppError(e) ? `${e.message}${e.data.hint ? ` ${e.data.hint}` : ''}` : e instanceof Error ? e.message : String(e)
      sandboxState.error = message
      log.error(`sandbox: failed to start: ${message}`)
      settings.addNotice({
        id: 'sandbox-start-failed',
        level: 'error',
        title: 'The built-in Sandbox did not start',
        message,
      })
    }
  }

  return {
    async init() {
      if (opts.sandbox) await initSandbox(opts.sandbox)
      ensureActive()
    },

    async close() {
      const close = sandboxState.close
      sandboxState.close = undefined
      sandboxState.running = false
      sandboxState.baseUrl = null
      targetChanged(SANDBOX_PROFILE_ID)
      if (close) await close()
    },

    async getProfile(id) {
      const { keySource: _ignored, builtIn: _b, registeredKeyFingerprint: _r, ...p } = stored(id)
      return p
    },

    apiTarget,

    async list() {
      const d = settings.get()
      return { profiles: await Promise.all(d.profiles.map((p) => view(p.id))), activeId: d.activeProfileId }
    },

    view,

    create: (input) =>
      edits(async () => {
        assertUniqueName(input.name)
        const customBaseUrl = input.dataCenter === 'custom' ? (input.customBaseUrl ?? null) : null
        if (input.dataCenter === 'custom' && !customBaseUrl) {
          throw appError('validation', 'A custom data center needs a base URL.', {
            hint: 'Enter the https:// base URL of your private Workato deployment.',
          })
        }
        const id = randomUUID()
        const at = now().toISOString()
        // Secret first: if the keychain refuses, no half-made profile is left behind.
        if (input.apiToken) await writeToken(id, input.apiToken)
        try {
          settings.update((d) => {
            const onlySandbox = d.profiles.every((p) => p.builtIn)
            d.profiles.push({
              id,
              name: input.name,
              dataCenter: input.dataCenter,
              customBaseUrl,
              vendorId: input.vendorId ?? null,
              originUrls: input.originUrls ?? [],
              environment: input.environment,
              builtIn: false,
              keySource: null,
              registeredKeyFingerprint: null,
              createdAt: at,
              updatedAt: at,
            })
            // The first real profile takes over from the Sandbox; later ones do not steal focus.
            const active = d.profiles.find((p) => p.id === d.activeProfileId)
            if (!active || (active.builtIn && onlySandbox)) d.activeProfileId = id
          })
        } catch (e) {
          if (input.apiToken) await vault.delete(secretAccounts.apiToken(id)).catch(() => false)
          throw e
        }
        return view(id)
      }),

    update: (id, patch) =>
      edits(async () => {
        const p = stored(id)
        if (p.builtIn) {
          const managed = (['dataCenter', 'customBaseUrl', 'vendorId', 'environment', 'apiToken'] as const).filter(
            (k) => patch[k] !== undefined && (k === 'apiToken' || patch[k] !== p[k]),
          )
          if (managed.length) {
            throw appError(
              'conflict',
              `The built-in Sandbox profile's ${managed.join(', ')} ${managed.length > 1 ? 'are' : 'is'} managed by the app.`,
              {
                hint: 'You can rename it or change its origin URLs; create your own profile for anything else.',
              },
            )
          }
        }
        if (patch.name !== undefined) assertUniqueName(patch.name, id)
        const dataCenter = patch.dataCenter ?? p.dataCenter
        const customBaseUrl = dataCenter === 'custom' ? (patch.customBaseUrl !== undefined ? patch.customBaseUrl : p.customBaseUrl) : null
        if (dataCenter === 'custom' && !customBaseUrl) {
          throw appError('validation', 'A custom data center needs a base URL.', {
            hint: 'Enter the https:// base URL of your private Workato deployment.',
          })
        }
        if (patch.apiToken) await writeToken(id, patch.apiToken)
        settings.update((d) => {
          const x = d.profiles.find((q) => q.id === id)
          if (!x) return
          if (patch.name !== undefined) x.name = patch.name
          x.dataCenter = dataCenter
          x.customBaseUrl = customBaseUrl
          if (patch.vendorId !== undefined) x.vendorId = patch.vendorId
          if (patch.originUrls !== undefined) x.originUrls = patch.originUrls
          if (patch.environment !== undefined) x.environment = patch.environment
          x.updatedAt = now().toISOString()
        })
        if (id === SANDBOX_PROFILE_ID && patch.originUrls !== undefined) sandboxState.setProfileOrigins?.(stored(id).originUrls)
        if (patch.apiToken || patch.dataCenter !== undefined || patch.customBaseUrl !== undefined) targetChanged(id)
        return view(id)
      }),

    remove: (id) =>
      edits(async () => {
        const p = stored(id)
        if (p.builtIn) {
          throw appError('conflict', 'The built-in Sandbox profile cannot be deleted.', {
            hint: 'It is what the console uses for demos and tests; switch to another profile instead.',
          })
        }
        // Secrets go first: if the keychain refuses, the profile stays so nothing is orphaned in the keychain.
        await vault.delete(secretAccounts.apiToken(id))
        await vault.delete(secretAccounts.privateKey(id))
        tokenPresence.delete(id)
        settings.update((d) => {
          d.profiles = d.profiles.filter((x) => x.id !== id)
          if (d.activeProfileId === id) d.activeProfileId = fallbackActive(d.profiles)
        })
        keyChanged(id)
        targetChanged(id)
      }),

    async setActive(id) {
      stored(id)
      settings.update((d) => void (d.activeProfileId = id))
    },

    activeId: () => settings.get().activeProfileId,

    async testConnection(id, signal) {
      let target: ApiTarget
      try {
        target = await apiTarget(id)
      } catch (e) {
        if (isAppError(e) && (e.code === 'unauthorized' || e.code === 'network' || e.code === 'validation')) {
          return { ok: false, message: `${e.message}${e.data.hint ? ` ${e.data.hint}` : ''}`, latencyMs: null }
        }
        throw e
      }
      const r = await testConnection(httpFor(target), signal)
      const dc = dataCenterLabels[stored(id).dataCenter]
      return r.ok ? { ...r, message: `${r.message} (${dc})` } : r
    },

    keyInfo,

    async importKey(id, pem, passphrase) {
      stored(id)
      const parsed = parsePrivateKeyPem(pem, passphrase)
      return storeKey(id, parsed.pkcs8Pem, parsed.source)
    },

    async generateKey(id, bits) {
      stored(id)
      return storeKey(id, await generateRsaKey(bits), 'generated')
    },

    registerKey,

    async privateKeyPem(id) {
      const p = stored(id)
      const pem = await readPem(id)
      if (!pem)
        throw appError('bad_key', `Profile "${p.name}" has no private key.`, { hint: 'Import or generate a key under Keys, then register it.' })
      return pem
    },

    onTargetChange(listener) {
      targetListeners.add(listener)
      return () => targetListeners.delete(listener)
    },

    onKeyChange(listener) {
      keyListeners.add(listener)
      return () => keyListeners.delete(listener)
    },

    sandboxStatus: () => ({ running: sandboxState.running, baseUrl: sandboxState.baseUrl, error: sandboxState.error }),
  }
}
