/**
 * Builds everything core does from its parts, for the app (electron/main), the browser harness and tests:
 * settings, vault, profiles (with the built-in Sandbox profile and its in-process sandbox), the API client and
 * directory cache, token signing, and one handler per contract operation.
 */
import path from 'node:path'
import { sandboxSizeFromEnv, startEmulator, type EmulatorHandle } from '../emulator'
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
import { jobHandlers } from './workspace/job-handlers'
import { log } from './log'
import type { RetryPolicy } from './workato/retry'
import { auditHandlers, createAuditLog, withAudit } from './audit'
import { settingsHandlers, type UpdatesPort } from './settings/settings-handlers'
import { createWidgetService, widgetHandlers, type WidgetService } from './widget'
import { createAttemptHistory } from './widget/attempt-history'
import { createSearchService, searchHandlers } from './search'
import { createFleetService, observeCustomerReads } from './fleet'
import { sandboxHandlers } from './sandbox-handlers'
import { createBudgetService, type BudgetService } from './budget/budget-service'
import type { CallPacerRegistry } from './workato/call-pacer'
import { createBulkService } from './bulk'
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
  sandbox?: { customers?: number; seed?: number; vendorOrigins?: string[]; latencyMs?: number; generateKey?: () => Promise<string> }
  fetch?: typeof fetch
  /** The API client's retry backoff (default: workato/retry.ts); the harness shortens it for specs of a dead API. */
  retry?: Partial<RetryPolicy>
  /** Settings screen: the log file main writes (null when none), the updater, and "show in folder". */
  logFile?: string | null
  updates?: UpdatesPort
  showItemInFolder?: (file: string) => void
}

