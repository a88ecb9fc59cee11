/**
 * The Sandbox's truth ("a health sweep should find exactly these problems") is compared by eye with Fleet health's
 * groups, so each kind must be named exactly as Fleet health names it.
 */
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { h } from 'vue'
import { beforeEach, describe, expect, it } from 'vitest'
import { healthKindLabels } from '@shared/domain/health'
import { healthKinds, type HealthKind } from '@shared/domain/health-kinds'
import SandboxScenarios from '@/components/SandboxScenarios.vue'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

describe('Sandbox fleet section', () => {
  it("names each problem kind as Fleet health's groups do", async () => {
    const problems = Object.fromEntries(healthKinds.map((k, i) => [k, i])) as Record<HealthKind, number>
    fake.answer('sandbox:status', () => ({ running: true, customers: 250, seed: 1, problems }))
    const w = mount({ render: () => h(NMessageProvider, () => h(SandboxScenarios)) })
    await flushPromises()
    for (const k of healthKinds) {
      expect(w.get(`[data-testid="sandbox-problems"] [data-kind="${k}"]`).text()).toBe(`${problems[k]}${healthKindLabels[k]}`)
    }
  })
})
