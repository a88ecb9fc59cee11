import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Job } from '@shared/domain/workato'
import type { AppErrorData } from '@shared/errors'
import { api, errorData as errorDataOf, errorMessage } from '@/bridge'
import type { CustomerScope } from './connections'

export type JobStatus = 'succeeded' | 'failed' | 'pending'

/** Jobs of one recipe, newest first (reference §4.6), with a status filter and "load more" by offset job id. */
export const useJobsStore = defineStore('jobs', () => {
  const scope = ref<(CustomerScope & { recipeId: number }) | null>(null)
  const status = ref<JobStatus | null>(null)
  const items = ref<Job[]>([])
  const counts = ref<{ succeeded: number; failed: number; total: number } | null>(null)
  const loading = ref(false)
  const loadingMore = ref(false)
  const hasMore = ref(false)
  const error = ref<string | null>(null)
  /** The error behind `error`, for its correlation id. */
  const errorData = ref<AppErrorData | null>(null)
  let seq = 0

  function sortNewestFirst(list: Job[]): Job[] {
    // The API already answers newest first; sorting again keeps the promise when pages are appended.
    return [...list].sort((a, b) => (b.started_at ?? '').localeCompare(a.started_at ?? ''))
  }

  async function load(s: CustomerScope & { recipeId: number }, st: JobStatus | null = status.value) {
    const mine = ++seq
    scope.value = { ...s }
    status.value = st
    loading.value = true
    error.value = null
    errorData.value = null
    try {
      const res = await api.jobs.list({ ...s, status: st ?? undefined })
      if (mine !== seq) return
      items.value = sortNewestFirst(res.items)
      counts.value = { succeeded: res.job_succeeded_count, failed: res.job_failed_count, total: res.job_count }
      hasMore.value = res.items.length > 0 && items.value.length < (st === 'succeeded' ? res.job_succeeded_count : st === 'failed' ? res.job_failed_count : res.job_count)
    } catch (e) {
      if (mine === seq) {
        error.value = errorMessage(e)
        errorData.value = errorDataOf(e)
        items.value = []
      }
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  async function loadMore() {
    const s = scope.value
    const last = items.value[items.value.length - 1]
    if (!s || !last) return
    const mine = seq
    loadingMore.value = true
    try {
      const res = await api.jobs.list({ ...s, status: status.value ?? undefined, offsetJobId: last.id })
      if (mine !== seq) return
      const known = new Set(items.value.map((j) => j.id))
      const fresh = res.items.filter((j) => !known.has(j.id))
      items.value = sortNewestFirst([...items.value, ...fresh])
      hasMore.value = fresh.length > 0
    } catch (e) {
      error.value = errorMessage(e)
      errorData.value = errorDataOf(e)
    } finally {
      loadingMore.value = false
    }
  }

  async function setStatus(st: JobStatus | null) {
    if (scope.value) await load(scope.value, st)
    else status.value = st
  }

  function clear() {
    seq++
    scope.value = null
    items.value = []
    counts.value = null
    error.value = null
    errorData.value = null
    loading.value = false
  }

  return { scope, status, items, counts, loading, loadingMore, hasMore, error, errorData, load, loadMore, setStatus, clear }
})
