/**
 * Search and sort for the customer directory. Rows carry a pre-computed lowercase search key (name, id and
 * external id joined), so a keystroke is one `includes` per row: 10,000 rows filter in well under a frame.
 * Sorting happens once per sort change, never per keystroke: filtering keeps the sorted order.
 */
import type { Customer } from '@shared/domain/workato'

export interface CustomerRow {
  id: number
  name: string
  externalId: string
  plan: string
  createdAt: string
  /** `name \u0000 id \u0000 external id`, lowercased: the NUL keeps a query from matching across fields. */
  key: string
  customer: Customer
}

export type SortKey = 'name' | 'id' | 'externalId' | 'plan' | 'createdAt'
export type SortOrder = 'ascend' | 'descend'
export interface SortState {
  key: SortKey
  order: SortOrder
}

export function toRow(c: Customer): CustomerRow {
  const externalId = c.external_id ?? ''
  return {
    id: c.id,
    name: c.name,
    externalId,
    plan: c.plan_id ?? '',
    createdAt: c.created_at ?? '',
    key: `${c.name}\u0000${c.id}\u0000${externalId}`.toLowerCase(),
    customer: c,
  }
}

export function toRows(items: readonly Customer[]): CustomerRow[] {
  return items.map(toRow)
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true })

function compare(a: CustomerRow, b: CustomerRow, key: SortKey): number {
  switch (key) {
    case 'id':
      return a.id - b.id
    case 'createdAt':
      // ISO strings order chronologically; missing dates go first.
      return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0
    default:
      return collator.compare(a[key], b[key]) || a.id - b.id
  }
}

/** A new sorted array; the input is not touched. */
export function sortRows(rows: readonly CustomerRow[], sort: SortState): CustomerRow[] {
  const dir = sort.order === 'ascend' ? 1 : -1
  return [...rows].sort((a, b) => dir * compare(a, b, sort.key))
}

/** Normalises what was typed: trimmed, lowercased, inner whitespace collapsed. */
export function normaliseQuery(q: string): string {
  return q.trim().toLowerCase().replace(/\s+/g, ' ')
}

/**
 * Rows whose name, id or external id contains the query (case-insensitive), in the order given.
 * Every whitespace-separated word must match, so "acme 1004" finds "Acme Corp" with id 100042.
 */
export function filterRows(rows: readonly CustomerRow[], query: string): readonly CustomerRow[] {
  const q = normaliseQuery(query)
  if (!q) return rows
  const words = q.split(' ')
  if (words.length === 1) return rows.filter((r) => r.key.includes(q))
  return rows.filter((r) => words.every((w) => r.key.includes(w)))
}

/**
 * `filterRows` that remembers its last answer: when the new query only extends the last one (the common case,
 * typing one more letter), every row that can match is among the last matches, so only those are scanned. At
 * 50,000 customers a keystroke then costs a scan of the previous matches, not of the whole directory.
 * Safe because each word of the longer query contains the word at the same place in the shorter one.
 */
export function createIncrementalFilter(): (rows: readonly CustomerRow[], query: string) => readonly CustomerRow[] {
  let lastRows: readonly CustomerRow[] | null = null
  let lastQuery = ''
  let lastResult: readonly CustomerRow[] = []
  return (rows, query) => {
    const q = normaliseQuery(query)
    const narrower = rows === lastRows && lastQuery !== '' && q.startsWith(lastQuery)
    const result = narrower ? filterRows(lastResult, q) : filterRows(rows, q)
    lastRows = rows
    lastQuery = q
    lastResult = result
    return result
  }
}

/**
 * The quick switcher's ranking: an exact id or external id first, then names starting with the query, then
 * any other match; at most `limit` results.
 */
export function topMatches(rows: readonly CustomerRow[], query: string, limit = 8): CustomerRow[] {
  const q = normaliseQuery(query)
  if (!q) return rows.slice(0, limit)
  const exact: CustomerRow[] = []
  const prefix: CustomerRow[] = []
  const rest: CustomerRow[] = []
  for (const r of filterRows(rows, q)) {
    if (String(r.id) === q || r.externalId.toLowerCase() === q) exact.push(r)
    else if (r.name.toLowerCase().startsWith(q)) prefix.push(r)
    else if (rest.length < limit) rest.push(r)
    if (exact.length >= limit) break
  }
  return [...exact, ...prefix, ...rest].slice(0, limit)
}
