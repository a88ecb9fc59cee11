/** The typed fake bridge refuses what the contract refuses, so renderer tests cannot drift from it. */
import { describe, expect, it } from 'vitest'
import { createFakeBridge, type FakeResponse } from '../../support/fake-bridge'

describe('fake bridge', () => {
  it('answers a call with the contract-parsed response', async () => {
    const fake = createFakeBridge()
    fake.answer('recipes:start', () => ({ success: false, problems: ['Step 1 · Slack connection is not selected'] }))
    expect(await fake.bridge.api.recipes.start({ profileId: 'sandbox', customerId: 1, recipeId: 7 })).toEqual({
      ok: true,
      data: { success: false, problems: ['Step 1 · Slack connection is not selected'] },
    })
    expect(fake.requestsOf('recipes:start')).toEqual([{ profileId: 'sandbox', customerId: 1, recipeId: 7 }])
  })

  it('a response that drifted from the contract fails, and is recorded as drift', async () => {
    const fake = createFakeBridge()
    // The shape an untyped stand-in could return (no operation_type): the contract refuses it.
    const drifted = { package: { id: 1, status: 'processing' }, folderId: 5 } as unknown as FakeResponse<'flows:importStart'>
    fake.answer('flows:importStart', () => drifted)
    await expect(
      fake.bridge.api.flows.importStart({ profileId: 'sandbox', customerId: 1, fileName: 'p.zip', zipBase64: 'UEsDBA==', folder: { create: 'X' } }),
    ).rejects.toThrow(/drifted from the contract/)
    expect(fake.drift).toEqual([expect.stringMatching(/^flows:importStart answered a shape the contract refuses: package\.operation_type/)])
  })

  it('an operation the test did not answer fails instead of resolving to nothing', async () => {
    const fake = createFakeBridge()
    await expect(fake.bridge.api.app.notices()).rejects.toThrow(/no answer for app:notices/)
  })

  it('a request the contract refuses comes back as a validation error, as from main', async () => {
    const fake = createFakeBridge()
    fake.answer('recipes:start', () => ({ success: true, problems: [] }))
    const res = await fake.bridge.api.recipes.start({ profileId: 'sandbox', customerId: -1, recipeId: 7 })
    expect(res).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(fake.calls).toEqual([])
  })

  it('events are checked against their payload schema', () => {
    const fake = createFakeBridge()
    const seen: unknown[] = []
    fake.bridge.on('notice', (n) => seen.push(n.id))
    fake.emit('notice', { id: 'x', level: 'info', title: 'T', message: 'M', at: '2026-11-26T00:00:00Z' })
    expect(seen).toEqual(['x'])
    expect(() => fake.emit('notice', { id: 'x' } as never)).toThrow(/drifted from the contract/)
  })
})
