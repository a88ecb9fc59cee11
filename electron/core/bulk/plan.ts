/**
 * The dry run of a bulk action: reads each customer involved once (its recipes, and for a start its connections)
 * and says, per target, what the run would do. Readiness is the activation checklist's rule (`checklistRecipe()`
 * in `electron/core/flows/checklist.ts`): a recipe starts only when every connector slot is bound to an authorised
 * connection (reference §4.3 `config[]`, §4.4 config errors). Nothing is changed.
 */
import pLimit from 'p-limit'
import { appError, isAppError } from '../../../shared/errors'
import type { BulkAction, BulkPlanRow, BulkSource, BulkVerdict } from '../../../shared/contract/bulk'
import { bulkVerdictSchema } from '../../../shared/contract/bulk'
import { BULK_LIMITS } from '../../../shared/contract/limits'
import type { Connection, Customer, Recipe } from '../../../shared/domain/workato'
import { checklistRecipe } from '../flows/checklist'
import type { BulkApi } from './api-port'

/** Customers read at once; the profile's pacer still decides when each call goes out. */
const PLAN_CONCURRENCY = 4

export interface PlanInput {
  api: BulkApi
  action: BulkAction
  source: BulkSource
  /** The cached customer directory (names, and the customers a search matches). */
  customers: readonly Customer[]
  signal: AbortSignal
  onProgress?: (done: number, total: number) => void
}

export interface PlanOutput {
  rows: BulkPlanRow[]
  counts: Record<BulkVerdict, number>
  customersFailed: number
  source: string
}

/** The Customers screen's search (renderer/src/lib/customer-search.ts): name, id or external id, case-insensitive. */
export function matchesCustomer(c: Pick<Customer, 'id' | 'name' | 'external_id'>, query: string): boolean {
  const q = query.trim().toLowerCase()
  if (!q) return true
  return [c.name, String(c.id), c.external_id ?? ''].some((f) => f.toLowerCase().includes(q))
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}

/** Which customers to read and, per customer, which recipe ids (null: every recipe the source selects). */
function selectCustomers(source: BulkSource, customers: readonly Customer[]): { ids: Map<number, Set<number> | null>; label: string } {
  if (source.kind === 'targets') {
    const ids = new Map<number, Set<number> | null>()
    for (const t of source.targets) {
      const set = ids.get(t.customerId) ?? new Set<number>()
      set.add(t.recipeId)
      ids.set(t.customerId, set)
    }
    return { ids, label: `${plural(source.targets.length, 'recipe')} handed over from a list` }
  }
  const matched = customers.filter((c) => matchesCustomer(c, source.customerQuery))
  if (!customers.length)
    throw appError('not_found', 'The customer directory has not been read yet, so there is nothing to search.', {
      hint: 'Open Customers and let the list load, then run the dry run again.',
    })
  if (!matched.length) throw appError('not_found', `No customer in the directory matches "${source.customerQuery}".`, { hint: 'Change the search.' })
  if (matched.length > BULK_LIMITS.planCustomers)
    throw appError(
      'validation',
      `${plural(matched.length, 'customer')} match; a dry run reads at most ${BULK_LIMITS.planCustomers.toLocaleString('en-US')} customers (two API calls each).`,
      { hint: 'Narrow the customer search, or pick the recipes in the triage view.' },
    )
  const ids = new Map<number, Set<number> | null>(matched.map((c) => [c.id, null]))
  const who = source.customerQuery
    ? `${plural(matched.length, 'customer')} matching "${source.customerQuery}"`
    : `all ${plural(matched.length, 'customer')}`
  if (source.kind === 'ready') return { ids, label: `every ready recipe of ${who}` }
  return { ids, label: source.recipeQuery ? `recipes named like "${source.recipeQuery}" of ${who}` : `every recipe of ${who}` }
}

function rowFor(action: BulkAction, customerName: string, customerId: number, recipe: Recipe, connections: Connection[] | null): BulkPlanRow {
  const base = {
    customerId,
    customerName,
    recipeId: recipe.id,
    recipeName: recipe.name,
    running: recipe.running,
    stopCause: recipe.stop_cause ?? null,
  }
  if (action === 'stop') return { ...base, ready: null, blockers: [], verdict: recipe.running ? 'act' : 'already' }
  const check = checklistRecipe(recipe, connections ?? [])
  const blockers = check.slots.flatMap((s) => (s.todo ? [s.todo] : []))
  const verdict: BulkVerdict = recipe.running ? 'already' : check.ready ? 'act' : 'not_ready'
  return { ...base, ready: check.ready, blockers, verdict }
}

export async function planBulk(input: PlanInput): Promise<PlanOutput> {
  const { api, action, source, signal } = input
  if (source.kind === 'ready' && action !== 'start') throw appError('validation', '"Every ready recipe" is a start; choose Start.')
  const names = new Map(input.customers.map((c) => [c.id, c.name]))
  const { ids, label } = selectCustomers(source, input.customers)
  const recipeQuery = source.kind === 'filter' ? source.recipeQuery.toLowerCase() : ''
  const total = ids.size
  let done = 0
  let customersFailed = 0
  input.onProgress?.(0, total)
  const limit = pLimit(PLAN_CONCURRENCY)
  const perCustomer = await Promise.all(
    [...ids.entries()].map(([customerId, wanted]) =>
      limit(async (): Promise<BulkPlanRow[]> => {
        if (signal.aborted) throw appError('cancelled', 'Dry run cancelled.')
        const customerName = names.get(customerId) ?? `Customer ${customerId}`
        let recipes: Recipe[]
        let connections: Connection[] | null = null
        try {
          ;[recipes, connections] = await Promise.all([
            api.listAllRecipes(customerId, {}, { signal }),
            action === 'start' ? api.listConnections(customerId, {}, signal) : Promise.resolve(null),
          ])
        } catch (e) {
          if (isAppError(e) && e.code === 'cancelled') throw e
          if (signal.aborted) throw appError('cancelled', 'Dry run cancelled.')
          customersFailed++
          const why = `Could not read this customer: ${e instanceof Error ? e.message : String(e)}`
          const rows = wanted ? [...wanted] : [0]
          return rows.map((recipeId) => ({
            customerId,
            customerName,
            recipeId,
            recipeName: recipeId ? `Recipe ${recipeId}` : '(every recipe)',
            running: null,
            stopCause: null,
            ready: null,
            blockers: [why],
            verdict: 'unreadable' as const,
          }))
        } finally {
          done++
          input.onProgress?.(done, total)
        }
        if (wanted) {
          const byId = new Map(recipes.map((r) => [r.id, r]))
          return [...wanted].map((recipeId) => {
            const r = byId.get(recipeId)
            if (r) return rowFor(action, customerName, customerId, r, connections)
            return {
              customerId,
              customerName,
              recipeId,
              recipeName: `Recipe ${recipeId}`,
              running: null,
              stopCause: null,
              ready: null,
              blockers: [`This customer has no recipe ${recipeId} (deleted, or the list was out of date).`],
              verdict: 'missing' as const,
            }
          })
        }
        const rows = recipes
          .filter((r) => !recipeQuery || r.name.toLowerCase().includes(recipeQuery))
          .map((r) => rowFor(action, customerName, customerId, r, connections))
        return source.kind === 'ready' ? rows.filter((r) => r.verdict === 'act') : rows
      }),
    ),
  )
  const rows = perCustomer.flat()
  const counts = Object.fromEntries(bulkVerdictSchema.options.map((v) => [v, 0])) as Record<BulkVerdict, number>
  for (const r of rows) counts[r.verdict]++
  return { rows, counts, customersFailed, source: label }
}
