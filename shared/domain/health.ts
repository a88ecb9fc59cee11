/**
 * A customer's health, derived from what two list calls return (connections §3.3, recipes §4.3) and the
 * customer record (§2.4). Pure, so core's sweep, the renderer and the tests all run the same rules.
 */
import { z } from 'zod'
import {
  connectionsInUse,
  healthKindSchema,
  inUseConnectionKind,
  isRuntimeUserConnection,
  isStoppedByCause,
  isTaskUsageNearLimit,
  problemKey,
  type HealthKind,
} from './health-kinds'
import { isConnected, type Connection, type Customer, type Recipe } from './workato'

export const severities = ['critical', 'high', 'medium', 'low'] as const
export const severitySchema = z.enum(severities)
export type Severity = z.infer<typeof severitySchema>
/** Lower is worse: the order the triage view sorts by. */
export const severityRank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 }

/** The customer tab a problem opens (`/customers/:id?tab=…`, with `recipe` for the Jobs tab). */
export const problemTabSchema = z.enum(['connections', 'recipes', 'jobs'])

export const problemSchema = z.object({
  /** Stable across sweeps: kind, customer and target (`problemKey`, the same key the Sandbox's truth uses). */
  key: z.string(),
  kind: healthKindSchema,
  severity: severitySchema,
  customerId: z.number().int(),
  customerName: z.string(),
  plan: z.string().nullable(),
  targetType: z.enum(['connection', 'recipe', 'customer']),
  targetId: z.number().int(),
  targetName: z.string(),
  provider: z.string().nullable(),
  /** When it began, from Workato's own timestamps where it has one (lost at, stopped at), else when first seen. */
  since: z.string(),
  /** When the console first saw it (kept from one check of the customer to the next). */
  firstSeenAt: z.string(),
  sentence: z.string(),
  tab: problemTabSchema,
  /** Recipes the problem is about (the stopped recipe, the running recipes using a broken connection). */
  recipeIds: z.array(z.number().int()),
})
export type Problem = z.infer<typeof problemSchema>

export interface HealthInput {
  customer: Pick<Customer, 'id' | 'name' | 'plan_id' | 'in_trial'> & { task_count?: unknown; task_limit?: unknown }
  connections: readonly Connection[]
  recipes: readonly Recipe[]
  /** `job_failed_count` per running recipe at the previous check, or null on a customer's first check. */
  previousFailed: ReadonlyMap<number, number> | null
  /** Problems of the previous check, so `firstSeenAt` carries over. */
  previous?: readonly Pick<Problem, 'key' | 'firstSeenAt'>[]
  /** ISO time of this check. */
  now: string
}

const stopCauseWords: Record<string, string> = {
  trigger_errors_limit: 'its trigger failed too many times in a row',
  action_quota_limit: 'the action quota was used up',
  trial_expired: 'the trial expired',
  txn_quota_limit: 'the task (transaction) quota was used up',
}

