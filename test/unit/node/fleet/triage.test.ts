import { describe, expect, it } from 'vitest'
import type { Problem } from '../../../../shared/domain/health'
import { emptyFilters, filterProblems, groupByKind, problemLocation, sortProblems } from '../../../../shared/domain/triage'

const NOW = Date.parse('2026-01-31T00:00:00Z')
const p = (over: Partial<Problem> & { key: string }): Problem => ({
  kind: 'recipe_stopped_by_cause',
  severity: 'high',
  customerId: 1,
  customerName: 'Acme',
  plan: 'business',
  targetType: 'recipe',
  targetId: 10,
  targetName: 'R',
  provider: 'salesforce',
  since: '2026-01-30T00:00:00Z',
  firstSeenAt: '2026-01-30T00:00:00Z',
  sentence: 's',
  tab: 'recipes',
  recipeIds: [10],
  ...over,
})

const all = [
  p({ key: 'a', severity: 'low', kind: 'trial_ending', provider: null, plan: 'free', since: '2026-01-01T00:00:00Z' }),
  p({ key: 'b', severity: 'critical', kind: 'connection_lost_in_use', provider: 'hubspot', since: '2026-01-29T00:00:00Z', customerId: 2 }),
  p({ key: 'c', severity: 'high', since: '2026-01-20T00:00:00Z', customerId: 3 }),
  p({ key: 'd', severity: 'critical', kind: 'connection_unauthorized_in_use', since: '2026-01-10T00:00:00Z', customerId: 4 }),
]
const keys = (xs: Problem[]) => xs.map((x) => x.key)

describe('triage filters and sort', () => {
  it.each([
    ['no filter keeps everything', emptyFilters(), ['a', 'b', 'c', 'd']],
    ['by kind', { ...emptyFilters(), kinds: ['recipe_stopped_by_cause' as const] }, ['c']],
    ['by provider', { ...emptyFilters(), providers: ['hubspot'] }, ['b']],
    ['by plan', { ...emptyFilters(), plans: ['free'] }, ['a']],
    ['older than 7 days', { ...emptyFilters(), minAgeDays: 7 }, ['a', 'c', 'd']],
    ['changed since the last check', { ...emptyFilters(), changedOnly: true }, ['b']],
  ])('%s', (_, f, want) => {
    expect(keys(filterProblems(all, f, new Set(['b']), NOW))).toEqual(want)
  })

  it('sorts worst first, oldest first within a severity, and flips', () => {
    expect(keys(sortProblems(all, { key: 'severity', order: 'ascend' }))).toEqual(['d', 'b', 'c', 'a'])
    expect(keys(sortProblems(all, { key: 'severity', order: 'descend' }))).toEqual(['a', 'c', 'd', 'b'])
  })

  it('sorts by age, youngest first ascending', () => {
    expect(keys(sortProblems(all, { key: 'age', order: 'ascend' }))).toEqual(['b', 'c', 'd', 'a'])
    expect(keys(sortProblems(all, { key: 'age', order: 'descend' }))).toEqual(['a', 'd', 'c', 'b'])
  })

  it('groups by kind in the order of the kinds, keeping the sorted order inside', () => {
    const groups = groupByKind(sortProblems(all, { key: 'severity', order: 'ascend' }))
    expect(groups.map((g) => [g.kind, keys(g.rows)])).toEqual([
      ['connection_unauthorized_in_use', ['d']],
      ['connection_lost_in_use', ['b']],
      ['recipe_stopped_by_cause', ['c']],
      ['trial_ending', ['a']],
    ])
  })

  it('opens the exact customer tab, and the recipe for failed jobs', () => {
    expect(problemLocation(p({ key: 'x', tab: 'connections', customerId: 5 }))).toEqual({
      name: 'customer',
      params: { id: '5' },
      query: { tab: 'connections' },
    })
    expect(problemLocation(p({ key: 'y', kind: 'failed_jobs_rising', tab: 'jobs', targetId: 77 }))).toEqual({
      name: 'customer',
      params: { id: '1' },
      query: { tab: 'jobs', recipe: '77' },
    })
  })
})
