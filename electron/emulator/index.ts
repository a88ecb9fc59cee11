/**
 * The Workato Embedded emulator: the partner API (reference §1–§6) and the Connection Widget pages (§7–§8),
 * in-process (tests, and the app's built-in "Sandbox" profile) or standalone (`npm run emulator`). Pure Node.
 */
import { randomBytes } from 'node:crypto'
import { createApiHandler } from './api'
import { FaultInjector, type FaultOptions } from './faults'
import { importPublicKey } from './keys'
import { normalizeOrigin } from './origins'
import { mixSeed, mulberry32, token as randomToken } from './prng'
import { QuotaEnforcer, type RateFamily, type RateLimitOptions } from './rate-limit'
import { close, createEmulatorServer, listen, type RequestLogEntry } from './server'
import { runScenario, scenarioHttpHandler, seededTruth, seededTruthInSlices, type ScenarioCommand, type ScenarioResult } from './scenarios'
import { EmulatorState } from './state'
import { createWidgetHandler } from './widget/routes'
import type { HealthProblemRef } from '../../shared/domain/health-kinds'

export type { FaultOptions } from './faults'
export type { RequestLogEntry } from './server'
export type { RateFamily, RateLimitOptions } from './rate-limit'
export { documentedLimits, rateFamilies } from './rate-limit'
export { EmulatorState } from './state'
export type { ScenarioCommand, ScenarioResult } from './scenarios'
export { countByKind, parseScenarioArg, scenarioArgHelp, scenarioCommandSchema, seededTruth } from './scenarios'
export { maxSeededCustomers } from './seed'
export { parseSandboxSize, sandboxSizeFromEnv, sandboxSizeLimits, type SandboxSize } from './size'
export type { ConnectionRecord, CustomerRecord, FolderRecord, JobRecord, RecipeRecord, Workspace } from './records'
export { providers, findProvider } from './providers'
export { normalizeOrigin } from './origins'

export interface EmulatorOptions {
  /** 0 = random (default). */
  port?: number
  /** Always loopback. */
  host?: '127.0.0.1'
  /** API token; default random `sk_emulator_…`. */
  token?: string
  /** Default 50. */
  customers?: number
  /** Default 1. */
  seed?: number
  /** Default derived from the seed. */
  vendorId?: string
  /** Account-level allowed widget origins (§5.4); default []. */
  vendorOrigins?: string[]
  /** Pre-registered signing key (§5.3), optional. */
  publicKeyPem?: string
  rateLimits?: RateLimitOptions
  faults?: FaultOptions
  /** Called once per finished request (the CLI prints these). Paths only, never query strings. */
  onRequest?: (e: RequestLogEntry) => void
}

export interface EmulatorHandle {
  /** http://127.0.0.1:PORT — API at baseUrl + '/api', widget at baseUrl + '/direct_link/…'. */
  baseUrl: string
  token: string
  vendorId: string
  setFaults(f: FaultOptions): void
  setRateLimits(r: EmulatorOptions['rateLimits']): void
  addVendorOrigin(origin: string): void
  /** Withdraws an account-level origin (the Sandbox profile's origin URLs were edited). */
  removeVendorOrigin(origin: string): void
  /**
   * Every problem the Sandbox holds right now, by the rules in shared/domain/health-kinds.ts: what a health sweep
   * must find. Also `GET /__emulator/truth`.
   */
  truth(): HealthProblemRef[]
  /** The same, a slice of customers per turn of the event loop (for callers sharing a process with a UI). */
  truthInSlices(signal?: AbortSignal): Promise<HealthProblemRef[]>
  /** Make one thing go wrong on purpose (scenarios.ts); also `POST /__emulator/scenarios` and `--scenario`. */
  scenario(cmd: ScenarioCommand): ScenarioResult
  /** Direct access for tests (read customers, connections…). */
  state: EmulatorState
  close(): Promise<void>
}

/** Vendor ids look like `we9898zgsgsgw38394` (§5.3): lowercase letters and digits. */
export function vendorIdForSeed(seed: number): string {
  return 'we' + randomToken(mulberry32(mixSeed(seed, 0x7e4d)), 16, 'abcdefghijklmnopqrstuvwxyz0123456789')
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const seed = opts.seed ?? 1
  const token = opts.token ?? `sk_emulator_${randomBytes(16).toString('hex')}`
  const state = new EmulatorState({
    seed,
    customers: opts.customers ?? 50,
    vendorId: opts.vendorId ?? vendorIdForSeed(seed),
    vendorOrigins: (opts.vendorOrigins ?? []).map(normalizeOrigin),
  })
  if (opts.publicKeyPem) {
    const imported = importPublicKey(opts.publicKeyPem)
    if (!imported.ok) throw new Error(`Emulator publicKeyPem: ${imported.message}`)
    state.publicKey = imported.key
    state.publicKeyPem = opts.publicKeyPem
  }
  const limiter = new QuotaEnforcer(opts.rateLimits ?? 'documented')
  const faults = new FaultInjector(opts.faults ?? {})
  let baseUrl = ''
  const api = createApiHandler({ state, token: () => token, limiter, faults })
  const widget = createWidgetHandler({ state, baseUrl: () => baseUrl })
  const server = createEmulatorServer(
    api,
    widget,
    opts.onRequest,
    scenarioHttpHandler(state, () => token),
  )
  const port = await listen(server, opts.port ?? 0)
  baseUrl = `http://127.0.0.1:${port}`
  return {
    baseUrl,
    token,
    vendorId: state.vendorId,
    setFaults: (f) => faults.set(f),
    setRateLimits: (r) => limiter.configure(r ?? 'documented'),
    addVendorOrigin: (origin) => {
      const o = normalizeOrigin(origin)
      // A `drop-origin` scenario keeps the origin out until it is restored, even when a widget host re-registers it.
      if (!state.vendorOrigins.includes(o) && !state.droppedOrigins.has(o)) state.vendorOrigins.push(o)
    },
    removeVendorOrigin: (origin) => {
      const o = normalizeOrigin(origin)
      state.vendorOrigins = state.vendorOrigins.filter((x) => x !== o)
    },
    truth: () => seededTruth(state),
    truthInSlices: (signal) => seededTruthInSlices(state, signal),
    scenario: (cmd) => runScenario(state, cmd),
    state,
    close: () => close(server),
  }
}

export type { RateFamily as EmulatorRateFamily }
