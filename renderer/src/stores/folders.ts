import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Folder } from '@shared/domain/workato'
import { api, errorMessage } from '@/api'
import type { CustomerScope } from './connections'

/** A customer's folders (reference §5.1), for the "create connection" form's folder picker. */
export const useFoldersStore = defineStore('folders', () => {
  const key = ref<string | null>(null)
  const items = ref<Folder[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)

  async function load(s: CustomerScope) {
    const k = `${s.profileId}/${s.customerId}`
    if (key.value !== k) items.value = []
    key.value = k
    loading.value = true
    error.value = null
    try {
      const list = await api.folders.list({ ...s })
      if (key.value === k) items.value = list
    } catch (e) {
      if (key.value === k) error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  /** "Home / Sales ops" style paths, so two folders with one name can be told apart. */
  function pathOf(id: number): string {
    const byId = new Map(items.value.map((f) => [f.id, f]))
    const parts: string[] = []
    let cur = byId.get(id)
    for (let guard = 0; cur && guard < 20; guard++) {
      parts.unshift(cur.name)
      cur = cur.parent_id != null ? byId.get(cur.parent_id) : undefined
    }
    return parts.join(' / ')
  }

  return { items, loading, error, load, pathOf }
})
