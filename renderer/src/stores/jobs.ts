import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Job, JobStatus } from '@shared/domain/workato'
import type { FailedJob, FailedJobsCursor, FailedJobsPage } from '@shared/contract/jobs'
import { api } from '@/bridge'
import { errorData as errorDataOf, errorMessage } from '@/lib/errors'
import { useAsyncState } from '@/composables/use-async-state'
import type { CustomerScope } from './connections'

/** The Jobs tab's two lists: one recipe's jobs, or the customer's failed jobs across every recipe. */
export type JobsMode = 'recipe' | 'failed'

/**
 * Jobs of one recipe, newest first (reference §4.6), with a status filter and "load more" by offset job id; and the
 * customer's failed jobs across every recipe (`jobs:failed`), paged with the cursor core hands back.
 */
export const useJobsStore = defineStore('jobs', () => {
  // Shallow, so each load's scope object is itself: a page or answer for an older one is recognised and dropped.
  const scope = shallowRef<(CustomerScope & { recipeId: number }) | null>(null)
  const status = ref<JobStatus | null>(null)
  const items = ref<Job[]>([])
  const counts = ref<{ succeeded: number; failed: number; total: number } | null>(null)
  const loadingMore = ref(false)
  const hasMore = ref(false)
  // The latest load wins (a status or recipe picked while one is in flight drops the older answer).
  const latest = useAsyncState((q: { s: CustomerScope & { recipeId: number }; st: JobStatus | null }) =>
    api.jobs.list({ ...q.s, status: q.st ?? undefined }),
  )
  const { loading, error, errorData } = latest

  function sortNewestFirst(list: Job[]): Job[] {
    // The API already answers newest first; sorting again keeps the promise when pages are appended.
    return [...list].sort((a, b) => (b.started_at ?? '').localeCompare(a.started_at ?? ''))
  }

  async function load(s: CustomerScope & { recipeId: number }, st: JobStatus | null = status.value) {
    const at = { ...s }
    scope.value = at
    status.value = st
    const res = await latest.run({ s, st })
    if (scope.value !== at) return
    if (!res) {
      if (error.value) items.value = []
      return
    }
    items.value = sortNewestFirst(res.items)
    counts.value = { succeeded: res.job_succeeded_count, failed: res.job_failed_count, total: res.job_count }
    hasMore.value =
      res.items.length > 0 &&
      items.value.length < (st === 'succeeded' ? res.job_succeeded_count : st === 'failed' ? res.job_failed_count : res.job_count)
  }

  async function loadMore() {
    const s = scope.value
    const last = items.value[items.value.length - 1]
    if (!s || !last) return
    loadingMore.value = true
    try {
      const res = await api.jobs.list({ ...s, status: status.value ?? undefined, offsetJobId: last.id })
      // A load (or clear) since then replaced the scope object: this page belongs to a list no longer shown.
      if (scope.value !== s) return
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
    latest.cancel()
    scope.value = null
    items.value = []
    counts.value = null
    error.value = null
    errorData.value = null
  }

  // ---------------------------------------------------------------- failed, all recipes
  const failedScope = shallowRef<CustomerScope | null>(null)
  const failedItems = shallowRef<FailedJob[]>([])
  const failedCursor = shallowRef<FailedJobsCursor | null>(null)
  const failedProblems = shallowRef<FailedJobsPage['problems']>([])
  const recipesWithFailures = ref<number | null>(null)
  const failedLoadingMore = ref(false)
  const failed = useAsyncState((s: CustomerScope) => api.jobs.failed({ ...s }))

  async function loadFailed(s: CustomerScope) {
    const at = { ...s }
    failedScope.value = at
    failedItems.value = []
    failedCursor.value = null
    failedProblems.value = []
    recipesWithFailures.value = null
    const res = await failed.run(at)
    if (failedScope.value !== at || !res) return
    failedItems.value = res.items
    failedCursor.value = res.cursor
    failedProblems.value = res.problems
    recipesWithFailures.value = res.recipesWithFailures
  }

  async function loadMoreFailed() {
    const s = failedScope.value
    const cursor = failedCursor.value
    if (!s || !cursor) return
    failedLoadingMore.value = true
    try {
      const res = await api.jobs.failed({ ...s, cursor })
      if (failedScope.value !== s) return
      const known = new Set(failedItems.value.map((i) => `${i.recipeId}:${i.job.id}`))
      failedItems.value = [...failedItems.value, ...res.items.filter((i) => !known.has(`${i.recipeId}:${i.job.id}`))]
      failedCursor.value = res.cursor
      failedProblems.value = [...failedProblems.value, ...res.problems]
    } catch (e) {
      failed.error.value = errorMessage(e)
      failed.errorData.value = errorDataOf(e)
    } finally {
      failedLoadingMore.value = false
    }
  }

  return {
    scope,
    status,
    items,
    counts,
    loading,
    loadingMore,
    hasMore,
    error,
    errorData,
    load,
    loadMore,
    setStatus,
    clear,
    failedItems,
    failedCursor,
    failedProblems,
    recipesWithFailures,
    failedLoading: failed.loading,
    failedLoadingMore,
    failedError: failed.error,
    failedErrorData: failed.errorData,
    loadFailed,
    loadMoreFailed,
  }
})
