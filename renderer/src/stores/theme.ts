import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'

export type ThemeChoice = 'system' | 'light' | 'dark'

/** Light/dark theme: follows the OS unless the person picks one; remembered in this window's storage. */
export const useThemeStore = defineStore('theme', () => {
  const stored = localStorage.getItem('ec.theme')
  const choice = ref<ThemeChoice>(stored === 'light' || stored === 'dark' ? stored : 'system')
  const media = window.matchMedia?.('(prefers-color-scheme: dark)')
  const systemDark = ref(media?.matches ?? false)
  media?.addEventListener?.('change', (e) => (systemDark.value = e.matches))
  const dark = computed(() => (choice.value === 'system' ? systemDark.value : choice.value === 'dark'))
  watch(choice, (c) => localStorage.setItem('ec.theme', c))
  function toggle() {
    choice.value = dark.value ? 'light' : 'dark'
  }
  return { choice, dark, toggle }
})
