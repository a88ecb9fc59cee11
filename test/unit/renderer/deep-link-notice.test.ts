/** A deep link from main shows what it asked for (routing comes in a later version). */
import { mount } from '@vue/test-utils'
import { NNotificationProvider } from 'naive-ui'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import type { DeepLink } from '@shared/deep-link'
import DeepLinkNotice from '@/components/DeepLinkNotice.vue'

const listeners = new Map<string, (payload: DeepLink) => void>()
vi.mock('@/bridge', () => ({
  onEvent: (event: string, fn: (payload: DeepLink) => void) => {
    listeners.set(event, fn)
    return () => listeners.delete(event)
  },
}))

describe('deep link notice', () => {
  it('tells the person what the link asked for, and stops listening when unmounted', async () => {
    const Host = defineComponent({ render: () => h(NNotificationProvider, null, { default: () => h(DeepLinkNotice) }) })
    const wrapper = mount(Host, { attachTo: document.body })
    listeners.get('deepLink')?.({ kind: 'customer', customerId: 42, profile: 'Production' })
    await nextTick()
    await nextTick()
    expect(document.body.textContent).toContain('Deep links arrive in a later version: customer 42 in profile "Production"')
    wrapper.unmount()
    expect(listeners.has('deepLink')).toBe(false)
  })
})
