import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { RecipeStartResult } from '@shared/domain/workato'
import { api } from '@/bridge'
import { useAsyncState } from '@/composables/use-async-state'
import type { CustomerScope } from './connections'
import { useRecipesStore } from './recipes'

/**
 * The activation checklist (reference §4.3, §4.4): every recipe of a customer with its connector slots, binding a
 * slot, and starting a recipe (through the recipes store's one start action), with a refused start's problems.
 */
export const useChecklistStore = defineStore('checklist', () => {
  const scope = ref<CustomerScope | null>(null)
  // The latest customer's checklist wins; a late answer for the customer before is dropped.
  const latest = useAsyncState((s: CustomerScope) => api.flows.checklist({ ...s }))
  const { data: checklist, loading, error } = latest
  /** Recipe id → the problems of its last refused start (§4.4 config errors in words). */
  const startProblems = ref<Record<number, string[]>>({})

  async function load(s: CustomerScope) {
    if (scope.value?.customerId !== s.customerId || scope.value.profileId !== s.profileId) {
      checklist.value = null
      startProblems.value = {}
    }
    scope.value = { ...s }
    await latest.run(s)
  }

  function forget(recipeId: number) {
    const next = { ...startProblems.value }
    delete next[recipeId]
    startProblems.value = next
  }

  async function bind(s: CustomerScope, recipeId: number, adapterName: string, choice: { connectionId: number } | { createShell: { name: string } }) {
    const res = await api.flows.bindSlot({ ...s, recipeId, adapterName, choice })
    // The last refusal described the old slots: start again to hear what is still missing.
    forget(recipeId)
    await load(s)
    return res
  }

  async function start(s: CustomerScope, recipeId: number): Promise<RecipeStartResult> {
    const res = await useRecipesStore().startIn(s, recipeId)
    // Re-check first: loading another customer's checklist resets the problems, and these belong to this one.
    await load(s)
    if (res.success) forget(recipeId)
    else startProblems.value = { ...startProblems.value, [recipeId]: res.problems }
    return res
  }

  return { scope, checklist, loading, error, startProblems, load, bind, start }
})