export interface Core {
  handlers: Handlers
  widgetGrant(partition: string): WebviewGrant | undefined
  /** Widget attempts: main plugs its session-backed host adapter in with `widget.setHost`. */
  widget: WidgetService
  /** The running in-process sandbox, once the Sandbox profile has started it. */
  sandbox(): EmulatorHandle | null
  /** Each profile's rate-limit pacer (tests and the bench shrink the limits with `configure`). */
  pacers: CallPacerRegistry
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
  // The built-in Sandbox's size from EC_SANDBOX_CUSTOMERS / _SEED / _LATENCY_MS (README, "Scripts"); what the caller
  // passes (the harness, tests) wins. A bad value is ignored and a clamped one used, and the user is told which.
  const sandboxEnv = sandboxSizeFromEnv(process.env)
  const sandboxEnvProblems = [...sandboxEnv.errors, ...sandboxEnv.warnings]
  if (sandboxEnvProblems.length > 0)
    notices.add({ id: 'sandbox-env', level: 'warning', title: 'Sandbox size settings adjusted', message: sandboxEnvProblems.join(' ') })
  const grants = createWidgetGrants()
  const profiles = createProfileService({
    settings,
    vault: opts.vault,
    // The connection test and key registration share the profile's rate limiter and fetch with every other
    // Workato call; `workspace` is built right after this service, before anything is tested or registered.
    http: (target) => workspace.httpFor(target),
    sandbox: {
      generateKey: opts.sandbox?.generateKey,
      async start({ token, publicKeyPem, vendorOrigins = [] }) {
        // Account-level origins (§5.4): the Sandbox profile's origin URLs, plus any the caller fixes (the harness).
        const fixed = opts.sandbox?.vendorOrigins ?? []
        let profileOrigins = [...vendorOrigins]
        const sandboxLatencyMs = opts.sandbox?.latencyMs ?? sandboxEnv.size.latencyMs
        sandbox ??= await startEmulator({
          port: 0,
          token,
          publicKeyPem,
          customers: opts.sandbox?.customers ?? sandboxEnv.size.customers ?? 250,
          seed: opts.sandbox?.seed ?? sandboxEnv.size.seed ?? 1,
          vendorOrigins: [...new Set([...fixed, ...profileOrigins])],
          faults: sandboxLatencyMs ? { latencyMs: sandboxLatencyMs } : undefined,
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
  // Issue 13: every family paced to settings.rateLimitShare of its limit (read live); the budget shows it.
  let budget: BudgetService | null = null
  const workspace = createWorkspaceService({
    profiles,
    events: opts.events,
    dataDir: path.join(opts.dataDir, 'cache'),
    fetch: opts.fetch,
    retry: opts.retry,
    rateLimitShare: () => settings.get().rateLimitShare,
    onBudgetChange: (id) => budget?.changed(id),
  })
  budget = createBudgetService({ limiters: workspace.limiters, events: opts.events })
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
  const audit = createAuditLog({
    dataDir: opts.dataDir,
    knownSecrets: () => log.knownSecrets(),
    onProblem: (p) => notices.add({ id: `audit-${p.kind}`, level: 'warning', title: 'The audit trail needs attention', message: p.message }),
  })

  // Widget attempts kept across restarts (bounded, redacted), loaded before the first screen asks for them.
  const attemptHistory = createAttemptHistory({
    dataDir: opts.dataDir,
    secrets: () => log.knownSecrets(),
    onCorrupt: (file, reason) =>
      notices.add({
        id: 'widget-history-corrupt',
        level: 'info',
        title: 'Widget history from earlier sessions could not be read',
        message: `${file} was discarded because ${reason}. New attempts are kept as usual.`,
      }),
  })
  await attemptHistory.load()

  const widget = createWidgetService({
    history: attemptHistory,
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

  // Global search and deep-link look-ups read the same cache and call through the same client (t3).
  const search = createSearchService({ cache: workspace.cache, clientFor: workspace.clientFor, events: opts.events })
  const listJobs = workspace.handlers['jobs:list']

  // Fleet health (issue 13): the sweep reads through the same clients and pacers; the customer detail's two list
  // reads count as a fresh check of that customer (`observeCustomerReads`).
  const fleet = createFleetService({
    dir: path.join(opts.dataDir, 'fleet'),
    exportDir: path.join(opts.dataDir, 'exports'),
    events: opts.events,
    audit,
    clientFor: workspace.clientFor,
    pacerFor: (id) => workspace.limiters.for(id),
    cachedCustomers: async (id) => (await workspace.cache.readCustomers(id))?.items ?? null,
    refreshCustomers: async (id, signal) => void (await workspace.directory.refresh(id, signal)),
  })

  // Bulk recipe start/stop (issue 13 item 5): through the one client, spaced by the pacer's allowed calls.
  const bulk = createBulkService({
    api: workspace.clientFor,
    customers: async (id) => (await workspace.directory.list(id)).items,
    pacer: (id) => workspace.limiters.for(id),
    audit,
    events: opts.events,
    dir: path.join(opts.dataDir, 'bulk'),
    exportDir: path.join(opts.dataDir, 'exports'),
    onError: (m) => log.warn(m),
  })
  // A run cut short by a quit or a crash is offered again wherever the person lands first.
  void bulk.unfinished().then(
    (runs) =>
      runs.length &&
      notices.add({
        id: 'bulk-unfinished',
        level: 'warning',
        title: runs.length === 1 ? 'A bulk run did not finish' : `${runs.length} bulk runs did not finish`,
        message: `${runs.map((r) => `A bulk ${r.action} of ${r.targets.length} recipes (${r.counts.pending + r.counts.in_flight} left)`).join('; ')}. Open Bulk start / stop to resume or discard it; nothing already done is repeated.`,
      }),
    (e: unknown) => log.warn(`could not look for unfinished bulk runs: ${e instanceof Error ? e.message : String(e)}`),
  )

  // Every audited operation (audit/audited-ops.ts) records its line around the handler, whatever the transport.
  const handlers: Handlers = withAudit(audit, {
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
    // Jobs are not cached on disk: the ones listed this session are remembered so search finds their ids and errors.
    'jobs:list': async (req, ctx) => {
      const answer = await listJobs(req, ctx)
      search.indexJobs(req.profileId, req.customerId, req.recipeId, answer.items)
      return answer
    },
    ...searchHandlers(search),
    ...observeCustomerReads(workspace.handlers, fleet),
    ...fleet.handlers,
    ...budget.handlers,
    ...bulk.handlers,
    // The dry run reads many customers: its waits get a Cancel like every other call's.
    ...workspace.trackAll({ 'bulk:plan': bulk.handlers['bulk:plan'] }),
    // Job details, failed jobs across recipes and re-runs (issue 14): the one client, waits cancellable, audited.
    ...workspace.trackAll(jobHandlers({ clientFor: workspace.clientFor, audit })),
    // Members and environments (reference §2.7, §5.6), through the profile's one client.
    ...workspace.trackAll(memberHandlers({ clientFor: workspace.clientFor })),
    // The built-in Sandbox's status and scenario switches (its profile screen).
    ...sandboxHandlers({ sandbox: () => sandbox, audit }),
    // ---- Audit trail and Settings screen (issue 14, items 2 and 8) ----
    ...auditHandlers({ audit, exportDir: path.join(opts.dataDir, 'exports'), knownSecrets: () => log.knownSecrets() }),
    ...settingsHandlers({
      settings,
      dataDir: opts.dataDir,
      auditFile: audit.file,
      logFile: opts.logFile ?? null,
      updates: opts.updates ?? null,
      showItemInFolder: opts.showItemInFolder ?? null,
    }),
    // ---- end audit and settings ----
  })

  return {
    handlers,
    widgetGrant: (p) => grants.grant(p),
    widget,
    sandbox: () => sandbox,
    pacers: workspace.limiters,
    async dispose() {
      budget?.dispose()
      await widget.closeAll().catch(() => {})
      await attemptHistory.flush()
      await fleet.dispose().catch(() => {})
      // Before the Sandbox closes: a run stops with its in-flight target journaled, to be read back on resume.
      await bulk.dispose().catch(() => {})
      await sandbox?.close()
      sandbox = null
    },
  }
}
