/**
 * The sweep through the real core against the Sandbox's own truth (`handle.truth()`, electron/emulator/scenarios.ts):
 * every problem the triage view would list is one the emulator holds, and nothing it holds is missed. Then a
 * `fail-jobs` switch and a second sweep: exactly that recipe shows as `failed_jobs_rising`, as "changed".
 */
import os from 'node:os'
import { mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { problemKey } from '../../../shared/domain/health-kinds'
import { changedKeys } from '../../../shared/domain/triage'
import type { SweepStatus } from '../../../shared/contract/fleet'
import { startHarness, type Harness } from '../../harness/server'

const ctx = () => ({ signal: new AbortController().signal })

let dataDir: string
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-fleet-truth-'))
})
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

async function sweep(h: Harness, profileId: string, restart: boolean): Promise<SweepStatus> {
  await h.core.handlers['fleet:sweepStart']({ profileId, restart }, ctx())
  for (;;) {
    const s = await h.core.handlers['fleet:sweepStatus']({ profileId }, ctx())
    if (s.state !== 'running' && s.state !== 'paused') return s
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('the sweep against the Sandbox truth', () => {
  it('finds exactly the problems the Sandbox holds, and a fail-jobs switch as failed_jobs_rising', async () => {
    // 60 customers hold problems of several kinds and keep two sweeps quick.
    const h = await startHarness({ dataDir, rendererDir: os.tmpdir(), sandbox: { customers: 60 } })
    try {
      const { activeId } = await h.core.handlers['profiles:list'](undefined, ctx())
      const profileId = activeId ?? ''
      const sandbox = h.core.sandbox()
      if (!sandbox) throw new Error('the harness has no Sandbox')
      expect((await sweep(h, profileId, false)).state).toBe('done')
      const truth = sandbox.truth().map(problemKey).sort()
      const first = await h.core.handlers['fleet:problems']({ profileId }, ctx())
      expect(first.failures).toEqual([])
      expect(first.problems.map(problemKey).sort()).toEqual(truth)
      expect(truth.length).toBeGreaterThan(0)

      // A running recipe gets 3 new failed jobs; the next sweep reports exactly that rise, as a change.
      const target = sandbox.state
        .listCustomers()
        .flatMap((c) =>
          [...sandbox.state.workspace(c).recipes.values()].filter((r) => r.running).map((r) => ({ customerId: c.id, recipeId: r.id })),
        )[0]
      if (!target) throw new Error('the Sandbox has no running recipe')
      expect(sandbox.scenario({ action: 'fail-jobs', ...target, count: 3 })).toMatchObject({ ok: true })
      expect((await sweep(h, profileId, true)).state).toBe('done')
      const second = await h.core.handlers['fleet:problems']({ profileId }, ctx())
      expect(second.problems.map(problemKey).sort()).toEqual(sandbox.truth().map(problemKey).sort())
      const before = new Map(second.customers.map((c) => [c.customerId, c.previousCheckedAt]))
      const changed = changedKeys(second.problems, (id) => before.get(id))
      const shown = second.problems.filter((p) => changed.has(p.key))
      expect(shown.map((p) => ({ kind: p.kind, customerId: p.customerId, targetId: p.targetId }))).toEqual([
        { kind: 'failed_jobs_rising', customerId: target.customerId, targetId: target.recipeId },
      ])
      expect(shown[0]?.sentence).toContain('3 new failed jobs')
    } finally {
      await h.close()
    }
  }, 60_000)
})
