import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Job, JobStatus } from '@shared/domain/workato'
import { api } from '@/bridge'
import { errorData as errorDataOf, errorMessage } from '@/lib/errors'
import { useAsyncState } from '@/composables/use-async-state'
import type { CustomerScope } from './connections'

/** Jobs of one recipe, newest first (reference §4.6), with a status filter and "load more" by offset job id. */
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

  return { scope, status, items, counts, loading, loadingMore, hasMore, error, errorData, load, loadMore, setStatus, clear }
})
