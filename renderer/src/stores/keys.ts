import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { KeyInfo } from '@shared/contract/profiles'
import { api } from '@/bridge'
import { useProfilesStore } from './profiles'

export interface ConnectionTest {
  ok: boolean
  message: string
  latencyMs: number | null
}

/**
 * The signing key of a profile: its public half (SPKI PEM, fingerprint, JWK thumbprint), generation, PEM import,
 * registration with Workato (reference §5.3), and the profile's connection test. The private key never
 * reaches the renderer; an imported PEM is sent once and forgotten.
 */
export const useKeysStore = defineStore('keys', () => {
  const info = ref<Record<string, KeyInfo | null>>({})
  const tests = ref<Record<string, ConnectionTest & { at: string }>>({})

  async function loadInfo(profileId: string): Promise<KeyInfo | null> {
    const k = await api.keys.info({ profileId })
    info.value = { ...info.value, [profileId]: k }
    return k
  }

  async function generate(profileId: string, bits: 2048 | 4096): Promise<KeyInfo> {
    const k = await api.keys.generate({ profileId, bits })
    info.value = { ...info.value, [profileId]: k }
    await useProfilesStore().load() // the table shows the new fingerprint
    return k
  }

  async function importPem(profileId: string, pem: string, passphrase?: string): Promise<KeyInfo> {
    const k = await api.keys.import({ profileId, pem, ...(passphrase ? { passphrase } : {}) })
    info.value = { ...info.value, [profileId]: k }
    await useProfilesStore().load()
    return k
  }

  async function register(profileId: string): Promise<string> {
    const { vendorId } = await api.keys.register({ profileId })
    await useProfilesStore().load() // the vendor id is stored on the profile
    return vendorId
  }

  async function test(profileId: string): Promise<ConnectionTest> {
    const r = await api.profiles.test({ profileId })
    tests.value = { ...tests.value, [profileId]: { ...r, at: new Date().toISOString() } }
    return r
  }

  return { info, tests, loadInfo, generate, importPem, register, test }
})
