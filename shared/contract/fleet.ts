/**
 * The fleet health sweep and the triage view (issue 13): a paced background read of every customer's
 * connections (§3.2) and recipes (§4.2), the problems derived from it (`shared/domain/health.ts`), and the
 * hand-off of recipe targets to the bulk screen.
 */
import { z } from 'zod'
import { event, op } from './define'
import { appErrorSchema } from '../errors'
import { profileIdSchema } from '../domain/profile'
import { problemSchema, severitySchema } from '../domain/health'
import { FLEET_LIMITS } from './limits'

/** One recipe of one customer, handed from the triage view to the bulk screen (`/fleet/bulk`). */
export const bulkTargetSchema = z.object({ customerId: z.number().int().positive(), recipeId: z.number().int().positive() })
export type BulkTarget = z.infer<typeof bulkTargetSchema>

const profileId = profileIdSchema

export const sweepStates = ['idle', 'running', 'paused', 'done', 'cancelled', 'failed'] as const

export const sweepStatusSchema = z.object({
  profileId: z.string(),
  state: z.enum(sweepStates),
  /** When the current (or last) run started; customers checked since then are not read again by a resume. */
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  /** Customers whose check failed in this run (each has its reason in `fleet:problems` failures). */
  failed: z.number().int().nonnegative(),
  /**
   * Seconds left at the pace the rate limits allow this console (its share of each family's limit, §6.2):
   * the calls still to make divided by the allowed rate, so it is honest from the first second.
   */
  etaSeconds: z.number().nonnegative().nullable(),
  /** The pace the ETA assumes, in calls a minute per family. */
  pace: z.array(z.object({ family: z.string(), perMinute: z.number() })),
  /** What the sweep is waiting for (a 429 storm, a 5xx burst) and until when, while paused. */
  wait: z.object({ reason: z.string(), until: z.string() }).nullable(),
  /** A sentence for the failed state (no token, every call refused …). */
  message: z.string().nullable(),
  /** An unfinished run is on disk (killed, cancelled or the app quit): `fleet:sweepStart` resumes it. */
  resumable: z.boolean(),
})
export type SweepStatus = z.infer<typeof sweepStatusSchema>

export const customerHealthSchema = z.object({
  customerId: z.number().int(),
  checkedAt: z.string(),
  /** The check before; a problem first seen after it is "changed since the last sweep". */
  previousCheckedAt: z.string().nullable(),
  source: z.enum(['sweep', 'viewed']),
  problems: z.number().int().nonnegative(),
  worst: severitySchema.nullable(),
  /** The last check failed; the problems are those of the check before it. */
  error: appErrorSchema.nullable(),
})
export type CustomerHealth = z.infer<typeof customerHealthSchema>

export const sweepFailureSchema = z.object({ customerId: z.number().int(), customerName: z.string(), at: z.string(), error: appErrorSchema })

export const problemsResultSchema = z.object({
  problems: z.array(problemSchema),
  /** One line per customer checked, for the Customers table's health column. */
  customers: z.array(customerHealthSchema),
  failures: z.array(sweepFailureSchema),
  /** When the previous full sweep finished: "changed since the last sweep" means first seen after it. */
  previousSweepAt: z.string().nullable(),
})
export type ProblemsResult = z.infer<typeof problemsResultSchema>

export const fleetOps = {
  'fleet:sweepStart': op(
    z.object({ profileId, restart: z.boolean().default(false) }),
    sweepStatusSchema,
    'Start the health sweep (or resume the unfinished one; `restart` begins a new run); progress as `fleetSweep` events',
  ),
  'fleet:sweepCancel': op(
    z.object({ profileId }),
    sweepStatusSchema,
    'Stop the sweep after the calls in flight; what was read is kept and it can be resumed',
  ),
  'fleet:sweepStatus': op(z.object({ profileId }), sweepStatusSchema, 'Where the sweep stands'),
  'fleet:problems': op(
    z.object({ profileId }),
    problemsResultSchema,
    'Every problem of every customer, as last checked, from the local health store',
  ),
  'fleet:exportCsv': op(
    z.object({ profileId, keys: z.array(z.string().max(FLEET_LIMITS.problemKey)).max(FLEET_LIMITS.exportKeys).optional() }),
    z.object({ fileName: z.string(), csv: z.string(), path: z.string().nullable(), rows: z.number().int() }),
    'The problems (all, or those with the given keys, in that order) as CSV, also written under exports/',
  ),
} as const

export const fleetEvents = {
  fleetSweep: event(sweepStatusSchema, 'Progress of the health sweep (at most a few a second)'),
} as const
