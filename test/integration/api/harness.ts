/** Wires the real handlers to a real sandbox over HTTP, with a temp data dir, a counting fetch and captured events. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createWorkspaceService, type WorkspaceServiceOptions, type WorkspaceService } from '../../../electron/core/workspace/workspace-service'
import type { FetchLike } from '../../../electron/core/workato/http'
import type { CallContext, EventSink } from '../../../electron/core/rpc/types'
import type { ApiTarget, ProfileAccess } from '../../../electron/core/services'
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../../electron/emulator'
import type { Progress } from '../../../shared/contract/app'
import type { Profile } from '../../../shared/domain/profile'

export const PROFILE = 'sandbox-test'

export interface Rig {
  sandbox: EmulatorHandle
  service: WorkspaceService
  handlers: WorkspaceService['handlers']
  requests: { method: string; url: URL }[]
  progress: Progress[]
  dataDir: string
  ctx: () => CallContext
  /** A second service on the same data dir: what the app sees after a restart. */
  reopen(extra?: Partial<WorkspaceServiceOptions>): WorkspaceService
  close(): Promise<void>
}

export function fakeProfiles(targetOf: () => ApiTarget): ProfileAccess {
  return {
    async getProfile(profileId: string): Promise<Profile> {
      return {
        id: profileId,
        name: 'Sandbox',
        dataCenter: 'emulator',
        customBaseUrl: null,
        vendorId: null,
        originUrls: [],
        environment: 'development',
        createdAt: '2026-11-01T00:00:00.000Z',
        updatedAt: '2026-11-01T00:00:00.000Z',
      }
    },
    async apiTarget(profileId: string): Promise<ApiTarget> {
      return { ...targetOf(), profileId }
    },
  }
}

export async function rig(opts: { sandbox?: EmulatorOptions; service?: Partial<WorkspaceServiceOptions>; token?: string } = {}): Promise<Rig> {
  const sandbox = await startEmulator({ port: 0, customers: 30, seed: 7, rateLimits: 'off', ...opts.sandbox })
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ec-api-it-'))
  const requests: Rig['requests'] = []
  const progress: Progress[] = []
  const countingFetch: FetchLike = (input, init) => {
    requests.push({ method: init.method ?? 'GET', url: new URL(input) })
    return fetch(input, init)
  }
  const events: EventSink = {
    emit(event, payload) {
      if (event === 'progress') progress.push(payload as Progress)
    },
  }
  const target = () => ({ profileId: PROFILE, apiOrigin: sandbox.baseUrl, appOrigin: sandbox.baseUrl, apiToken: opts.token ?? sandbox.token })
  const make = (extra: Partial<WorkspaceServiceOptions> = {}) =>
    createWorkspaceService({
      profiles: fakeProfiles(target),
      events,
      dataDir,
      fetch: countingFetch,
      rateLimits: 'off',
      retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 },
      autoRefresh: false,
      ...opts.service,
      ...extra,
    })
  const service = make()
  return {
    sandbox,
    service,
    handlers: service.handlers,
    requests,
    progress,
    dataDir,
    ctx: () => ({ signal: new AbortController().signal }),
    reopen: make,
    async close() {
      await sandbox.close().catch(() => undefined)
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** A seeded customer whose workspace has a running recipe bound to a connection (for usage/disconnect tests). */
export function customerWithRunningRecipe(sb: EmulatorHandle) {
  for (const c of sb.state.listCustomers()) {
    const ws = sb.state.workspace(c)
    for (const r of ws.recipes.values()) {
      const slot = r.config.find((s) => s.account_id !== null && ws.connections.has(s.account_id))
      if (r.running && slot && slot.account_id !== null) return { customer: c, ws, recipe: r, connectionId: slot.account_id }
    }
  }
  throw new Error('seed has no running recipe with a bound connection')
}
