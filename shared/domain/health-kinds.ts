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

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** §2.4 `task_count` against `task_limit`; a missing or non-numeric field (the API may omit them) is no problem. */
export function isTaskUsageNearLimit(c: { task_count?: unknown; task_limit?: unknown }): boolean {
  const count = finite(c.task_count)
  const limit = finite(c.task_limit)
  return count !== null && limit !== null && limit > 0 && count >= limit * TASK_USAGE_NEAR_LIMIT_RATIO
}

/** The connection fields the rules read (§3.3), as the API answers them and as the emulator keeps them. */
export interface HealthConnectionFields {
  id: number
  authorization_status?: string | null
  connection_lost_at?: string | null
  parent_id?: number | null
  external_id?: string | null
}

/** The recipe fields the rules read (§4.3). */
export interface HealthRecipeFields {
  running: boolean
  stop_cause?: string | null
  config?: readonly { account_id?: number | null }[] | null
}

/**
 * What is wrong with a connection a running recipe uses, or null when it is authorised (§3.3: `success` is
 * connected). A non-success connection that carries `connection_lost_at` was lost; any other was never or no longer
 * authorised. A `success` connection is fine whatever an older `connection_lost_at` says: a re-authorisation is
 * newer than the loss.
 */
export function inUseConnectionKind(c: HealthConnectionFields): 'connection_lost_in_use' | 'connection_unauthorized_in_use' | null {
  if (c.authorization_status === 'success') return null
  return c.connection_lost_at ? 'connection_lost_in_use' : 'connection_unauthorized_in_use'
}

/** A runtime user connection (§9): a child of a default connection, tagged with the end user's `external_id`. */
export function isRuntimeUserConnection(c: HealthConnectionFields): boolean {
  return typeof c.parent_id === 'number' && typeof c.external_id === 'string' && c.external_id !== ''
}

/** A recipe Workato stopped for a cause (§4.2 `stop_cause`); it stays stopped until someone starts it. */
export function isStoppedByCause(r: HealthRecipeFields): boolean {
  return !r.running && typeof r.stop_cause === 'string' && r.stop_cause !== ''
}

/** The connections bound in a running recipe's `config[].account_id` (§4.3), each with the running recipes using it. */
export function connectionsInUse<R extends HealthRecipeFields>(recipes: Iterable<R>): Map<number, R[]> {
  const users = new Map<number, R[]>()
  for (const r of recipes) {
    if (!r.running) continue
    for (const slot of r.config ?? []) {
      if (typeof slot.account_id !== 'number') continue
      const list = users.get(slot.account_id) ?? []
      if (!list.includes(r)) list.push(r)
      users.set(slot.account_id, list)
    }
  }
  return users
}
