/**
 * The `flows:*` handlers: thin adapters from the contract to the flow functions, on the same per-profile API
 * client (and so the same rate limiter) as every other Workato call.
 */
import { IMPORT_WATCH, importTask } from '../../../shared/contract/flows'
import { appError } from '../../../shared/errors'
import type { EmbeddedApiClient } from '../workato/client'
import type { DomainHandlers, EventSink } from '../rpc/types'
import { bindSlot, loadChecklist } from './checklist'
import { readImportStatus, startImport, waitForImport } from './import'
import { resolveRuntimeUser } from './runtime-user'
import { listRuntimeUsers } from './runtime-users'
import { samplePackage } from './sample-package'

export interface FlowHandlerOptions {
  clientFor(profileId: string): Promise<EmbeddedApiClient>
  /** Whether a profile talks to the built-in sandbox (only there is the sample package importable). */
  isSandbox(profileId: string): Promise<boolean>
  /** Where a watched import's status reads go (`importProgress`). */
  events: EventSink
  /** Between two status reads of a watched import; the maximum wait stays `IMPORT_WATCH.maxWaitMs`. */
  importPollMs?: number
}

export function flowHandlers(opts: FlowHandlerOptions): DomainHandlers<'flows'> {
  /** Watched imports by task, so `flows:importCancel` can stop the wait. */
  const watches = new Map<string, AbortController>()
  const pollMs = opts.importPollMs ?? IMPORT_WATCH.intervalMs
  return {
    'flows:importStart': async ({ profileId, customerId, fileName, zipBase64, folder, restartRecipes }, ctx) => {
      const bytes = new Uint8Array(Buffer.from(zipBase64, 'base64'))
      return startImport(await opts.clientFor(profileId), customerId, bytes, { fileName, folder, restartRecipes, signal: ctx.signal })
    },
    'flows:samplePackage': async ({ profileId }) => {
      if (!(await opts.isSandbox(profileId)))
        throw appError('validation', 'The sample package is in the sandbox’s own format; Workato would reject it.', {
          hint: 'Export a package from a Workato workspace (Recipe lifecycle management → Export) and import that.',
        })
      const p = samplePackage()
      return { fileName: p.fileName, zipBase64: p.zip.toString('base64'), description: p.description }
    },
    'flows:importStatus': async ({ profileId, customerId, packageId }, ctx) =>
      readImportStatus(await opts.clientFor(profileId), customerId, packageId, ctx.signal),
    'flows:importWatch': async ({ profileId, customerId, packageId }, ctx) => {
      const task = importTask(profileId, packageId)
      watches.get(task)?.abort()
      const controller = new AbortController()
      watches.set(task, controller)
      try {
        return await waitForImport(await opts.clientFor(profileId), customerId, packageId, {
          intervalMs: pollMs,
          maxPolls: Math.ceil(IMPORT_WATCH.maxWaitMs / pollMs),
          signal: AbortSignal.any([ctx.signal, controller.signal]),
          onStatus: (status, poll) => opts.events.emit('importProgress', { task, poll, status }),
        })
      } finally {
        if (watches.get(task) === controller) watches.delete(task)
      }
    },
    'flows:importCancel': async ({ profileId, packageId }) => {
      watches.get(importTask(profileId, packageId))?.abort()
      return { ok: true as const }
    },
    'flows:checklist': async ({ profileId, customerId }, ctx) => loadChecklist(await opts.clientFor(profileId), customerId, ctx.signal),
    'flows:bindSlot': async ({ profileId, customerId, recipeId, adapterName, choice }, ctx) =>
      bindSlot(await opts.clientFor(profileId), customerId, recipeId, adapterName, choice, ctx.signal),
    'flows:runtimeUser': async ({ profileId, customerId, recipeId, endUserId, adapterName, parent, connectionName }, ctx) =>
      resolveRuntimeUser(await opts.clientFor(profileId), {
        customerId,
        recipeId,
        endUserId,
        adapterName,
        parent,
        connectionName,
        signal: ctx.signal,
      }),
    'flows:runtimeUsers': async ({ profileId, customerId }, ctx) => listRuntimeUsers(await opts.clientFor(profileId), customerId, ctx.signal),
  }
}
