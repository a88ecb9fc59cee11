import { describe, expect, it } from 'vitest'
import { withAudit, type AuditRecord } from '../../../../electron/core/audit'
import type { Handlers } from '../../../../electron/core/rpc/types'
import { appError } from '../../../../shared/errors'
import { ecKey, pemBodyLines } from '../keys/key-fixtures'

function setup(over: Partial<Record<string, (req: unknown) => Promise<unknown>>>) {
  const lines: AuditRecord[] = []
  const handlers = withAudit({ record: async (r) => void lines.push(r) }, over as unknown as Handlers)
  const call = (op: string, req: unknown) =>
    (handlers as unknown as Record<string, (r: unknown, c: { signal: AbortSignal }) => Promise<unknown>>)[op]?.(req, {
      signal: new AbortController().signal,
    })
  return { lines, call }
}

describe('withAudit', () => {
  it('records a recipe start with its ids and outcome, and a refused start (config errors) as failed', async () => {
    let ok = true
    const t = setup({ 'recipes:start': async () => ({ success: ok, problems: ok ? [] : ['Step 1: Salesforce connection is not connected'] }) })
    await t.call('recipes:start', { profileId: 'sandbox', customerId: 7, recipeId: 42 })
    ok = false
    await t.call('recipes:start', { profileId: 'sandbox', customerId: 7, recipeId: 42 })
    expect(t.lines).toEqual([
      { action: 'recipe.start', profileId: 'sandbox', customerId: 7, target: 'recipe 42', outcome: 'ok', correlationId: null, detail: null },
      expect.objectContaining({ outcome: 'failed', detail: 'Step 1: Salesforce connection is not connected' }),
    ])
  })

  it('a thrown API error is recorded as failed with its correlation id, and still reaches the caller', async () => {
    const t = setup({
      'connections:delete': async () => {
        throw appError('api_error', 'Workato answered 500', { correlationId: 'corr-77' })
      },
    })
    await expect(t.call('connections:delete', { profileId: 'p', customerId: 3, connectionId: 9 })).rejects.toMatchObject({
      data: { code: 'api_error' },
    })
    expect(t.lines[0]).toMatchObject({
      action: 'connection.delete',
      target: 'connection 9',
      outcome: 'failed',
      correlationId: 'corr-77',
      detail: 'api_error: Workato answered 500',
    })
  })

  it('a cancelled call is recorded as cancelled', async () => {
    const t = setup({
      'recipes:stop': async () => {
        throw appError('cancelled', 'Cancelled.')
      },
    })
    await expect(t.call('recipes:stop', { profileId: 'p', customerId: 3, recipeId: 1 })).rejects.toBeDefined()
    expect(t.lines[0]?.outcome).toBe('cancelled')
  })

  it('never puts the API token, a PEM or a pasted token in the line, only which fields changed; inspecting a pasted token (as it is typed) is not a line', async () => {
    const t = setup({
      'profiles:create': async () => ({ id: 'acme' }),
      'profiles:update': async () => ({ id: 'acme' }),
      'keys:import': async () => ({ bits: 2048, fingerprint: 'AB:CD' }),
      'tokens:inspect': async () => ({}),
    })
    await t.call('profiles:create', { name: 'Acme', dataCenter: 'eu', apiToken: 'wrkaus-SECRET-TOKEN', environment: 'production' })
    await t.call('profiles:update', { profileId: 'acme', patch: { apiToken: 'wrkaus-SECRET-TOKEN-2', name: 'Acme EU' } })
    // A real key, made now (never committed): the line must carry none of it.
    const pem = ecKey().export({ type: 'pkcs8', format: 'pem' }).toString()
    await t.call('keys:import', { profileId: 'acme', pem, passphrase: 'hunter22' })
    await t.call('tokens:inspect', { profileId: 'acme', token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig' })
    const text = JSON.stringify(t.lines)
    for (const secret of ['SECRET-TOKEN', 'BEGIN PRIVATE', 'hunter22', 'eyJhbGci', ...pemBodyLines(pem)]) expect(text).not.toContain(secret)
    expect(t.lines.map((l) => [l.action, l.profileId, l.detail])).toEqual([
      ['profile.create', 'acme', 'data center eu; API token stored in the keychain'],
      ['profile.update', 'acme', 'changed: apiToken, name'],
      ['key.import', 'acme', '2048-bit, SHA-256 AB:CD'],
    ])
  })

  it('leaves operations that change nothing alone', async () => {
    const t = setup({ 'recipes:list': async () => ({ items: [] }) })
    await t.call('recipes:list', { profileId: 'p', customerId: 1 })
    expect(t.lines).toEqual([])
  })

  it('a trail that cannot be written does not fail the action', async () => {
    const handlers = withAudit(
      {
        record: async () => {
          throw new Error('disk full')
        },
      },
      { 'recipes:start': async () => ({ success: true, problems: [] }) } as unknown as Handlers,
    )
    await expect(
      handlers['recipes:start']({ profileId: 'p', customerId: 1, recipeId: 2 }, { signal: new AbortController().signal }),
    ).resolves.toMatchObject({
      success: true,
    })
  })
})
