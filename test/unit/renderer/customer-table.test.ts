import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Customer } from '@shared/domain/workato'
import CustomerTable from '@/components/CustomerTable.vue'
import { toRows } from '@/lib/customer-search'

const rows = toRows(
  Array.from({ length: 10_000 }, (_, i): Customer => ({
    id: 100_001 + i,
    name: `Customer ${i}`,
    external_id: i % 2 ? `ext-${i}` : null,
    plan_id: 'oem_plan',
    created_at: '2025-03-05T10:00:00Z',
  })),
)

describe('CustomerTable', () => {
  it('renders only a screenful of 10,000 rows, in order, with a link per customer', () => {
    const w = mount(CustomerTable, { props: { rows, sort: { key: 'name', order: 'ascend' } } })
    const rendered = w.findAll('[data-customer-id]')
    expect(rendered.length).toBeGreaterThan(10)
    expect(rendered.length).toBeLessThan(60)
    expect(rendered[0]?.attributes('data-customer-id')).toBe('100001')
    expect(rendered[0]?.find('a').attributes('href')).toBe('#/customers/100001')
    expect(rendered[0]?.text()).toContain('Customer 0')
    expect(rendered[0]?.text()).toContain('—') // no external id
    expect(rendered[1]?.text()).toContain('ext-1')
    // The scroll space is as tall as every row, so the scrollbar tells the truth about 10,000 rows.
    expect(w.find('.vt-space').attributes('style')).toContain(`height: ${10_000 * 32}px`)
  })

  it('marks the sorted column for assistive tech and emits sort on a header click', async () => {
    const w = mount(CustomerTable, { props: { rows, sort: { key: 'id', order: 'descend' } } })
    const headers = w.findAll('[role="columnheader"]')
    // The last column (Health) cannot be sorted, so it carries no aria-sort.
    expect(headers.map((h) => h.attributes('aria-sort'))).toEqual(['none', 'descending', 'none', 'none', 'none', undefined])
    await w.find('[data-sort="plan"]').trigger('click')
    expect(w.emitted('sort')?.[0]).toEqual(['plan'])
  })

  it('shows each customer health as last checked: problems, OK, a failed check, or not checked', () => {
    const [a, b, c] = rows
    if (!a || !b || !c) throw new Error('fixture rows missing')
    const at = '2026-01-10T00:00:00Z'
    const health = new Map([
      [
        a.id,
        { customerId: a.id, checkedAt: at, previousCheckedAt: null, source: 'sweep' as const, problems: 3, worst: 'critical' as const, error: null },
      ],
      [b.id, { customerId: b.id, checkedAt: at, previousCheckedAt: null, source: 'viewed' as const, problems: 0, worst: null, error: null }],
      [
        c.id,
        {
          customerId: c.id,
          checkedAt: at,
          previousCheckedAt: null,
          source: 'sweep' as const,
          problems: 0,
          worst: null,
          error: { code: 'network' as const, message: 'Workato could not be reached' },
        },
      ],
    ])
    const w = mount(CustomerTable, { props: { rows: rows.slice(0, 4), sort: { key: 'id', order: 'ascend' }, health } })
    const cells = w.findAll('[data-testid="customer-health"]')
    expect(cells.map((x) => x.text())).toEqual(['3 problems', 'OK', 'check failed', '—'])
    expect(cells[0]?.classes()).toContain('h-critical')
    expect(cells[2]?.attributes('title')).toContain('Workato could not be reached')
  })

  it('emits open with the row on a row click, and shows the empty slot when there are no rows', async () => {
    const w = mount(CustomerTable, {
      props: { rows: rows.slice(0, 3), sort: { key: 'name', order: 'ascend' } },
      slots: { empty: '<p class="nothing">none</p>' },
    })
    await w.findAll('[data-customer-id]')[2]?.trigger('click')
    expect((w.emitted('open')?.[0]?.[0] as { id: number }).id).toBe(100_003)
    await w.setProps({ rows: [] })
    expect(w.find('.nothing').exists()).toBe(true)
  })
})
