/**
 * The triage view's filter, sort and grouping over every problem of the fleet (the fleet store runs them):
 * plain functions over a plain array, so 10,000 problems re-filter within a frame (the bench's `fleet` section).
 */
import { healthKinds, type HealthKind } from './health-kinds'
import { severityRank, type Problem } from './health'

export interface TriageFilters {
  kinds: HealthKind[]
  providers: string[]
  plans: string[]
  /** Only problems at least this old (days since `since`); null = any age. */
  minAgeDays: number | null
  /** Only problems first seen after the customer's previous check ("what changed since the last sweep"). */
  changedOnly: boolean
}
export const emptyFilters = (): TriageFilters => ({ kinds: [], providers: [], plans: [], minAgeDays: null, changedOnly: false })

export type TriageSortKey = 'severity' | 'age'
export interface TriageSort {
  key: TriageSortKey
  order: 'ascend' | 'descend'
}

const DAY = 86_400_000

/** Parsed `since` per problem object: a re-sort or re-filter of the same problems parses nothing again. */
const sinceMs = new WeakMap<Problem, number>()
function since(p: Problem): number {
  let t = sinceMs.get(p)
  if (t === undefined) {
    t = Date.parse(p.since)
    sinceMs.set(p, t)
  }
  return t
}

/**
 * Keys of the problems first seen after their customer's previous check: "what changed since the last check".
 * A customer checked once has no previous check, so nothing of it counts as changed.
 */
export function changedKeys(
  problems: readonly Pick<Problem, 'key' | 'customerId' | 'firstSeenAt'>[],
  previousCheckedAt: (customerId: number) => string | null | undefined,
): Set<string> {
  const out = new Set<string>()
  for (const p of problems) {
    const before = previousCheckedAt(p.customerId)
    if (before && p.firstSeenAt > before) out.add(p.key)
  }
  return out
}

/**
 * The recipes to hand to the bulk screen from a triage selection: only the checked stopped-by-cause problems (the
 * one kind a start fixes), in the order shown, each recipe once.
 */
export function stoppedRecipeTargets(
  shown: readonly Pick<Problem, 'key' | 'kind' | 'customerId' | 'targetId'>[],
  checked: ReadonlySet<string | number>,
): { customerId: number; recipeId: number }[] {
  const out: { customerId: number; recipeId: number }[] = []
  const seen = new Set<number>()
  for (const p of shown) {
    if (p.kind !== 'recipe_stopped_by_cause' || !checked.has(p.key) || seen.has(p.targetId)) continue
    seen.add(p.targetId)
    out.push({ customerId: p.customerId, recipeId: p.targetId })
  }
  return out
}

export function filterProblems(all: readonly Problem[], f: TriageFilters, changed: ReadonlySet<string>, now: number): Problem[] {
  const kinds = f.kinds.length ? new Set(f.kinds) : null
  const providers = f.providers.length ? new Set(f.providers) : null
  const plans = f.plans.length ? new Set(f.plans) : null
  const before = f.minAgeDays === null ? null : now - f.minAgeDays * DAY
  return all.filter(
    (p) =>
      (!kinds || kinds.has(p.kind)) &&
      (!providers || providers.has(p.provider ?? '')) &&
      (!plans || plans.has(p.plan ?? '')) &&
      (before === null || since(p) <= before) &&
      (!f.changedOnly || changed.has(p.key)),
  )
}

/**
 * Severity first, oldest first within a severity (and the other way round for age); ties by customer. Each row
 * gets one numeric key first, so the sort compares numbers, not dates (10,000 rows within a frame).
 */
export function sortProblems(rows: readonly Problem[], s: TriageSort): Problem[] {
  const dir = s.order === 'ascend' ? 1 : -1
  const key = new Float64Array(rows.length)
  rows.forEach((p, i) => {
    const rank = severityRank[p.severity]
    // Dates in ms are below 1e13 and ranks below 4: both orders fit a float64 exactly.
    key[i] = s.key === 'severity' ? dir * rank * 1e13 + since(p) : -dir * since(p) * 4 + rank
  })
  const order = rows.map((_, i) => i)
  order.sort((a, b) => {
    const d = (key[a] ?? 0) - (key[b] ?? 0)
    if (d) return d
    const pa = rows[a]
    const pb = rows[b]
    return pa && pb ? pa.customerId - pb.customerId || pa.targetId - pb.targetId : 0
  })
  return order.flatMap((i) => {
    const p = rows[i]
    return p ? [p] : []
  })
}

export interface ProblemGroup {
  kind: HealthKind
  rows: Problem[]
}

/** One group per kind (in the order of `healthKinds`), keeping the rows' order inside each. */
export function groupByKind(rows: readonly Problem[]): ProblemGroup[] {
  const by = new Map<HealthKind, Problem[]>()
  for (const p of rows) {
    const list = by.get(p.kind)
    if (list) list.push(p)
    else by.set(p.kind, [p])
  }
  return healthKinds.flatMap((kind) => {
    const list = by.get(kind)
    return list ? [{ kind, rows: list }] : []
  })
}

/** Where a problem is looked at: the customer's tab, and for failed jobs the recipe's job list. */
export function problemLocation(p: Problem): { name: 'customer'; params: { id: string }; query: Record<string, string> } {
  const query: Record<string, string> = { tab: p.tab }
  if (p.tab === 'jobs' && p.targetType === 'recipe') query.recipe = String(p.targetId)
  return { name: 'customer', params: { id: String(p.customerId) }, query }
}
