/** Issue 13 in the renderer: the customers store merges streamed pages, keeps them across a racing list answer, and says partial. */
import { createPinia, setActivePinia } from 'pinia'
import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import type { DirectoryPage } from '@shared/contract/directory'
import type { BudgetSnapshot } from '@shared/contract/budget'
import type { Customer } from '@shared/domain/workato'
import { appError } from '@shared/errors'
import { h } from 'vue'
import { NConfigProvider } from 'naive-ui'
import BudgetIndicator from '@/components/BudgetIndicator.vue'
import { useBudgetStore } from '@/stores/budget'
import { useCustomersStore } from '@/stores/customers'
import { useProfilesStore } from '@/stores/profiles'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()
const cust = (id: number, name = `C${id}`): Customer => ({ id, name })
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => cust(from + i))
const flush = () => new Promise((r) => setTimeout(r, 0))

function page(p: Partial<DirectoryPage>) {
  fake.emit('directoryPage', { profileId: 'sandbox', runId: 1, state: 'reading', items: [], read: 0, expected: null, error: null, ...p })
}

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

describe('customers store, streaming', () => {
  it('shows rows as pages arrive, searchable at once, even when the first page beats the list answer', async () => {
    let answerList: (v: { items: Customer[]; fetchedAt: null; stale: true; error: null }) => void = () => {}
    fake.answer('customers:list', () => new Promise((r) => (answerList = r)))
    fake.answer('customers:refresh', () => new Promise(() => {}))
    const s = useCustomersStore()
    const opening = s.open('sandbox')
    await flush()
    page({ items: range(1, 100), read: 100 })
    expect(s.rows).toHaveLength(100)
    // The cold list answers after the first page: it must not wipe the page out.
    answerList({ items: [], fetchedAt: null, stale: true, error: null })
    await opening
    expect(s.rows).toHaveLength(100)
    expect(s.readState).toEqual({ kind: 'reading', read: 100, expected: null })
    page({ items: [...range(101, 99), cust(5, 'Renamed')], read: 200 })
    expect(s.rows).toHaveLength(199) // a fresher copy replaces its row, never duplicates it
    expect(s.byId.get(5)?.name).toBe('Renamed')
    s.query = 'renamed'
    expect(s.filtered.map((r) => r.id)).toEqual([5])
  })

  it('a cancel reported by core keeps the rows, says partial, and re-reads the saved list', async () => {
    fake.answer('customers:list', () => ({
      items: range(1, 100),
      fetchedAt: '2026-11-26T00:00:00Z',
      stale: true,
      error: appError('cancelled', 'Partial: the last read was cancelled after 100 customers, so the list may miss customers.').data,
    }))
    const s = useCustomersStore()
    s.profileId = 'sandbox'
    // A background read (core started it; this store did not call refresh).
    s.open('sandbox', { autoRefresh: false }).catch(() => {})
    await flush()
    page({ items: range(1, 100), read: 100, expected: 250 })
    expect(s.refreshing).toBe(true)
    page({ state: 'cancelled', read: 100, expected: 250 })
    expect(s.cancelled).toBe(true)
    expect(s.readState).toEqual({ kind: 'partial', read: 100, reason: 'cancelled' })
    await flush()
    expect(s.refreshing).toBe(false)
    expect(s.rows).toHaveLength(100)
  })

  it('a failed read says why, with the error core sent', async () => {
    fake.answer('customers:list', () => ({ items: [], fetchedAt: null, stale: true, error: null }))
    const s = useCustomersStore()
    await s.open('sandbox', { autoRefresh: false })
    page({ items: range(1, 100), read: 100 })
    page({ state: 'failed', read: 100, error: appError('network', 'Could not reach Workato.').data })
    expect(s.refreshError).toBe('Could not reach Workato.')
    expect(s.readState).toEqual({ kind: 'partial', read: 100, reason: 'failed' })
  })

  it('ignores another profile’s pages', async () => {
    fake.answer('customers:list', () => ({ items: [], fetchedAt: null, stale: true, error: null }))
    const s = useCustomersStore()
    await s.open('sandbox', { autoRefresh: false })
    fake.emit('directoryPage', { profileId: 'other', runId: 1, state: 'reading', items: range(1, 10), read: 10, expected: null, error: null })
    expect(s.rows).toHaveLength(0)
  })
})

const snap = (over: Partial<BudgetSnapshot> = {}): BudgetSnapshot => ({
  profileId: 'sandbox',
  share: 0.5,
  limitsOff: false,
  families: [
    {
      family: 'recipes_list',
      label: 'recipe list calls',
      limit: 2000,
      windowMs: 60_000,
      share: 0.5,
      allowed: 1000,
      used: 1000,
      queued: 3,
      freesInMs: 12_000,
      pausedForMs: 0,
      waiting: { caller: 'Health sweep: GET /api/managed_users/7/recipes', reason: 'window', waitedMs: 500, remainingMs: 12_000 },
    },
  ],
  ...over,
})

describe('budget indicator', () => {
  it('leads with what waits and for how long, and follows budget events', async () => {
    fake.answer('profiles:list', () => ({ profiles: [], activeId: 'sandbox' }))
    fake.answer('budget:get', () => snap({ families: [] }))
    const profiles = useProfilesStore()
    profiles.activeId = 'sandbox'
    const w = mount(() => h(NConfigProvider, null, { default: () => h(BudgetIndicator) }), { attachTo: document.body })
    await flush()
    expect(w.get('[data-testid="budget-summary"]').text()).toBe('idle')
    fake.emit('budget', snap())
    await flush()
    expect(w.get('[data-testid="budget-summary"]').text()).toBe('Waiting 12 s · recipes-list budget')
    expect(useBudgetStore().waiting?.family).toBe('recipes_list')
    w.unmount()
  })
})

describe('customers store, a read that stops before its first page', () => {
  it('is not partial: the list is what it was', async () => {
    fake.answer('customers:list', () => ({ items: range(1, 3), fetchedAt: '2026-11-26T00:00:00Z', stale: true, error: null }))
    const s = useCustomersStore()
    await s.open('sandbox', { autoRefresh: false })
    page({ read: 0 })
    page({ state: 'failed', read: 0, error: appError('network', 'Could not reach Workato.').data })
    expect(s.readState).toEqual({ kind: 'idle' })
    expect(s.refreshError).toBe('Could not reach Workato.')
  })
})
