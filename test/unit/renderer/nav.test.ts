import { describe, expect, it } from 'vitest'
import { navItems, navKeyFor } from '@/router/nav'

describe('side bar highlight', () => {
  it('lights up the entry of the screen shown; Bulk start / stop is part of Fleet health', () => {
    expect(navKeyFor('bulk')).toBe('triage')
    expect(navKeyFor('triage')).toBe('triage')
    expect(navKeyFor('audit')).toBe('audit')
  })
  it('lights up the parent entry for a child screen', () => {
    expect(navKeyFor('customer')).toBe('customers')
    expect(navKeyFor('customer-job')).toBe('customers')
    expect(navKeyFor('widget-history')).toBe('widget')
  })
  it('every route an entry stands for lights up that entry, under the same name as the screen title', () => {
    const keys = navItems.map((i) => i.key)
    for (const name of ['customers', 'triage', 'onboard', 'widget', 'bulk', 'tokens', 'profiles', 'audit', 'settings']) {
      expect(keys).toContain(navKeyFor(name))
    }
    expect(navItems.find((i) => i.key === 'triage')?.label).toBe('Fleet health')
    expect(navItems.find((i) => i.key === 'audit')?.label).toBe('Audit trail')
  })
})
