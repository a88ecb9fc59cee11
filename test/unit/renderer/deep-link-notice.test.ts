/** A deep link from main shows what it asked for (routing comes in a later version). */
import { mount } from '@vue/test-utils'
import { NNotificationProvider } from 'naive-ui'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import DeepLinkNotice from '@/components/DeepLinkNotice.vue'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()

describe('deep link notice', () => {
  it('tells the person what the link asked for, and stops listening when unmounted', async () => {
    const Host = defineComponent({ render: () => h(NNotificationProvider, null, { default: () => h(DeepLinkNotice) }) })
    const wrapper = mount(Host, { attachTo: document.body })
    fake.emit('deepLink', { kind: 'customer', customerId: 42, profile: 'Production' })
    await nextTick()
    await nextTick()
    expect(document.body.textContent).toContain('Deep links arrive in a later version: customer 42 in profile "Production"')
    wrapper.unmount()
    expect(fake.listenerCount('deepLink')).toBe(0)
  })
})
