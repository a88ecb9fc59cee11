/**
 * The kinds of problem a health sweep finds, and the exact rule for each, shared by the emulator (which seeds
 * them and reports its own truth, `handle.truth()`) and core (which derives them from the API's answers). Both
 * sides read the same fields Workato documents: the customer (docs/workato.md §2.4), the connection (§3.3) and
 * the recipe (§4.3). Keeping the rules here means a triage view and the Sandbox can be compared kind by kind.
 */
import { z } from 'zod'

export const healthKindSchema = z.enum([
  /** A connection bound in a running recipe's `config[]` whose `authorization_status` is not `success` (and not lost). */
  'connection_unauthorized_in_use',
  /** A connection bound in a running recipe's `config[]` that carries `connection_lost_at`. */
  'connection_lost_in_use',
  /** A stopped recipe with a `stop_cause` (§4.2 lists the documented values). */
  'recipe_stopped_by_cause',
  /** A running recipe whose `job_failed_count` is higher than at the previous observation. */
  'failed_jobs_rising',
  /** A customer whose `task_count` reached `TASK_USAGE_NEAR_LIMIT_RATIO` of its `task_limit`. */
  'task_usage_near_limit',
  /** A customer with `in_trial: true` (§2.4 documents no trial end date, so every trial counts as ending). */
  'trial_ending',
  /** A connection that runtime user connections (§9) name as `parent_id`, not authorised itself. */
  'default_connection_unauthorized_for_runtime_users',
])
export type HealthKind = z.infer<typeof healthKindSchema>
export const healthKinds: readonly HealthKind[] = healthKindSchema.options

/** What each kind points at: the exact customer tab and row a click-through opens. */
export const healthTargetTypeSchema = z.enum(['customer', 'connection', 'recipe'])
export type HealthTargetType = z.infer<typeof healthTargetTypeSchema>

export const healthKindTarget: Readonly<Record<HealthKind, HealthTargetType>> = {
  connection_unauthorized_in_use: 'connection',
  connection_lost_in_use: 'connection',
  recipe_stopped_by_cause: 'recipe',
  failed_jobs_rising: 'recipe',
  task_usage_near_limit: 'customer',
  trial_ending: 'customer',
  default_connection_unauthorized_for_runtime_users: 'connection',
}

/** `task_count / task_limit` at or above this is "near the limit". */
export const TASK_USAGE_NEAR_LIMIT_RATIO = 0.9

/** The `stop_cause` values Workato documents as list filters (docs/workato.md §4.2). */
export const documentedStopCauseSchema = z.enum(['trigger_errors_limit', 'action_quota_limit', 'trial_expired', 'txn_quota_limit'])
export type DocumentedStopCause = z.infer<typeof documentedStopCauseSchema>

/**
 * One problem, by reference: which kind, which customer, and which object (the customer itself for
 * customer-level kinds). A key (`problemKey`) identifies it across sweeps, for "what changed since the last sweep".
 */
export const healthProblemRefSchema = z.object({
  kind: healthKindSchema,
  customerId: z.number().int(),
  targetType: healthTargetTypeSchema,
  targetId: z.number().int(),
})
export type HealthProblemRef = z.infer<typeof healthProblemRefSchema>

export function problemKey(p: HealthProblemRef): string {
  return `${p.kind}:${p.customerId}:${p.targetType}:${p.targetId}`
}

export function isTaskUsageNearLimit(c: { task_count?: number | null; task_limit?: number | null }): boolean {
  const limit = c.task_limit ?? 0
  return limit > 0 && (c.task_count ?? 0) >= limit * TASK_USAGE_NEAR_LIMIT_RATIO
}
