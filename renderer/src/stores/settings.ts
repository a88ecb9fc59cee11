import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Preferences, SettingsView } from '@shared/contract/settings'
import { api } from '@/bridge'
import { errorMessage } from '@/lib/errors'

/**
 * App-wide preferences from the settings file (rate-limit share, default data center for new profiles), where the
 * app keeps its files, and the updater's state. A change is written by core at once and returned, so the screen
 * always shows what is saved, not what was typed.
 */
export const useSettingsStore = defineStore('settings', () => {
  const view = ref<SettingsView | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** The last save's problem (the saved values stay as they were). */
  const saveError = ref<string | null>(null)
  const saving = ref(false)
  /** What "Check now" answered (or why it could not). */
  const updateMessage = ref<string | null>(null)

  const preferences = computed(() => view.value?.preferences ?? null)
  /** What the "New profile" form starts on; US until the settings have loaded. */
  const defaultDataCenter = computed(() => view.value?.preferences.defaultDataCenter ?? 'us')

  async function load() {
    loading.value = true
    error.value = null
    try {
      view.value = await api.settings.get()
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  async function update(patch: Partial<Preferences>): Promise<boolean> {
    saving.value = true
    saveError.value = null
    try {
      view.value = await api.settings.update(patch)
      return true
    } catch (e) {
      saveError.value = errorMessage(e)
      return false
    } finally {
      saving.value = false
    }
  }

  async function checkForUpdates() {
    updateMessage.value = null
    try {
      updateMessage.value = (await api.settings.checkForUpdates()).message
    } catch (e) {
      updateMessage.value = errorMessage(e)
    }
  }

  /** Reveals one of the app's files in the file manager; resolves to the path shown. */
  async function showInFolder(path: string): Promise<string> {
    return (await api.settings.showInFolder({ path })).path
  }

  return { view, loading, error, saving, saveError, updateMessage, preferences, defaultDataCenter, load, update, checkForUpdates, showInFolder }
})
