/**
 * Builds everything core does from its parts, for the app (electron/main), the browser harness and tests:
 * settings, vault, profiles (with the built-in Sandbox profile and its in-process sandbox), the API client and
 * directory cache, token signing, and one handler per contract operation.
 */
import path from 'node:path'
import { startEmulator, type EmulatorHandle } from '../emulator'
import { appHandlers } from './app-handlers'
import type { EventSink, Handlers } from './rpc/types'
import type { Vault } from './services'
import { createWidgetGrants, type WebviewGrant } from './widget-grants'
import { openSettings, type OpenSettingsOptions } from './settings'
import { createProfileService, profileHandlers } from './profiles'
import { createTokenInspector, createTokenSigner, tokenHandlers } from './tokens'
import { createWorkspaceService } from './workspace/workspace-service'
import { checkMember, memberHandlers } from './workspace/member-handlers'
import { flowHandlers } from './flows'
import { log } from './log'
import { createAuditLog } from './audit'
import { createWidgetService, widgetHandlers, type WidgetService } from './widget'
import { createOriginFacts } from './widget/origin-facts'

export interface CoreOptions {
  dataDir: string
  appVersion: string
  transport: 'electron' | 'harness'
  vault: Vault
  /** Main passes electron-store; elsewhere `conf` is used directly. */
  createStore?: OpenSettingsOptions['createStore']
  events: EventSink
  openExternal: (url: string) => Promise<void>
  /** For "continue in the system browser" from a widget: https, plus the built-in sandbox's loopback pages. */
  openWidgetConsent?: (url: string) => Promise<void>
  /** Options for the in-process sandbox behind the built-in Sandbox profile. */
  sandbox?: { customers?: number; seed?: number; vendorOrigins?: string[]; latencyMs?: number }
  fetch?: typeof fetch
}

export interface Core {
  handlers: Handlers
  widgetGrant(partition: string): WebviewGrant | undefined
  /** Widget attempts: main plugs its session-backed host adapter in with `widget.setHost`. */
  widget: WidgetService
  /** The running in-process sandbox, once the Sandbox profile has started it. */
  sandbox(): EmulatorHandle | null
  dispose(): Promise<void>
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const settings = openSettings({ dir: opts.dataDir, createStore: opts.createStore })
  // Notices (e.g. a corrupted settings file moved aside) live with the settings; new ones also go out as events.
  settings.onNotice((n) => opts.events.emit('notice', n))
  const notices = {
    list: () => settings.notices(),
    dismiss: (id: string) => void settings.dismissNotice(id),
    add: (n: Parameters<typeof settings.addNotice>[0]) => settings.addNotice(n),
  }

  let sandbox: EmulatorHandle | null = null
  const grants = createWidgetGrants()
  const profiles = createProfileService({
    settings,
    vault: opts.vault,
    // The connection test and key registration share the profile's rate limiter and fetch with every other
    // Workato call; `workspace` is built right after this service, before anything is tested or registered.
    http: (target) => workspace.httpFor(target),
    sandbox: {
      async start({ token, publicKeyPem, vendorOrigins = [] }) {
        // Account-level origins (§5.4): the Sandbox profile's origin URLs, plus any the caller fixes (the harness).
        const fixed = opts.sandbox?.vendorOrigins ?? []
        let profileOrigins = [...vendorOrigins]
        sandbox ??= await startEmulator({
          port: 0,
          token,
          publicKeyPem,
          customers: opts.sandbox?.customers ?? 250,
          seed: opts.sandbox?.seed ?? 1,
          vendorOrigins: [...new Set([...fixed, ...profileOrigins])],
          faults: opts.sandbox?.latencyMs ? { latencyMs: opts.sandbox.latencyMs } : undefined,
        })
        const running = sandbox
        return {
          baseUrl: running.baseUrl,
          vendorId: running.vendorId,
          setProfileOrigins(next) {
            for (const o of profileOrigins) if (!next.includes(o) && !fixed.includes(o)) running.removeVendorOrigin(o)
            for (const o of next) running.addVendorOrigin(o)
            profileOrigins = [...next]
          },
        }
      },
    },
  })
  // One service (and so one rate limiter per profile) for every Workato call, the flows' and the profiles' own
  // (connection test, key registration) included. Built before `profiles.init()`, which registers the Sandbox key.
  const workspace = createWorkspaceService({ profiles, events: opts.events, dataDir: path.join(opts.dataDir, 'cache'), fetch: opts.fetch })
  try {
    await profiles.init()
  } catch (e) {
    // A locked or missing keychain must not stop the app from opening: the screens say what to do.
    const message = e instanceof Error ? e.message : String(e)
    log.error(`profiles failed to start: ${message}`)
    notices.add({ level: 'error', title: 'Could not prepare the built-in Sandbox profile', message })
  }
  const signer = createTokenSigner(profiles)
  // One audit trail for every staff action (widget attempts, and `audit.record` from any other part).
  const audit = createAuditLog({ dataDir: opts.dataDir, knownSecrets: () => log.knownSecrets() })

