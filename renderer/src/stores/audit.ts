import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { AuditList, AuditQuery } from '@shared/contract/audit'
import { api } from '@/bridge'
import { errorMessage } from '@/lib/errors'

/**
 * The audit trail as the Audit screen shows it: core reads, verifies and filters the files on every load, so the
 * chain status is as of the last load. Rows are a shallowRef: thousands of lines, never edited in place.
 */
export const useAuditStore = defineStore('audit', () => {
  const list = shallowRef<AuditList | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const exporting = ref(false)
  const lastExport = ref<{ path: string; rows: number } | null>(null)
  const exportError = ref<string | null>(null)
  // Only the newest load may land: a slow read for an old query must not overwrite a newer one.
  let generation = 0

  async function load(query: AuditQuery) {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const res = await api.audit.list(query)
      if (mine === generation) list.value = res
    } catch (e) {
      if (mine === generation) error.value = errorMessage(e)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function exportCsv(query: AuditQuery) {
    exporting.value = true
    exportError.value = null
    try {
      const res = await api.audit.export(query)
      lastExport.value = { path: res.path, rows: res.rows }
    } catch (e) {
      exportError.value = errorMessage(e)
    } finally {
      exporting.value = false
    }
  }

  async function showInFolder(path: string): Promise<string> {
    return (await api.settings.showInFolder({ path })).path
  }

  return { list, loading, error, exporting, lastExport, exportError, load, exportCsv, showInFolder }
})
