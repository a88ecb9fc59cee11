import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppErrorData } from '@shared/errors'
import type { Recipe, RecipeStartResult } from '@shared/domain/workato'
import { api, errorMessage } from '@/api'
import type { CustomerScope } from './connections'

/** One customer's recipes (reference §4.3) and start/stop, whose config errors come back as readable problems. */
export const useRecipesStore = defineStore('recipes', () => {
  const scope = ref<CustomerScope | null>(null)
  const items = ref<Recipe[]>([])
  const fetchedAt = ref<string | null>(null)
  const stale = ref(false)
  const staleError = ref<AppErrorData | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  /** Recipe id → the problems of its last failed start, shown under the recipe until it starts. */
  const problems = ref<Record<number, string[]>>({})
  const busy = ref<Record<number, 'starting' | 'stopping'>>({})

  function sameScope(s: CustomerScope) {
    return scope.value?.profileId === s.profileId && scope.value.customerId === s.customerId
  }

  async function load(s: CustomerScope) {
    if (!sameScope(s)) {
      scope.value = { ...s }
      items.value = []
      problems.value = {}
      loaded.value = false
      fetchedAt.value = null
    }
    loading.value = true
    error.value = null
    try {
      const res = await api.recipes.list({ ...s })
      if (!sameScope(s)) return
      items.value = res.items
      fetchedAt.value = res.fetchedAt
      stale.value = res.stale
      staleError.value = res.error
      loaded.value = true
    } catch (e) {
      if (sameScope(s)) error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  async function reload() {
    if (scope.value) await load(scope.value)
  }

  function requireScope(): CustomerScope {
    if (!scope.value) throw new Error('No customer is open')
    return scope.value
  }

  async function run(recipeId: number, verb: 'start' | 'stop'): Promise<RecipeStartResult> {
    const s = requireScope()
    busy.value = { ...busy.value, [recipeId]: verb === 'start' ? 'starting' : 'stopping' }
    try {
      const res = verb === 'start' ? await api.recipes.start({ ...s, recipeId }) : await api.recipes.stop({ ...s, recipeId })
      const next = { ...problems.value }
      if (res.success) delete next[recipeId]
      else next[recipeId] = res.problems.length ? res.problems : [`Workato refused to ${verb} the recipe but gave no reason.`]
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

  return { scope, items, fetchedAt, stale, staleError, loading, loaded, error, problems, busy, load, reload, start, stop, dismissProblems }
})
