import { describe, expect, it } from 'vitest'
import { tableWidth } from '@/lib/table'

describe('tableWidth', () => {
  it('adds fixed widths and, where a column has none, its minimum width', () => {
    expect(tableWidth([{ key: 'a', width: 120 }, { key: 'b', minWidth: 200 }, { key: 'c', width: '80px' }, { key: 'd' }])).toBe(400)
  })
  it('is 0 for no columns', () => {
    expect(tableWidth([])).toBe(0)
  })
})