function names(list: readonly { name: string }[]): string {
  const n = list.map((r) => `"${r.name}"`)
  return n.length > 3 ? `${n.slice(0, 3).join(', ')} and ${n.length - 3} more` : n.join(', ')
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** Every problem of one customer, worst first. */
export function deriveProblems(input: HealthInput): Problem[] {
  const { customer, now } = input
  const seen = new Map((input.previous ?? []).map((p) => [p.key, p.firstSeenAt]))
  const out: Problem[] = []
  const base = { customerId: customer.id, customerName: customer.name, plan: customer.plan_id ?? null }
  const add = (p: Omit<Problem, 'key' | 'firstSeenAt' | 'since' | 'customerId' | 'customerName' | 'plan'> & { since?: string | null }) => {
    const key = problemKey({ kind: p.kind, customerId: customer.id, targetType: p.targetType, targetId: p.targetId })
    const firstSeenAt = seen.get(key) ?? now
    out.push({ ...base, ...p, key, firstSeenAt, since: p.since ?? firstSeenAt })
  }

  const byId = new Map(input.connections.map((c) => [c.id, c]))
  // A connection a running recipe is bound to (§4.3 config[].account_id) that is not authorised (§3.3).
  for (const [connectionId, recipes] of connectionsInUse(input.recipes)) {
    const c = byId.get(connectionId)
    const kind = c ? inUseConnectionKind(c) : null
    if (!c || !kind) continue
    const lost = kind === 'connection_lost_in_use'
    const uses = `${recipes.length === 1 ? 'A running recipe uses it' : `${recipes.length} running recipes use it`}: ${names(recipes)}.`
    const why = c.connection_lost_reason ?? c.authorization_error
    add({
      kind,
      severity: 'critical',
      targetType: 'connection',
      targetId: c.id,
      targetName: c.name,
      provider: c.provider,
      since: lost ? c.connection_lost_at : null,
      sentence: lost
        ? `Connection "${c.name}" was lost${why ? ` (${why})` : ''}. ${uses}`
        : `Connection "${c.name}" is not authorised${why ? ` (${why})` : ''}. ${uses}`,
      tab: 'connections',
      recipeIds: recipes.map((r) => r.id),
    })
  }

  // A default connection that is not authorised while runtime user connections (§9: children tagged with an
  // end user's external id) depend on it: recipes running for those users cannot run.
  const children = new Map<number, number>()
  for (const c of input.connections) if (isRuntimeUserConnection(c) && c.parent_id) children.set(c.parent_id, (children.get(c.parent_id) ?? 0) + 1)
  for (const [parentId, count] of children) {
    const parent = byId.get(parentId)
    if (!parent || isConnected(parent)) continue
    add({
      kind: 'default_connection_unauthorized_for_runtime_users',
      severity: 'high',
      targetType: 'connection',
      targetId: parent.id,
      targetName: parent.name,
      provider: parent.provider,
      since: parent.connection_lost_at ?? null,
      sentence: `Default connection "${parent.name}" is not authorised while ${count} runtime user connection${count === 1 ? '' : 's'} depend on it.`,
      tab: 'connections',
      recipeIds: [],
    })
  }

  for (const r of input.recipes) {
    // A recipe Workato stopped for a cause (§4.2 stop_cause values): it stays stopped until someone starts it.
    if (isStoppedByCause(r) && r.stop_cause) {
      const cause = stopCauseWords[r.stop_cause] ?? `stop cause "${r.stop_cause}"`
      add({
        kind: 'recipe_stopped_by_cause',
        severity: 'high',
        targetType: 'recipe',
        targetId: r.id,
        targetName: r.name,
        provider: r.trigger_application ?? r.config?.[0]?.provider ?? null,
        since: r.stopped_at ?? null,
        sentence: `Recipe "${r.name}" was stopped by Workato because ${cause} (${r.stop_cause}).`,
        tab: 'recipes',
        recipeIds: [r.id],
      })
    }
    // Failed jobs that appeared since the previous check: a lifetime count is only news when it grows.
    const before = input.previousFailed?.get(r.id)
    const failed = r.job_failed_count
    if (r.running && before !== undefined && typeof failed === 'number' && failed > before) {
      const n = failed - before
      add({
        kind: 'failed_jobs_rising',
        severity: 'medium',
        targetType: 'recipe',
        targetId: r.id,
        targetName: r.name,
        provider: r.trigger_application ?? r.config?.[0]?.provider ?? null,
        sentence: `Recipe "${r.name}" has ${n} new failed job${n === 1 ? '' : 's'} since the last check (${before} → ${failed}).`,
        tab: 'jobs',
        recipeIds: [r.id],
      })
    }
  }

  const count = num(customer.task_count)
  const limit = num(customer.task_limit)
  if (count !== null && limit !== null && isTaskUsageNearLimit(customer)) {
    const pct = Math.floor((count / limit) * 100)
    add({
      kind: 'task_usage_near_limit',
      severity: count >= limit ? 'critical' : 'medium',
      targetType: 'customer',
      targetId: customer.id,
      targetName: customer.name,
      provider: null,
      sentence: `${customer.name} has used ${count.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} tasks (${pct} %); recipes stop with txn_quota_limit at the limit.`,
      tab: 'recipes',
      recipeIds: [],
    })
  }

  // Workato's customer record says whether a customer is in a trial (§2.4 in_trial) but carries no end date,
  // so every customer in a trial is listed, at low severity: its recipes stop with trial_expired when it ends.
  if (customer.in_trial === true) {
    add({
      kind: 'trial_ending',
      severity: 'low',
      targetType: 'customer',
      targetId: customer.id,
      targetName: customer.name,
      provider: null,
      sentence: `${customer.name} is in a trial; Workato gives no end date (in_trial only), and recipes stop with trial_expired when it ends.`,
      tab: 'recipes',
      recipeIds: [],
    })
  }

  return out.sort((a, b) => severityRank[a.severity] - severityRank[b.severity])
}

/** The failed-job counts to compare with at the next check: running recipes only. */
export function failedCounts(recipes: readonly Recipe[]): [number, number][] {
  return recipes.filter((r) => r.running && typeof r.job_failed_count === 'number').map((r) => [r.id, r.job_failed_count ?? 0])
}

export const healthKindLabels: Record<HealthKind, string> = {
  connection_unauthorized_in_use: 'Connection not authorised, in use',
  connection_lost_in_use: 'Connection lost, in use',
  recipe_stopped_by_cause: 'Recipe stopped by Workato',
  failed_jobs_rising: 'Failed jobs rising',
  task_usage_near_limit: 'Task usage near the limit',
  trial_ending: 'In a trial',
  default_connection_unauthorized_for_runtime_users: 'Default connection down, runtime users depend on it',
}
