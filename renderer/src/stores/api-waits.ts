import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { BACKGROUND_CALL_ID, parseApiWaitTask } from '@shared/contract/workato'
import { api, onEvent } from '@/bridge'
import { errorMessage } from '@/lib/errors'

export interface ApiWaitView {
  task: string
  profileId: string
  label: string
  /** When the wait ends, by this window's clock (core sends its length, not a time, so clocks never disagree). */
  endsAt: number
  /** A directory refresh started by itself has its own Cancel on the Customers screen. */
  cancellable: boolean
}

/**
 * Every wait an API call is in right now (rate-limit queue, Retry-After, backoff before a retry), from core's
 * `progress` events (task `api:wait:…`, shared/contract/workato.ts). Screens show them next to their spinner,
 * with what they wait for and a Cancel button; a wait leaves the list when core says it finished.
 */
export const useApiWaitsStore = defineStore('apiWaits', () => {
  const byTask = ref(new Map<string, ApiWaitView>())
  const cancelError = ref<string | null>(null)
  let unsubscribe: (() => void) | null = null

  function listen(now: () => number = Date.now) {
    if (unsubscribe) return
    unsubscribe = onEvent('progress', (p) => {
      const ref = parseApiWaitTask(p.task)
      if (!ref) return
      const next = new Map(byTask.value)
      if (p.finished) next.delete(p.task)
      else
        next.set(p.task, {
          task: p.task,
          profileId: ref.profileId,
          label: p.label,
          endsAt: now() + (p.total ?? 0) * 1000,
          cancellable: ref.callId !== BACKGROUND_CALL_ID,
        })
      byTask.value = next
    })
  }

  const waits = computed(() => [...byTask.value.values()])

  function forProfile(profileId: string | null): ApiWaitView[] {
    return waits.value.filter((w) => w.profileId === profileId)
  }

  async function cancel(task: string) {
    cancelError.value = null
    try {
      await api.waits.cancel({ task })
      const next = new Map(byTask.value)
      next.delete(task)
      byTask.value = next
    } catch (e) {
      cancelError.value = errorMessage(e)
    }
  }

  return { waits, cancelError, listen, forProfile, cancel }
})
