import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SandboxStatus } from '@shared/contract/sandbox'
import type { ScenarioCommand } from '@shared/domain/sandbox-scenarios'
import { api } from '@/bridge'

/**
 * The built-in Sandbox as its profile screen shows it: size, seed and problems by kind (the emulator's truth), and
 * the scenario switches. `apply` resolves to the switch's one-line summary or throws the core's error.
 */
export const useSandboxStore = defineStore('sandbox', () => {
  const status = ref<SandboxStatus | null>(null)

  async function load(): Promise<SandboxStatus> {
    status.value = await api.sandbox.status()
    return status.value
  }

  async function apply(cmd: ScenarioCommand): Promise<string> {
    const r = await api.sandbox.scenario(cmd)
    status.value = r.status
    return r.summary
  }

  return { status, load, apply }
})
