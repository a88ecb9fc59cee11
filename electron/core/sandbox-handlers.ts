/**
 * The built-in Sandbox profile's operations: its status (size, seed, problems by kind, from the emulator's own
 * truth) and the scenario switches. Core reaches the emulator through its handle only (electron/emulator/index.ts).
 * A switch changes what the Sandbox answers, so each one is an audit line like any other staff action.
 */
import { appError } from '../../shared/errors'
import type { SandboxStatus } from '../../shared/contract/sandbox'
import { countByKind, type EmulatorHandle } from '../emulator'
import type { AuditLog } from './audit'
import type { DomainHandlers } from './rpc/types'

export const SANDBOX_PROFILE_ID = 'sandbox'

/** Reads the truth in slices: the emulator shares the main process, and a 10,000-customer truth takes a while the first time. */
export async function sandboxStatus(handle: EmulatorHandle | null, signal?: AbortSignal): Promise<SandboxStatus> {
  if (!handle) return { running: false, customers: 0, seed: 0, problems: countByKind([]) }
  const problems = countByKind(await handle.truthInSlices(signal))
  return { running: true, customers: handle.state.customerCount(), seed: handle.state.seed, problems }
}

export function sandboxHandlers(deps: { sandbox: () => EmulatorHandle | null; audit: Pick<AuditLog, 'record'> }): DomainHandlers<'sandbox'> {
  return {
    'sandbox:status': async (_req, ctx) => sandboxStatus(deps.sandbox(), ctx.signal),
    'sandbox:scenario': async (cmd, ctx) => {
      const handle = deps.sandbox()
      if (!handle)
        throw appError('not_found', 'The Sandbox is not running, so there is nothing to switch.', {
          hint: 'Open the Sandbox profile once (it starts the emulator), or see the notice that says why it could not start.',
        })
      const result = handle.scenario(cmd)
      const customerId = 'customerId' in cmd ? cmd.customerId : null
      const target =
        cmd.action === 'fail-connection'
          ? `connection ${cmd.connectionId}`
          : cmd.action === 'stop-recipe' || cmd.action === 'fail-jobs'
            ? `recipe ${cmd.recipeId}`
            : cmd.action === 'drop-origin' || cmd.action === 'restore-origin'
              ? `origin ${cmd.origin}`
              : null
      await deps.audit.record({
        action: `sandbox.${cmd.action}`,
        profileId: SANDBOX_PROFILE_ID,
        customerId,
        target,
        outcome: result.ok ? 'ok' : 'failed',
        correlationId: null,
        detail: result.ok ? result.summary : result.message,
      })
      if (!result.ok) throw appError(result.code === 'not_found' ? 'not_found' : 'validation', result.message)
      return { summary: result.summary, status: await sandboxStatus(handle, ctx.signal) }
    },
  }
}
