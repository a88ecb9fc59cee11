import { flushPromises, mount } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import type { Notice } from '@shared/contract/app'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()
let notices: Notice[] = []

const ProfilesView = (await import('@/views/ProfilesView.vue')).default

const salvaged: Notice = {
  id: 'settings-salvaged-2026-11-21T01-02-03-456Z',
  level: 'warning',
  title: 'Some profiles could not be loaded',
  message:
    'Profile "Broken one" was set aside: its field "originUrls.0" is not valid (Invalid input). The original file is kept unchanged at /data/settings.corrupt-x.json.',
  at: '2026-11-21T01:02:03.456Z',
}

function mountView() {
  const Root = defineComponent({ render: () => h(NMessageProvider, () => h(NDialogProvider, () => h(ProfilesView))) })
  return mount(Root, { attachTo: document.body })
}

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
  notices = []
  fake.answer('app:notices', () => notices)
  fake.answer('app:dismissNotice', ({ id }) => {
    notices = notices.filter((n) => n.id !== id)
    return { ok: true }
  })
  fake.answer('profiles:list', () => ({ profiles: [], activeId: null }))
})

describe('Profiles screen: what settings load set aside (issue 11, defect 6)', () => {
  it('shows the settings notice as a banner naming the profile and field, and dismisses it for good when closed', async () => {
    notices = [salvaged, { ...salvaged, id: 'sandbox-start-failed', title: 'The built-in Sandbox did not start' }]
    const w = mountView()
    await flushPromises()
    const banners = w.findAll('[data-testid="profiles-settings-notice"]')
    expect(banners).toHaveLength(1)
    expect(banners[0]?.text()).toContain('Profile "Broken one" was set aside: its field "originUrls.0"')
    await w.find('[data-testid="profiles-settings-notice"] .n-base-close').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-testid="profiles-settings-notice"]')).toHaveLength(0)
    expect(fake.requestsOf('app:dismissNotice')).toEqual([{ id: salvaged.id }])
    // Coming back to the screen does not show it again.
    w.unmount()
    const again = mountView()
    await flushPromises()
    expect(again.findAll('[data-testid="profiles-settings-notice"]')).toHaveLength(0)
    again.unmount()
  })

  it('shows a settings notice that arrives while the screen is open', async () => {
    const w = mountView()
    await flushPromises()
    fake.emit('notice', salvaged)
    await flushPromises()
    expect(w.find('[data-testid="profiles-settings-notice"]').text()).toContain('Some profiles could not be loaded')
    w.unmount()
  })
})
