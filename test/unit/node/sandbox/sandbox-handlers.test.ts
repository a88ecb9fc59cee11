/** The Sandbox profile's operations: status from the emulator's truth, switches that change it, an audit line each. */
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../../../electron/emulator'
import type { AuditRecord } from '../../../../electron/core/audit'
import { sandboxHandlers } from '../../../../electron/core/sandbox-handlers'
import { AppError } from '../../../../shared/errors'

const ctx = { signal: new AbortController().signal }
let handle: EmulatorHandle | null = null
afterEach(async () => {
  await handle?.close()
  handle = null
})

function setup(h: EmulatorHandle | null) {
  const lines: AuditRecord[] = []
  const handlers = sandboxHandlers({ sandbox: () => h, audit: { record: async (r) => void lines.push(r) } })
  return { handlers, lines }
}

describe('sandbox:status and sandbox:scenario', () => {
  it('report the size and problems, apply a switch, and audit it', async () => {
    handle = await startEmulator({ customers: 40, seed: 2, rateLimits: 'off' })
    const { handlers, lines } = setup(handle)
    const before = await handlers['sandbox:status'](undefined, ctx)
    expect(before).toMatchObject({ running: true, customers: 40, seed: 2 })
    const recipe = [...handle.state.workspace(handle.state.listCustomers()[0] ?? fail()).recipes.values()].find((r) => r.running)
    if (!recipe) throw new Error('no running recipe for customer 1')
    const r = await handlers['sandbox:scenario'](
      { action: 'stop-recipe', customerId: 100_001, recipeId: recipe.id, cause: 'action_quota_limit' },
      ctx,
    )
    expect(r.summary).toContain('stopped with stop_cause action_quota_limit')
    expect(r.status.problems.recipe_stopped_by_cause).toBe(before.problems.recipe_stopped_by_cause + 1)
    expect(lines).toEqual([
      {
        action: 'sandbox.stop-recipe',
        profileId: 'sandbox',
        customerId: 100_001,
        target: `recipe ${recipe.id}`,
        outcome: 'ok',
        correlationId: null,
        detail: r.summary,
      },
    ])
  })

  it('turn a switch that finds nothing into a not_found error, audited as failed', async () => {
    handle = await startEmulator({ customers: 5, rateLimits: 'off' })
    const { handlers, lines } = setup(handle)
    const err = await handlers['sandbox:scenario']({ action: 'fail-jobs', customerId: 100_001, recipeId: 7, count: 1 }, ctx).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).data).toMatchObject({ code: 'not_found', message: 'Recipe 7 does not belong to customer 100001.' })
    expect(lines.map((l) => l.outcome)).toEqual(['failed'])
  })

  it('say plainly when the Sandbox is not running', async () => {
    const { handlers, lines } = setup(null)
    expect(await handlers['sandbox:status'](undefined, ctx)).toMatchObject({ running: false, customers: 0 })
    const err = await handlers['sandbox:scenario']({ action: 'reset-baseline' }, ctx).catch((e: unknown) => e)
    expect((err as AppError).data).toMatchObject({ code: 'not_found', message: 'The Sandbox is not running, so there is nothing to switch.' })
    expect(lines).toEqual([])
  })
})

function fail(): never {
  throw new Error('missing')
}
