/**
 * The handlers as the app runs them: through dispatch(), which validates each request and each response against
 * the IPC contract and turns errors into plain data. Catches any drift between what core returns and the contract.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../../electron/core/rpc/dispatch'
import type { Handlers } from '../../../electron/core/rpc/types'
import { PROFILE, customerWithRunningRecipe, rig, type Rig } from './harness'

let r: Rig
afterEach(async () => {
  await r?.close()
})

function call(channel: string, payload: unknown) {
  // Only the workato domains are wired here; dispatch looks up the one handler it needs.
  return dispatch(r.handlers as unknown as Handlers, channel, payload, r.ctx(), () => [r.sandbox.token])
}

describe('workato handlers through the contract', () => {
  it('every operation answers within its response schema', async () => {
    r = await rig()
    const { customer, recipe, connectionId } = customerWithRunningRecipe(r.sandbox)
    const ref = { profileId: PROFILE, customerId: customer.id }
    const ok = async (channel: string, payload: unknown) => {
      const res = await call(channel, payload)
      if (!res.ok) throw new Error(`${channel}: ${JSON.stringify(res.error)}`)
      return res.data
    }
    await ok('customers:refresh', { profileId: PROFILE })
    expect(await ok('customers:list', { profileId: PROFILE })).toMatchObject({ stale: false, error: null })
    await ok('customers:get', ref)
    await ok('customers:update', { ...ref, patch: { name: 'Renamed Co' } })
    await ok('customers:create', { profileId: PROFILE, input: { name: 'New Co', notification_email: 'n@new.example' } })
    await ok('customers:cancelRefresh', { profileId: PROFILE })
    await ok('connections:list', { ...ref, filters: { include_tags: true } })
    await ok('connections:get', { ...ref, connectionId })
    expect(await ok('connections:usage', { ...ref, connectionId })).toMatchObject({ connectionId })
    const shell = (await ok('connections:create', { ...ref, input: { provider: 'jira', shell_connection: true } })) as { id: number }
    await ok('connections:update', { ...ref, connectionId: shell.id, patch: { name: 'Shell' } })
    await ok('connections:disconnect', { ...ref, connectionId: shell.id })
    await ok('connections:delete', { ...ref, connectionId: shell.id })
    await ok('recipes:list', ref)
    await ok('recipes:get', { ...ref, recipeId: recipe.id })
    expect(await ok('recipes:start', { ...ref, recipeId: recipe.id })).toMatchObject({ success: false })
    await ok('recipes:stop', { ...ref, recipeId: recipe.id })
    await ok('jobs:list', { ...ref, recipeId: recipe.id, status: 'succeeded' })
    await ok('folders:list', ref)
  })

  it('errors cross as plain data with code, status, hint, and no token', async () => {
    r = await rig()
    const { customer, connectionId } = customerWithRunningRecipe(r.sandbox)
    const res = await call('connections:disconnect', { profileId: PROFILE, customerId: customer.id, connectionId })
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.error.code).toBe('conflict')
    expect(res.error.hint).toMatch(/force/)

    const missing = await call('customers:get', { profileId: PROFILE, customerId: 1 })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', status: 404 } })
    expect(JSON.stringify(missing)).not.toContain(r.sandbox.token)
  })
})
