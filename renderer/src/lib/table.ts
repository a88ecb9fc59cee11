import type { DataTableColumns } from 'naive-ui'

/**
 * The width a data table needs (its `scroll-x`): the sum of its columns' fixed or minimum widths. Derived from the
 * column definitions so a width changed in one place cannot drift from a hand-written total; below it the table
 * scrolls sideways instead of squeezing columns over each other.
 */
export function tableWidth<T>(columns: DataTableColumns<T>): number {
  let total = 0
  for (const c of columns) {
    const w = 'width' in c && c.width !== undefined ? c.width : 'minWidth' in c ? c.minWidth : undefined
    total += typeof w === 'number' ? w : typeof w === 'string' ? Number.parseFloat(w) || 0 : 0
  }
  return total
}
