/** The runtime-user outcome card and the flow stores, over the typed fake bridge: what a person sees per outcome. */
import { mount } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { RuntimeUserOutcome } from '@shared/domain/flows'
import RuntimeOutcomeCard from '@/components/flows/RuntimeOutcomeCard.vue'
import { useChecklistStore } from '@/stores/checklist'
import { useRuntimeUsersStore } from '@/stores/runtime-users'
import { installFakeBridge } from '../../../support/fake-bridge'

const fake = installFakeBridge()
let connectionStatus: string | null = null

const recipe = { id: 7, name: 'Sync contacts', running: true }
const sf = { id: 10, name: 'Acme Salesforce', provider: 'salesforce', authorised: false, status: null, externalId: null, parentId: null }
const created: RuntimeUserOutcome = {
  kind: 'created',
  recipe,
  defaultConnection: { ...sf, authorised: true },
  connection: { id: 77, name: 'SF for ana', provider: 'salesforce', authorised: false, status: null, externalId: 'ana', parentId: 10 },
  message: 'Created "SF for ana" for ana under the default connection "Acme Salesforce": authenticate it in the widget.',
}
const scope = { profileId: 'sandbox', customerId: 42 }

function render(outcome: RuntimeUserOutcome) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/widget', name: 'widget', component: { render: () => null } },
      { path: '/customers/:id/activate', name: 'customer-activate', component: { render: () => null } },
    ],
  })
  const Host = defineComponent({
    render: () => h(NMessageProvider, () => h(NDialogProvider, () => h(RuntimeOutcomeCard, { outcome, scope, endUserId: 'ana' }))),
  })
  return { wrapper: mount(Host, { global: { plugins: [router] } }), router }
}

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
  connectionStatus = null
  fake.answer('connections:get', () => ({ id: 77, name: 'SF for ana', provider: 'salesforce', authorization_status: connectionStatus }))
  fake.answer('flows:runtimeUser', () => created)
  fake.answer('recipes:start', () => ({ success: false, problems: ['Step 1 · Slack connection is not selected'] }))
  fake.answer('flows:checklist', () => ({ recipes: [], summary: { running: 0, ready: 0, blocked: 0 }, checkedAt: new Date().toISOString() }))
})

describe('RuntimeOutcomeCard', () => {
  it('recipe stopped: shows the fix and offers the checklist and the customer connection, never the end user widget', () => {
    const { wrapper } = render({
      kind: 'recipe_stopped',
      recipe: { ...recipe, running: false },
      defaultConnection: sf,
      defaultProblem: 'unauthorised',
      message: '"Sync contacts" is stopped',
      fix: '1. Authenticate "Acme Salesforce". 2. Start the recipe.',
    })
    expect(wrapper.find('[data-testid="runtime-outcome-fix"]').text()).toContain('2. Start the recipe')
    expect(wrapper.find('[data-testid="runtime-open-widget"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="runtime-fix-default"]').text()).toContain('Acme Salesforce')
  })

  it('created: the widget button opens the end user connection, and Verify re-reads it from the API', async () => {
    const flows = useRuntimeUsersStore()
    await flows.resolve({ scope, recipeId: 7, endUserId: 'ana', parent: 'default_connection' })
    const { wrapper, router } = render(created)
    await wrapper.find('[data-testid="runtime-open-widget"]').trigger('click')
    await new Promise((r) => setTimeout(r, 0))
    expect(router.currentRoute.value.name).toBe('widget')
    expect(router.currentRoute.value.query).toMatchObject({ customerId: '42', connectionId: '77' })

    await wrapper.find('[data-testid="runtime-verify"]').trigger('click')
    await new Promise((r) => setTimeout(r, 0))
    expect(fake.requestsOf('connections:get').map((r) => r.connectionId)).toEqual([77])
    expect(wrapper.find('[data-testid="runtime-verified"]').text()).toContain('not authorised')
    connectionStatus = 'success'
    await wrapper.find('[data-testid="runtime-verify"]').trigger('click')
    await new Promise((r) => setTimeout(r, 0))
    expect(wrapper.find('[data-testid="runtime-verified"]').text()).toMatch(/^authorised/)
  })

  it('shows one truth after a verify: the connection tag, the title and the widget button all follow the API', async () => {
    const flows = useRuntimeUsersStore()
    await flows.resolve({ scope, recipeId: 7, endUserId: 'ana', parent: 'default_connection' })
    const { wrapper } = render(created)
    expect(wrapper.find('[data-testid="runtime-connection-state"]').text()).toBe('not authorised')
    connectionStatus = 'success'
    await wrapper.find('[data-testid="runtime-verify"]').trigger('click')
    await new Promise((r) => setTimeout(r, 0))
    expect(wrapper.find('[data-testid="runtime-connection-state"]').text()).toBe('authorised')
    const text = wrapper.find('[data-testid="runtime-outcome"]').text()
    expect(text).not.toContain('not authorised')
    expect(text).toContain('ana is connected')
    expect(wrapper.find('[data-testid="runtime-open-widget"]').exists()).toBe(false)
  })
})

describe('useChecklistStore', () => {
  it('keeps a refused start’s problems per recipe', async () => {
    const flows = useChecklistStore()
    const res = await flows.start(scope, 7)
    expect(res.success).toBe(false)
    expect(flows.startProblems[7]).toEqual(['Step 1 · Slack connection is not selected'])
  })

  it('a start refused without a reason says so in the one sentence every screen uses', async () => {
    fake.answer('recipes:start', () => ({ success: false, problems: [] }))
    const flows = useChecklistStore()
    await flows.start(scope, 7)
    expect(flows.startProblems[7]).toEqual(['Workato refused to start the recipe but gave no reason.'])
  })
})
