/**
 * The Sandbox's scenario switches as data: one command makes one thing go wrong in the built-in emulator (a
 * connection fails or is lost, a recipe stops with a cause, a recipe's jobs fail, an origin is dropped so the
 * widget falls silent). The emulator carries them out (electron/emulator/scenarios.ts); the Sandbox profile's
 * screen, the harness and the command lines send them.
 */
import { z } from 'zod'
import { SANDBOX_LIMITS } from '../contract/limits'
import { documentedStopCauseSchema } from './health-kinds'

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

export const scenarioCommandSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('fail-connection'),
    customerId: id,
    connectionId: id,
    /** Also mark it lost (`connection_lost_at`, `connection_lost_reason`), not only unauthorised. */
    lost: z.boolean().optional(),
    reason: z.string().trim().min(1).max(SANDBOX_LIMITS.reason).optional(),
  }),
  z.object({ action: z.literal('stop-recipe'), customerId: id, recipeId: id, cause: documentedStopCauseSchema }),
  z.object({ action: z.literal('fail-jobs'), customerId: id, recipeId: id, count: z.number().int().min(1).max(SANDBOX_LIMITS.failedJobsPerSwitch) }),
  z.object({ action: z.literal('drop-origin'), origin: z.string().min(1).max(SANDBOX_LIMITS.origin) }),
  z.object({ action: z.literal('restore-origin'), origin: z.string().min(1).max(SANDBOX_LIMITS.origin) }),
  /** Forget earlier `fail-jobs` switches: the failed-job counts as they are now become the baseline. */
  z.object({ action: z.literal('reset-baseline') }),
])
export type ScenarioCommand = z.infer<typeof scenarioCommandSchema>
export type ScenarioAction = ScenarioCommand['action']
