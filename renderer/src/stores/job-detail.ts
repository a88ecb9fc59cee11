import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { Job } from '@shared/domain/workato'
import { api } from '@/bridge'
import { useAsyncState } from '@/composables/use-async-state'
import type { CustomerScope } from './connections'

export type JobRef = CustomerScope & { recipeId: number; jobId: string }

/** One job with its error parts (`jobs:get`, §4.6), and the recipe's name to show it under. */
export const useJobDetailStore = defineStore('job-detail', () => {
  const state = useAsyncState(async (ref: JobRef): Promise<{ ref: JobRef; job: Job; recipeName: string | null }> => {
    const job = await api.jobs.get({ ...ref })
    // The recipe's name is context, not the point: the job shows without it when the read fails.
    const recipe = await api.recipes.get({ profileId: ref.profileId, customerId: ref.customerId, recipeId: ref.recipeId }).catch(() => null)
    return { ref, job, recipeName: recipe?.name ?? null }
  })
  const job = computed(() => state.data.value?.job ?? null)
  const recipeName = computed(() => state.data.value?.recipeName ?? null)

  function load(ref: JobRef) {
    state.data.value = null
    return state.run(ref)
  }

  return { job, recipeName, loading: state.loading, error: state.error, errorData: state.errorData, load }
})