  const widget = createWidgetService({
    profiles,
    mint: (req) => signer.mint(req),
    getConnection: (ref, signal) => handlers['connections:get'](ref, { signal: signal ?? new AbortController().signal }),
    checkMember: async (req, signal) => checkMember(await workspace.clientFor(req.profileId), req, signal),
    // The silence diagnosis's facts (reference §5.4): the customer from the API, the account's origins.
    originFacts: createOriginFacts({
      profiles,
      getCustomer: (req) => handlers['customers:get'](req, { signal: new AbortController().signal }),
      sandboxOrigins: (_id, dataCenter) => (dataCenter === 'emulator' && sandbox ? [...sandbox.state.vendorOrigins] : null),
    }),
    inspectToken: createTokenInspector(profiles, signer),
    grants,
    audit,
    events: opts.events,
    openExternal: opts.openWidgetConsent ?? opts.openExternal,
    loopbackOrigins: () => (sandbox ? [new URL(sandbox.baseUrl).origin] : []),
    addSecret: (s) => log.addSecret(s),
    knownSecrets: () => log.knownSecrets(),
    exportDir: path.join(opts.dataDir, 'exports'),
  })

  // A damaged cache file is a cache miss (the API holds the truth), but the user hears about it once a session.
  let corruptCacheFiles = 0
  workspace.cache.onCorrupt((file, reason) => {
    corruptCacheFiles++
    notices.add({
      id: 'cache-corrupt',
      level: 'info',
      title: 'Cached data was damaged and has been discarded',
      message:
        `${corruptCacheFiles === 1 ? 'A cache file' : `${corruptCacheFiles} cache files`} could not be used (latest: ${file}, because ${reason}). ` +
        'Nothing is lost: the console reads the data from Workato again.',
    })
  })
  void workspace.cache.sweepTempFiles().catch((e: unknown) => log.warn(`cache temp sweep failed: ${e instanceof Error ? e.message : String(e)}`))

  const handlers: Handlers = {
    ...appHandlers({
      info: { name: 'Embedded Console', version: opts.appVersion, transport: opts.transport, dataDir: opts.dataDir },
      notices,
      openExternal: opts.openExternal,
    }),
    ...profileHandlers(profiles),
    ...tokenHandlers(profiles, signer),
    ...workspace.handlers,
    // Flows call the API too: their waits are shown with a Cancel like every other call's.
    ...workspace.trackAll(
      flowHandlers({
        clientFor: workspace.clientFor,
        events: opts.events,
        isSandbox: async (id) => (await profiles.getProfile(id)).dataCenter === 'emulator',
      }),
    ),
    ...widgetHandlers(widget),
    // Members and environments (reference §2.7, §5.6), through the profile's one client.
    ...workspace.trackAll(memberHandlers({ clientFor: workspace.clientFor })),
  }

  return {
    handlers,
    widgetGrant: (p) => grants.grant(p),
    widget,
    sandbox: () => sandbox,
    async dispose() {
      await widget.closeAll().catch(() => {})
      await sandbox?.close()
      sandbox = null
    },
  }
}
