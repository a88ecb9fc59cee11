import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ProfileInput, ProfileView } from '@shared/domain/profile'
import { api } from '@/bridge'
import { errorMessage } from '@/lib/errors'

/** Partner profiles and which one is active. Secrets never arrive here: only "stored" flags and fingerprints. */
export const useProfilesStore = defineStore('profiles', () => {
  const profiles = ref<ProfileView[]>([])
  const activeId = ref<string | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)

  const active = computed(() => profiles.value.find((p) => p.id === activeId.value) ?? null)

  async function load() {
    loading.value = true
    error.value = null
    try {
      const res = await api.profiles.list()
      profiles.value = res.profiles
      activeId.value = res.activeId
      loaded.value = true
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  async function create(input: ProfileInput) {
    const p = await api.profiles.create(input)
    await load()
    return p
  }

  async function update(profileId: string, patch: Partial<ProfileInput>) {
    const p = await api.profiles.update({ profileId, patch })
    await load()
    return p
  }

  async function remove(profileId: string) {
    await api.profiles.delete({ profileId })
    await load()
  }

  async function setActive(profileId: string) {
    await api.profiles.setActive({ profileId })
    activeId.value = profileId
  }

  return { profiles, activeId, active, loading, loaded, error, load, create, update, remove, setActive }
})
