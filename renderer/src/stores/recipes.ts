import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Recipe, RecipeStartResult } from '@shared/domain/workato'
import { api } from '@/bridge'
import { useCustomerList, type CustomerScope } from '@/composables/use-customer-list'

/** What a refused start or stop says when Workato listed no problem: one sentence for every screen. */
export function refusalProblems(res: RecipeStartResult, verb: 'start' | 'stop'): string[] {
  return res.problems.length ? res.problems : [`Workato refused to ${verb} the recipe but gave no reason.`]
}

/** One customer's recipes (reference §4.3) and start/stop, whose config errors come back as readable problems. */
export const useRecipesStore = defineStore('recipes', () => {
  /** Recipe id → the problems of its last failed start, shown under the recipe until it starts. */
  const problems = ref<Record<number, string[]>>({})
  const busy = ref<Record<number, 'starting' | 'stopping'>>({})
  const list = useCustomerList<Recipe>(
    (s) => api.recipes.list({ ...s }),
    () => (problems.value = {}),
  )
  const { scope, items, fetchedAt, stale, staleError, loading, loaded, error, errorData, load, reload, requireScope } = list

  /**
   * The one way any screen starts a recipe (the Recipes tab, the activation checklist): the API's answer with a
   * refusal's problems always filled in (`refusalProblems`).
   */
  async function startIn(s: CustomerScope, recipeId: number): Promise<RecipeStartResult> {
    const res = await api.recipes.start({ ...s, recipeId })
    return res.success ? res : { ...res, problems: refusalProblems(res, 'start') }
  }

  async function run(recipeId: number, verb: 'start' | 'stop'): Promise<RecipeStartResult> {
    const s = requireScope()
    busy.value = { ...busy.value, [recipeId]: verb === 'start' ? 'starting' : 'stopping' }
    try {
      const res = verb === 'start' ? await startIn(s, recipeId) : await api.recipes.stop({ ...s, recipeId })
      const next = { ...problems.value }
      if (res.success) delete next[recipeId]
      else next[recipeId] = refusalProblems(res, verb)
      problems.value = next
      if (res.success) await refreshOne(recipeId)
      return res
    } finally {
      const b = { ...busy.value }
      delete b[recipeId]
      busy.value = b
    }
  }

  /** Re-reads one recipe so its running state and stop cause are the API's, not a guess. */
  async function refreshOne(recipeId: number) {
    const s = requireScope()
    try {
      const r = await api.recipes.get({ ...s, recipeId })
      items.value = items.value.map((x) => (x.id === recipeId ? r : x))
    } catch {
      await reload()
    }
  }

  const start = (recipeId: number) => run(recipeId, 'start')
  const stop = (recipeId: number) => run(recipeId, 'stop')
  function dismissProblems(recipeId: number) {
    const next = { ...problems.value }
    delete next[recipeId]
    problems.value = next
  }

  return {
    scope,
    items,
    fetchedAt,
    stale,
    staleError,
    loading,
    loaded,
    error,
    errorData,
    problems,
    busy,
    load,
    reload,
    start,
    startIn,
    stop,
    dismissProblems,
  }
})
