/** Keyboard reach: Naive's tabs made into ARIA tabs, and the widget's "Back to …" only for screens it can come from. */
import { flushPromises, mount } from '@vue/test-utils'
import { NTabPane, NTabs } from 'naive-ui'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref, withDirectives } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { vKeyboardTabs } from '@/lib/keyboard-tabs'
import { backTarget } from '@/lib/back-from'

function mountTabs() {
  const value = ref('connections')
  const Host = defineComponent({
    setup: () => () =>
      withDirectives(
        h(NTabs, { value: value.value, type: 'line', 'onUpdate:value': (v: string) => (value.value = v) }, () => [
          h(NTabPane, { name: 'connections', tab: 'Connections' }, () => 'c'),
          h(NTabPane, { name: 'recipes', tab: 'Recipes' }, () => 'r'),
          h(NTabPane, { name: 'jobs', tab: 'Jobs' }, () => 'j'),
        ]),
        [[vKeyboardTabs]],
      ),
  })
  return { wrapper: mount(Host, { attachTo: document.body }), value }
}

const tabs = () => [...document.querySelectorAll<HTMLElement>('[role="tab"]')]

describe('v-keyboard-tabs', () => {
  it('gives the tabs roles and one tab stop, on the selected tab', async () => {
    const { wrapper } = mountTabs()
    await flushPromises()
    expect(document.querySelector('[role="tablist"]')).not.toBeNull()
    expect(tabs().map((t) => t.textContent?.trim())).toEqual(['Connections', 'Recipes', 'Jobs'])
    expect(tabs().map((t) => t.getAttribute('tabindex'))).toEqual(['0', '-1', '-1'])
    expect(tabs().map((t) => t.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false'])
    wrapper.unmount()
  })

  it('moves and selects with the arrow keys, wraps around, and Home/End jump to the ends', async () => {
    const { wrapper, value } = mountTabs()
    await flushPromises()
    const key = async (k: string) => {
      const focused = tabs().find((t) => t.getAttribute('tabindex') === '0')
      focused?.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }))
      await flushPromises()
    }
    await key('ArrowRight')
    expect(value.value).toBe('recipes')
    expect(document.activeElement?.textContent?.trim()).toBe('Recipes')
    expect(tabs().map((t) => t.getAttribute('tabindex'))).toEqual(['-1', '0', '-1'])
    await key('ArrowRight')
    await key('ArrowRight')
    expect(value.value).toBe('connections')
    await key('ArrowLeft')
    expect(value.value).toBe('jobs')
    await key('Home')
    expect(value.value).toBe('connections')
    await key('End')
    expect(value.value).toBe('jobs')
    wrapper.unmount()
  })
})

describe('backTarget', () => {
  const blank = { render: () => null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/customers/:id(\\d+)', name: 'customer', component: blank },
      { path: '/customers/:id(\\d+)/activate', name: 'customer-activate', component: blank },
      { path: '/customers/:id(\\d+)/runtime-users', name: 'customer-runtime-users', component: blank },
      { path: '/profiles', name: 'profiles', component: blank },
    ],
  })

  it('names the screen the widget was opened from', () => {
    expect(backTarget(router, '/customers/42?tab=connections')).toEqual({ path: '/customers/42?tab=connections', label: 'customer 42' })
    expect(backTarget(router, '/customers/42/activate')?.label).toBe('the activation checklist of customer 42')
    expect(backTarget(router, '/customers/42/runtime-users')?.label).toBe('the runtime users of customer 42')
  })

  it('ignores anything else: other screens, other sites, junk', () => {
    for (const from of [
      '/profiles',
      '//evil.example/customers/1',
      'https://evil.example/',
      'javascript:alert(1)',
      '',
      42,
      undefined,
      `/customers/1?x=${'a'.repeat(400)}`,
    ]) {
      expect(backTarget(router, from)).toBeNull()
    }
  })
})
