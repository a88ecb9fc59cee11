import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Folder } from '@shared/domain/workato'
import { api, errorMessage } from '@/bridge'
import type { CustomerScope } from './connections'

/** A customer's folders, nested ones too (reference §5.1), for the "create connection" form's folder picker. */
export const useFoldersStore = defineStore('folders', () => {
  const key = ref<string | null>(null)
  const items = ref<Folder[]>([])
  /** Core stopped walking a very large or deep tree: the picker says so. */
  const truncated = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)

  async function load(s: CustomerScope) {
    const k = `${s.profileId}/${s.customerId}`
    if (key.value !== k) {
      items.value = []
      truncated.value = false
    }
    key.value = k
    loading.value = true
    error.value = null
    try {
      const res = await api.folders.list({ ...s })
      if (key.value === k) {
        items.value = res.folders
        truncated.value = res.truncated
      }
    } catch (e) {
      if (key.value === k) error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  return { items, truncated, loading, error, load }
})
