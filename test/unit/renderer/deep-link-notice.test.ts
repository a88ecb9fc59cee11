/** Deep links from main open their screen; a look-up shows what it waits for with Cancel; bad links say why. */
import { flushPromises, mount } from '@vue/test-utils'
import { NMessageProvider, NNotificationProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import DeepLinkNotice from '@/components/DeepLinkNotice.vue'
import type { ProfileView } from '@shared/domain/profile'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()

const profile = (id: string, name: string): ProfileView => ({
  id,
  name,
  dataCenter: 'us',
  customBaseUrl: null,
  vendorId: null,
  originUrls: [],
  environment: 'production',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  secrets: { apiToken: true, privateKey: false, keyFingerprint: null, keyBits: null },
  builtIn: false,
})

const blank = { render: () => null }
const baseRoutes: RouteRecordRaw[] = [
  { path: '/', component: blank },
  { path: '/customers', name: 'customers', component: blank },
  { path: '/customers/:id(\\d+)', name: 'customer', component: blank },
  { path: '/widget', name: 'widget', component: blank },
]

// Each test's window goes when it ends: a notice still mounted would answer the next test's links too.
const mounted: { unmount(): void }[] = []
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
})

function mountNotice(extraRoutes: RouteRecordRaw[] = []) {
  const router = createRouter({ history: createMemoryHistory(), routes: [...baseRoutes, ...extraRoutes] })
  const Host = defineComponent({ render: () => h(NNotificationProvider, () => h(NMessageProvider, () => h(DeepLinkNotice))) })
  const wrapper = mount(Host, { attachTo: document.body, global: { plugins: [router] } })
  mounted.push({ unmount: () => wrapper.exists() && wrapper.unmount() })
  return { wrapper, router }
}

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
  document.body.innerHTML = ''
  fake.answer('profiles:list', () => ({ profiles: [profile('prod-eu', 'EU Production'), profile('sandbox', 'Sandbox')], activeId: 'sandbox' }))
  fake.answer('profiles:setActive', () => ({ ok: true }))
})

describe('deep links', () => {
  it('a customer link in another profile makes that profile active and opens the customer', async () => {
    const { router, wrapper } = mountNotice()
    fake.emit('deepLink', { kind: 'customer', customerId: 42, profile: 'eu production' })
    await flushPromises()
    expect(fake.requestsOf('profiles:setActive')).toEqual([{ profileId: 'prod-eu' }])
    expect(router.currentRoute.value.fullPath).toBe('/customers/42')
    wrapper.unmount()
    expect(fake.listenerCount('deepLink')).toBe(0)
    expect(fake.listenerCount('deepLinkRefused')).toBe(0)
  })

  it('a job link finds the recipe’s customer and opens the job route when the build has one', async () => {
    fake.answer('search:locate', (req) => ({ customerId: req.id === 9 ? 100001 : null, source: 'cache', checked: 0, cancelled: false }))
    const { router } = mountNotice([{ path: '/customers/:id(\\d+)/recipes/:recipeId(\\d+)/jobs/:jobId', name: 'customer-job', component: blank }])
    fake.emit('deepLink', { kind: 'job', recipeId: 9, jobId: 'j-77' })
    await flushPromises()
    expect(fake.requestsOf('search:locate')[0]).toMatchObject({ profileId: 'sandbox', kind: 'recipe', id: 9 })
    expect(router.currentRoute.value.fullPath).toBe('/customers/100001/recipes/9/jobs/j-77')
  })

  it('without the job route, a job link opens the Jobs tab with the recipe and job picked', async () => {
    fake.answer('search:locate', () => ({ customerId: 100001, source: 'api', checked: 3, cancelled: false }))
    const { router } = mountNotice()
    fake.emit('deepLink', { kind: 'job', recipeId: 9, jobId: 'j-77' })
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/customers/100001')
    expect(router.currentRoute.value.query).toEqual({ tab: 'jobs', recipe: '9', job: 'j-77' })
  })

  it('shows the look-up with its progress and a Cancel that reaches core', async () => {
    let finish: (v: { customerId: null; source: null; checked: number; cancelled: boolean }) => void = () => {}
    fake.answer('search:locate', () => new Promise((resolve) => (finish = resolve)))
    fake.answer('search:cancelLocate', () => ({ cancelled: true }))
    const { router } = mountNotice()
    fake.emit('deepLink', { kind: 'connection', connectionId: 555 })
    await flushPromises()
    const lookupId = fake.requestsOf('search:locate')[0]?.lookupId ?? ''
    expect(document.body.textContent).toContain('Looking up connection 555')
    fake.emit('progress', {
      task: `search:locate:${lookupId}`,
      label: 'Looking up connection 555: checked 5 of 250 customers',
      done: 5,
      total: 250,
      finished: false,
    })
    await flushPromises()
    expect(document.body.textContent).toContain('checked 5 of 250 customers')
    const cancel = document.querySelector<HTMLButtonElement>('[data-testid="deep-link-lookup-cancel"]')
    cancel?.click()
    await flushPromises()
    expect(fake.requestsOf('search:cancelLocate')).toEqual([{ lookupId }])
    finish({ customerId: null, source: null, checked: 5, cancelled: true })
    await flushPromises()
    expect(document.querySelector('[data-testid="deep-link-lookup"]')).toBeNull()
    expect(document.body.textContent).toContain('Stopped looking for connection 555 after 5 customers')
    expect(router.currentRoute.value.fullPath).toBe('/')
  })

  it('a connection nobody has is reported by name, and the screen stays where it was', async () => {
    fake.answer('search:locate', () => ({ customerId: null, source: null, checked: 250, cancelled: false }))
    const { router } = mountNotice()
    fake.emit('deepLink', { kind: 'connection', connectionId: 555 })
    await flushPromises()
    expect(document.body.textContent).toContain('No customer of profile "Sandbox" has connection 555 (asked 250 customers)')
    expect(router.currentRoute.value.fullPath).toBe('/')
  })

  it('a profile the console does not have is named, with the ones it has', async () => {
    const { router } = mountNotice()
    fake.emit('deepLink', { kind: 'profile', name: 'Staging' })
    await flushPromises()
    expect(document.body.textContent).toContain(
      'The link names profile "Staging", which this console does not have (it has "EU Production", "Sandbox")',
    )
    expect(fake.requestsOf('profiles:setActive')).toEqual([])
    expect(router.currentRoute.value.fullPath).toBe('/')
  })

  it('a refused link says why', async () => {
    mountNotice()
    fake.emit('deepLinkRefused', { reason: 'bad_path', message: 'A job link has the form embedded-console://job/<numeric recipe id>/<job id>.' })
    await flushPromises()
    expect(document.body.textContent).toContain('This link cannot be opened')
    expect(document.body.textContent).toContain('A job link has the form embedded-console://job/')
  })
})
