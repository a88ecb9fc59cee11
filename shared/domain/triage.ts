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

/** Severity first, oldest first within a severity (and the other way round for age); ties by customer. */
export function sortProblems(rows: readonly Problem[], s: TriageSort): Problem[] {
  const dir = s.order === 'ascend' ? 1 : -1
  const age = (a: Problem, b: Problem) => since(a) - since(b)
  const sev = (a: Problem, b: Problem) => severityRank[a.severity] - severityRank[b.severity]
  return rows.slice().sort((a, b) => {
    // "ascend" by age = youngest first; by severity = worst first.
    const primary = s.key === 'severity' ? dir * sev(a, b) || age(a, b) : -dir * age(a, b) || sev(a, b)
    return primary || a.customerId - b.customerId || a.targetId - b.targetId
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
