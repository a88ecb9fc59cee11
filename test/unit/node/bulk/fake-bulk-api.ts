/** A fake of the client slice a bulk action uses (`BulkApi`): recipes in memory, every call counted. */
import { appError } from '../../../../shared/errors'
import type { Connection, Recipe, RecipeStartResult } from '../../../../shared/domain/workato'
import type { BulkApi } from '../../../../electron/core/bulk/api-port'

export interface FakeRecipe {
  customerId: number
  id: number
  name: string
  running: boolean
  /** Connection id bound to its one slot (null: unbound). */
  accountId: number | null
}

export function recipeOf(r: FakeRecipe): Recipe {
  return {
    id: r.id,
    name: r.name,
    running: r.running,
    stop_cause: null,
    config: [{ keyword: 'application', name: 'salesforce', provider: 'salesforce', skip_validation: false, account_id: r.accountId }],
  } as Recipe
}

export class FakeBulkApi {
  readonly recipes = new Map<number, FakeRecipe>()
  readonly connections = new Map<number, Connection[]>()
  readonly calls: string[] = []
  /** Errors thrown by the next start/stop calls, in order (then the call behaves normally). */
  readonly actionErrors: unknown[] = []
  /** Runs before a start/stop is carried out (e.g. to press Stop mid-run); may return a replacement behaviour. */
  beforeAction?: (recipeId: number, signal?: AbortSignal) => Promise<void> | void

  add(r: FakeRecipe, connected = true): this {
    this.recipes.set(r.id, r)
    if (r.accountId !== null) {
      const list = this.connections.get(r.customerId) ?? []
      list.push({
        id: r.accountId,
        name: `SF ${r.accountId}`,
        provider: 'salesforce',
        authorization_status: connected ? 'success' : 'failed',
      } as Connection)
      this.connections.set(r.customerId, list)
    }
    return this
  }

  count(prefix: string): number {
    return this.calls.filter((c) => c === prefix).length
  }

  api(): BulkApi {
    const find = (id: number) => {
      const r = this.recipes.get(id)
      if (!r) throw appError('not_found', `no recipe ${id}`)
      return r
    }
    const act = async (recipeId: number, action: 'start' | 'stop', signal?: AbortSignal): Promise<RecipeStartResult> => {
      this.calls.push(`${action} ${recipeId}`)
      const err = this.actionErrors.shift()
      if (err) throw err
      await this.beforeAction?.(recipeId, signal)
      const r = find(recipeId)
      if (action === 'stop') {
        r.running = false
        return { success: true, problems: [] }
      }
      const conn = (this.connections.get(r.customerId) ?? []).find((c) => c.id === r.accountId)
      if (!conn || conn.authorization_status !== 'success') {
        const config_errors = [[1, [['salesforce', r.accountId, 'Salesforce is not connected']]]]
        return { success: false, problems: ['Step 1 · Salesforce is not connected (connection 7)'], raw: { success: false, config_errors } }
      }
      r.running = true
      return { success: true, problems: [] }
    }
    return {
      listAllRecipes: async (customerId) => {
        this.calls.push(`list ${String(customerId)}`)
        return [...this.recipes.values()].filter((r) => r.customerId === customerId).map(recipeOf)
      },
      listConnections: async (customerId) => this.connections.get(Number(customerId)) ?? [],
      getRecipe: async (_c, recipeId) => {
        this.calls.push(`get ${recipeId}`)
        return recipeOf(find(recipeId))
      },
      startRecipe: (_c, recipeId, signal) => act(recipeId, 'start', signal),
      stopRecipe: (_c, recipeId, signal) => act(recipeId, 'stop', signal),
    } as BulkApi
  }
}

/** An injected clock: sleeping moves time forward at once and remembers why. */
export function fakeClock(start = 1_700_000_000_000) {
  let t = start
  const slept: number[] = []
  return {
    slept,
    now: () => t,
    advance: (ms: number) => {
      t += ms
    },
    sleep: async (ms: number, signal: AbortSignal) => {
      if (signal.aborted) throw appError('cancelled', 'Cancelled.')
      slept.push(ms)
      t += ms
      await Promise.resolve()
      if (signal.aborted) throw appError('cancelled', 'Cancelled.')
    },
  }
}
