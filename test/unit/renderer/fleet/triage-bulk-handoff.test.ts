/**
 * Triage → bulk: the triage selection becomes bulk targets (checked stopped recipes only), the bulk store is the
 * one hand-off, and the bulk screen's dry run reads exactly the recipes handed over.
 */
import { flushPromises, mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { BulkPlan } from '@shared/contract/bulk'
import { stoppedRecipeTargets } from '@shared/domain/triage'
import BulkView from '@/views/fleet/BulkView.vue'
import { useBulkStore } from '@/stores/bulk'
import { useProfilesStore } from '@/stores/profiles'
import { installFakeBridge } from '../../../support/fake-bridge'

const fake = installFakeBridge()

const plan = (): BulkPlan => ({
  planId: 'plan-00000001',
  profileId: 'p1',
  action: 'start',
  source: '2 recipes handed over',
  createdAt: '2026-01-01T00:00:00.000Z',
  rows: [],
  counts: { act: 0, already: 0, not_ready: 0, unreadable: 0, missing: 0 },
  customersFailed: 0,
})

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
  fake.answer('bulk:status', () => ({ run: null }))
  fake.answer('bulk:plan', () => plan())
})

describe('triage → bulk hand-off', () => {
  it('takes only the checked stopped recipes, each once, in the order shown', () => {
    const shown = [
      { key: 'a', kind: 'recipe_stopped_by_cause' as const, customerId: 1, targetId: 10 },
      { key: 'b', kind: 'failed_jobs_rising' as const, customerId: 1, targetId: 11 },
      { key: 'c', kind: 'recipe_stopped_by_cause' as const, customerId: 2, targetId: 20 },
      { key: 'd', kind: 'recipe_stopped_by_cause' as const, customerId: 3, targetId: 30 },
    ]
    expect(stoppedRecipeTargets(shown, new Set(['c', 'b', 'a']))).toEqual([
      { customerId: 1, recipeId: 10 },
      { customerId: 2, recipeId: 20 },
    ])
  })

  it('a new hand-over replaces the targets and drops a dry run of the old ones', async () => {
    const bulk = useBulkStore()
    await bulk.open('p1')
    bulk.handOver([{ customerId: 1, recipeId: 10 }])
    await bulk.makePlan('start', { kind: 'targets', targets: bulk.handedOver })
    expect(bulk.plan).not.toBeNull()
    bulk.handOver([{ customerId: 2, recipeId: 20 }])
    expect(bulk.handedOver).toEqual([{ customerId: 2, recipeId: 20 }])
    expect(bulk.plan).toBeNull()
  })

  it('the bulk screen shows the targets handed over and its dry run reads exactly them', async () => {
    useProfilesStore().activeId = 'p1'
    const targets = [
      { customerId: 1, recipeId: 10 },
      { customerId: 2, recipeId: 20 },
    ]
    useBulkStore().handOver(targets)
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/fleet', name: 'triage', component: { render: () => null } },
        { path: '/fleet/bulk', name: 'bulk', component: BulkView },
      ],
    })
    await router.push('/fleet/bulk')
    const Host = defineComponent({ render: () => h(NMessageProvider, () => h(BulkView)) })
    const wrapper = mount(Host, { global: { plugins: [router] } })
    await flushPromises()
    expect(wrapper.find('[data-testid="bulk-source-targets"]').text()).toContain('Handed over (2)')
    await wrapper.find('[data-testid="bulk-dry-run"]').trigger('click')
    await flushPromises()
    expect(fake.requestsOf('bulk:plan').map((r) => r.source)).toEqual([{ kind: 'targets', targets }])
  })
})
