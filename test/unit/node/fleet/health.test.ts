import { describe, expect, it } from 'vitest'
import { deriveProblems, failedCounts, type HealthInput } from '../../../../shared/domain/health'
import type { HealthKind } from '../../../../shared/domain/health-kinds'
import type { Connection, Recipe } from '../../../../shared/domain/workato'

const NOW = '2026-01-10T12:00:00.000Z'
const customer = { id: 7, name: 'Acme', plan_id: 'business', in_trial: false, task_count: 10, task_limit: 1000 }
const conn = (over: Partial<Connection> & { id: number }): Connection => ({
  name: `Conn ${over.id}`,
  provider: 'salesforce',
  authorization_status: 'success',
  ...over,
})
const recipe = (over: Partial<Recipe> & { id: number }): Recipe => ({
  name: `Recipe ${over.id}`,
  running: true,
  job_failed_count: 0,
  config: [],
  ...over,
})
const slot = (account_id: number | null) => ({ keyword: 'application', name: 'salesforce', provider: 'salesforce', account_id })

interface Case {
  name: string
  input: Partial<HealthInput>
  want: { kind: HealthKind; targetId: number; severity?: string; tab?: string; recipeIds?: number[]; since?: string }[]
}

const cases: Case[] = [
  {
    name: 'a healthy customer has no problems',
    input: { connections: [conn({ id: 1 })], recipes: [recipe({ id: 10, config: [slot(1)] })] },
    want: [],
  },
  {
    name: 'an unauthorised connection used by a running recipe',
    input: {
      connections: [conn({ id: 1, authorization_status: 'failed', authorization_error: 'invalid_grant' })],
      recipes: [recipe({ id: 10, config: [slot(1)] })],
    },
    want: [{ kind: 'connection_unauthorized_in_use', targetId: 1, severity: 'critical', tab: 'connections', recipeIds: [10] }],
  },
  {
    name: 'a shell connection (null status) used by a running recipe counts as not authorised',
    input: {
      connections: [conn({ id: 1, authorization_status: null })],
      recipes: [recipe({ id: 10, config: [slot(1)] }), recipe({ id: 11, config: [slot(1)] })],
    },
    want: [{ kind: 'connection_unauthorized_in_use', targetId: 1, recipeIds: [10, 11] }],
  },
  {
    name: 'a lost connection used by a running recipe, since when it was lost',
    input: {
      connections: [
        conn({ id: 1, authorization_status: 'failed', connection_lost_at: '2026-01-02T00:00:00Z', connection_lost_reason: 'token revoked' }),
      ],
      recipes: [recipe({ id: 10, config: [slot(1)] })],
    },
    want: [{ kind: 'connection_lost_in_use', targetId: 1, since: '2026-01-02T00:00:00Z' }],
  },
  {
    name: 'an unauthorised connection used only by stopped recipes is not a problem',
    input: { connections: [conn({ id: 1, authorization_status: 'failed' })], recipes: [recipe({ id: 10, running: false, config: [slot(1)] })] },
    want: [],
  },
  ...(['trigger_errors_limit', 'action_quota_limit', 'trial_expired', 'txn_quota_limit'] as const).map((cause): Case => ({
    name: `a recipe stopped with stop_cause ${cause}`,
    input: { recipes: [recipe({ id: 10, running: false, stop_cause: cause, stopped_at: '2026-01-05T00:00:00Z' })] },
    want: [{ kind: 'recipe_stopped_by_cause', targetId: 10, severity: 'high', tab: 'recipes', recipeIds: [10], since: '2026-01-05T00:00:00Z' }],
  })),
  {
    name: 'a recipe stopped by a person (no cause) is not a problem',
    input: { recipes: [recipe({ id: 10, running: false, stop_cause: null })] },
    want: [],
  },
  {
    name: 'failed jobs rising since the previous check',
    input: { recipes: [recipe({ id: 10, job_failed_count: 12 })], previousFailed: new Map([[10, 9]]) },
    want: [{ kind: 'failed_jobs_rising', targetId: 10, severity: 'medium', tab: 'jobs' }],
  },
  {
    name: 'failed jobs unchanged are not a problem',
    input: { recipes: [recipe({ id: 10, job_failed_count: 9 })], previousFailed: new Map([[10, 9]]) },
    want: [],
  },
  {
    name: 'a first check cannot tell whether failures rose',
    input: { recipes: [recipe({ id: 10, job_failed_count: 300 })], previousFailed: null },
    want: [],
  },
  {
    name: 'task usage at 90 % of the limit',
    input: { customer: { ...customer, task_count: 900 } },
    want: [{ kind: 'task_usage_near_limit', targetId: 7, severity: 'medium' }],
  },
  {
    name: 'task usage at the limit is critical',
    input: { customer: { ...customer, task_count: 1000 } },
    want: [{ kind: 'task_usage_near_limit', targetId: 7, severity: 'critical' }],
  },
  { name: 'task usage at 89 % is fine', input: { customer: { ...customer, task_count: 899 } }, want: [] },
  {
    name: 'a re-authorised connection that still carries an old connection_lost_at is fine',
    input: {
      connections: [conn({ id: 1, authorization_status: 'success', connection_lost_at: '2026-01-01T00:00:00.000Z' })],
      recipes: [recipe({ id: 10, config: [slot(1)] })],
    },
    want: [],
  },
  { name: 'a task count that is not a number is no usage problem', input: { customer: { ...customer, task_count: '950' } }, want: [] },
  { name: 'no task limit, no usage problem', input: { customer: { ...customer, task_count: 5, task_limit: 0 } }, want: [] },
  {
    name: 'a customer in a trial',
    input: { customer: { ...customer, in_trial: true } },
    want: [{ kind: 'trial_ending', targetId: 7, severity: 'low' }],
  },
  {
    name: 'a default connection not authorised while runtime user connections depend on it',
    input: {
      connections: [
        conn({ id: 1, authorization_status: 'failed' }),
        conn({ id: 2, parent_id: 1, external_id: 'user-1' }),
        conn({ id: 3, parent_id: 1, external_id: 'user-2' }),
      ],
    },
    want: [{ kind: 'default_connection_unauthorized_for_runtime_users', targetId: 1, severity: 'high' }],
  },
  {
    name: 'an authorised default connection with runtime users is fine',
    input: { connections: [conn({ id: 1 }), conn({ id: 2, parent_id: 1, external_id: 'user-1' })] },
    want: [],
  },
]

