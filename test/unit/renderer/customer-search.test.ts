import { describe, expect, it } from 'vitest'
import type { Customer } from '@shared/domain/workato'
import { filterRows, normaliseQuery, sortRows, toRow, toRows, topMatches } from '@/lib/customer-search'

function customer(id: number, name: string, external_id: string | null = null, extra: Partial<Customer> = {}): Customer {
  return { id, name, external_id, plan_id: 'oem_plan', created_at: `2025-01-${String((id % 28) + 1).padStart(2, '0')}T00:00:00Z`, ...extra }
}

const sample = toRows([
  customer(100001, 'Acme Corp', 'cust-00001'),
  customer(100002, 'Globex Labs', 'acme/eu/2'),
  customer(100003, 'Initech', null),
  customer(100004, 'acme retail', 'AM10:XV4', { plan_id: 'free' }),
  customer(100010, 'Umbrella Health', 'Tenant 10'),
])

describe('toRow', () => {
  it('pre-computes one lowercase key of name, id and external id', () => {
    const r = toRow(customer(7, 'Hooli STUDIOS', 'Ext/ID'))
    expect(r.key).toContain('hooli studios')
    expect(r.key).toContain('7')
    expect(r.key).toContain('ext/id')
    expect(r.key).toBe(r.key.toLowerCase())
  })
  it('treats a missing external id and plan as empty strings', () => {
    const r = toRow({ id: 1, name: 'X' })
    expect(r.externalId).toBe('')
    expect(r.plan).toBe('')
  })
})

describe('filterRows', () => {
  it('returns the same array for an empty or blank query', () => {
    expect(filterRows(sample, '')).toBe(sample)
    expect(filterRows(sample, '   ')).toBe(sample)
  })
  it('matches names case-insensitively', () => {
    expect(filterRows(sample, 'ACME').map((r) => r.id)).toEqual([100001, 100002, 100004])
  })
  it('matches ids and external ids, including their punctuation', () => {
    expect(filterRows(sample, '100003').map((r) => r.id)).toEqual([100003])
    expect(filterRows(sample, 'am10:xv').map((r) => r.id)).toEqual([100004])
    expect(filterRows(sample, 'tenant 10').map((r) => r.id)).toEqual([100010])
  })
  it('needs every word to match somewhere in the row', () => {
    expect(filterRows(sample, 'acme 100004').map((r) => r.id)).toEqual([100004])
    expect(filterRows(sample, 'acme initech')).toEqual([])
  })
  it('does not match across the boundary between fields', () => {
    // "corp" + "100001" are adjacent fields; "corp100001" must not match.
    expect(filterRows(sample, 'corp100001')).toEqual([])
  })
  it('keeps the order it was given (the sort is applied before filtering)', () => {
    const sorted = sortRows(sample, { key: 'id', order: 'descend' })
    expect(filterRows(sorted, 'acme').map((r) => r.id)).toEqual([100004, 100002, 100001])
  })
})

describe('sortRows', () => {
  it('sorts by name with a natural, case-insensitive collation and does not mutate the input', () => {
    const copy = [...sample]
    const names = sortRows(sample, { key: 'name', order: 'ascend' }).map((r) => r.name)
    expect(names).toEqual(['Acme Corp', 'acme retail', 'Globex Labs', 'Initech', 'Umbrella Health'])
    expect(sample).toEqual(copy)
  })
  it('sorts ids numerically both ways', () => {
    expect(sortRows(sample, { key: 'id', order: 'ascend' })[0]?.id).toBe(100001)
    expect(sortRows(sample, { key: 'id', order: 'descend' })[0]?.id).toBe(100010)
  })
  it('sorts by external id, plan and creation date', () => {
    expect(sortRows(sample, { key: 'externalId', order: 'ascend' })[0]?.id).toBe(100003) // empty first
    expect(sortRows(sample, { key: 'plan', order: 'ascend' })[0]?.plan).toBe('free')
    const byDate = sortRows(sample, { key: 'createdAt', order: 'ascend' }).map((r) => r.createdAt)
    expect([...byDate].sort()).toEqual(byDate)
  })
})

describe('topMatches', () => {
  it('puts an exact id or external id first, then name prefixes, then other matches', () => {
    const rows = toRows([customer(1, 'Big Acme'), customer(2, 'Acme One'), customer(3, 'Other', 'acme')])
    expect(topMatches(rows, 'acme').map((r) => r.id)).toEqual([3, 2, 1])
  })
  it('limits the number of results', () => {
    const many = toRows(Array.from({ length: 50 }, (_, i) => customer(i + 1, `Acme ${i}`)))
    expect(topMatches(many, 'acme', 8)).toHaveLength(8)
    expect(topMatches(many, '', 5)).toHaveLength(5)
  })
})

describe('normaliseQuery', () => {
  it('trims, lowercases and collapses whitespace', () => {
    expect(normaliseQuery('  Acme   CORP ')).toBe('acme corp')
  })
})

describe('performance', () => {
  it('filters 10,000 rows in well under a frame per keystroke', () => {
    const words = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell']
    const rows = toRows(Array.from({ length: 10_000 }, (_, i) => customer(100_001 + i, `${words[i % words.length]} Corp ${i}`, i % 10 ? `cust-${String(i).padStart(5, '0')}` : null)))
    const sorted = sortRows(rows, { key: 'name', order: 'ascend' })
    const typed = 'vandelay corp 12'
    const times: number[] = []
    for (let round = 0; round < 5; round++) {
      for (let i = 1; i <= typed.length; i++) {
        const t0 = performance.now()
        filterRows(sorted, typed.slice(0, i))
        times.push(performance.now() - t0)
      }
    }
    times.sort((a, b) => a - b)
    const p95 = times[Math.floor(times.length * 0.95)] ?? Infinity
    expect(p95).toBeLessThan(16)
    expect(filterRows(sorted, typed).every((r) => r.key.includes('vandelay') && r.key.includes('12'))).toBe(true)
  })
})
