import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '@/bridge'
import { useAsyncState } from '@/composables/use-async-state'
import type { CustomerScope } from './connections'

/** A customer's folders, nested ones too (reference §5.1), for the folder pickers (new connection, onboarding). */
export const useFoldersStore = defineStore('folders', () => {
  const key = ref<string | null>(null)
  // The latest customer's answer wins; a late one for the customer before is dropped.
  const latest = useAsyncState((s: CustomerScope) => api.folders.list({ ...s }))
  const { loading, error } = latest
  const items = computed(() => latest.data.value?.folders ?? [])
  /** Core stopped walking a very large or deep tree: the picker says so. */
  const truncated = computed(() => latest.data.value?.truncated ?? false)

  async function load(s: CustomerScope) {
    const k = `${s.profileId}/${s.customerId}`
    if (key.value !== k) latest.data.value = null
    key.value = k
    await latest.run(s)
  }

  return { items, truncated, loading, error, load }
})
