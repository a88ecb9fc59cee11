import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RerunResult } from '@shared/contract/jobs'
import { JOB_LIMITS } from '@shared/contract/limits'
import type { AppErrorData } from '@shared/errors'
import { api } from '@/bridge'
import { errorData as errorDataOf, errorMessage } from '@/lib/errors'
import type { CustomerScope } from './connections'

export interface RerunPick {
  recipeId: number
  recipeName: string
  jobId: string
}

/** How a selection goes out: one `repeat_jobs` request per recipe per 25 jobs, one request a second (§4.6). */
export function rerunPlan(picks: readonly RerunPick[]): { requests: number; recipes: number; tooMany: string | null } {
  const per = new Map<number, number>()
  for (const p of picks) per.set(p.recipeId, (per.get(p.recipeId) ?? 0) + 1)
  let requests = 0
  for (const n of per.values()) requests += Math.ceil(n / JOB_LIMITS.repeatPerRequest)
  const tooMany =
    picks.length > JOB_LIMITS.rerunJobs
      ? `${picks.length} jobs are selected; at most ${JOB_LIMITS.rerunJobs} can be re-run at once (Workato takes ${JOB_LIMITS.repeatPerRequest} per request, one request a second). Clear some and re-run the rest in a second batch.`
      : null
  return { requests, recipes: per.size, tooMany }
}

/** Re-runs (`jobs:rerun`): the latest batch's per-job result, or why it could not be sent at all. */
export const useJobRerunStore = defineStore('job-rerun', () => {
  const running = ref(false)
  const result = shallowRef<RerunResult | null>(null)
  /** The jobs of the latest batch, to name them beside their result. */
  const picks = shallowRef<RerunPick[]>([])
  const error = ref<string | null>(null)
  const errorData = ref<AppErrorData | null>(null)

  async function rerun(scope: CustomerScope, chosen: RerunPick[]): Promise<RerunResult | null> {
    running.value = true
    result.value = null
    error.value = null
    errorData.value = null
    picks.value = chosen
    try {
      const res = await api.jobs.rerun({ ...scope, jobs: chosen.map(({ recipeId, jobId }) => ({ recipeId, jobId })) })
      result.value = res
      return res
    } catch (e) {
      error.value = errorMessage(e)
      errorData.value = errorDataOf(e)
      return null
    } finally {
      running.value = false
    }
  }

  function dismiss() {
    result.value = null
    error.value = null
    errorData.value = null
    picks.value = []
  }

  return { running, result, picks, error, errorData, rerun, dismiss }
})
