import { defineStore } from 'pinia'
import type { Notice } from '@shared/contract/app'
import { api } from '@/bridge'

/**
 * Things core wants the person told (a damaged settings file moved aside, a discarded cache file). The shell
 * shows each as a notification; Profiles shows the settings ones inline. Dismissing one tells core, so it is not
 * shown again. New ones arrive as `notice` events (composables/use-app-event.ts).
 */
export const useNoticesStore = defineStore('notices', () => {
  async function list(): Promise<Notice[]> {
    return api.app.notices()
  }

  async function dismiss(id: string): Promise<void> {
    await api.app.dismissNotice({ id })
  }

  return { list, dismiss }
})
