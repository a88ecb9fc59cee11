import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { locateTask, type LocateAnswer, type SearchAnswer, type SearchKind, type SearchResult } from '@shared/contract/search'
import { SEARCH_LIMITS } from '@shared/contract/limits'
import { api, onEvent } from '@/bridge'
import { useAsyncState } from '@/composables/use-async-state'

/** Kinds in the order the global search shows their groups. */
export const SEARCH_GROUPS: { kind: SearchKind; label: string }[] = [
  { kind: 'customer', label: 'Customers' },
  { kind: 'connection', label: 'Connections' },
  { kind: 'recipe', label: 'Recipes' },
  { kind: 'job', label: 'Jobs' },
]

/**
 * Global search (Ctrl/Cmd+K) over core's cache (`search:query`), and the look-ups a deep link needs when it names a
 * connection or recipe without its customer (`search:locate`, with the progress it reports and a Cancel).
 */
export const useSearchStore = defineStore('search', () => {
  const latest = useAsyncState((q: { profileId: string; query: string }) => api.search.query({ ...q, limit: SEARCH_LIMITS.defaultResults }))
  const answer = computed<SearchAnswer | null>(() => latest.data.value)

  /** Runs a search; an empty or over-long query clears the answer instead of asking core. */
  async function query(profileId: string, text: string): Promise<void> {
    const q = text.trim()
    if (!q || q.length > SEARCH_LIMITS.query) {
      latest.cancel()
      latest.data.value = null
      return
    }
    await latest.run({ profileId, query: q })
  }

  function grouped(results: readonly SearchResult[]): { kind: SearchKind; label: string; items: SearchResult[] }[] {
    return SEARCH_GROUPS.map((g) => ({ ...g, items: results.filter((r) => r.kind === g.kind) })).filter((g) => g.items.length)
  }

  /** The look-up in flight (one at a time: a new deep link replaces the one before). */
  const lookup = ref<{ id: string; kind: 'connection' | 'recipe'; target: number; label: string } | null>(null)

  async function locate(profileId: string, kind: 'connection' | 'recipe', target: number): Promise<LocateAnswer> {
    if (lookup.value) await cancelLocate()
    const id = `look-${crypto.randomUUID()}`
    lookup.value = { id, kind, target, label: `Looking up ${kind} ${target} in the cached lists…` }
    const off = onEvent('progress', (p) => {
      if (p.task === locateTask(id) && lookup.value?.id === id) lookup.value = { ...lookup.value, label: `${p.label}…` }
    })
    try {
      return await api.search.locate({ profileId, kind, id: target, lookupId: id })
    } finally {
      off()
      if (lookup.value?.id === id) lookup.value = null
    }
  }

  async function cancelLocate(): Promise<void> {
    const current = lookup.value
    if (!current) return
    lookup.value = null
    await api.search.cancelLocate({ lookupId: current.id }).catch(() => ({ cancelled: false }))
  }

  return {
    answer,
    loading: latest.loading,
    error: latest.error,
    errorData: latest.errorData,
    query,
    grouped,
    lookup,
    locate,
    cancelLocate,
  }
})