describe('deriveProblems', () => {
  it.each(cases)('$name', ({ input, want }) => {
    const got = deriveProblems({ customer, connections: [], recipes: [], previousFailed: null, now: NOW, ...input })
    expect(got.map((p) => ({ kind: p.kind, targetId: p.targetId }))).toEqual(want.map((w) => ({ kind: w.kind, targetId: w.targetId })))
    for (const [i, w] of want.entries()) {
      const p = got[i]
      if (w.severity) expect(p?.severity).toBe(w.severity)
      if (w.tab) expect(p?.tab).toBe(w.tab)
      if (w.recipeIds) expect(p?.recipeIds).toEqual(w.recipeIds)
      expect(p?.since).toBe(w.since ?? NOW)
      expect(p?.customerId).toBe(7)
      expect(p?.sentence.length).toBeGreaterThan(20)
    }
  })

  it('keeps when a problem was first seen from one check to the next', () => {
    const input = { customer: { ...customer, in_trial: true }, connections: [], recipes: [], previousFailed: null }
    const first = deriveProblems({ ...input, now: '2026-01-01T00:00:00.000Z' })
    const second = deriveProblems({ ...input, previous: first, now: NOW })
    expect(second[0]?.firstSeenAt).toBe('2026-01-01T00:00:00.000Z')
  })

  it('lists the worst first and says what Workato said', () => {
    const got = deriveProblems({
      customer: { ...customer, in_trial: true },
      connections: [conn({ id: 1, authorization_status: 'failed', authorization_error: 'invalid_grant' })],
      recipes: [recipe({ id: 10, config: [slot(1)] })],
      previousFailed: null,
      now: NOW,
    })
    expect(got.map((p) => p.severity)).toEqual(['critical', 'low'])
    expect(got[0]?.sentence).toContain('invalid_grant')
    expect(got[0]?.sentence).toContain('"Recipe 10"')
  })

  it('remembers failed counts of running recipes only', () => {
    expect(failedCounts([recipe({ id: 1, job_failed_count: 3 }), recipe({ id: 2, running: false, job_failed_count: 5 })])).toEqual([[1, 3]])
  })
})
