/**
 * Issue 11, defect 9: a keychain call behind an unanswered unlock prompt hung a request forever. Every vault call
 * now ends within its timeout with a sentence that says what to do; the late answer changes nothing.
 * Fake timers: no wall-clock waiting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createKeytarVault, type KeytarLike } from '../../../../electron/core/vault'
import { isAppError } from '../../../../shared/errors'
import { fakeKeytar } from './fake-keytar'

/** A keytar whose calls wait for `unlock()`, like the OS while its unlock prompt is open. */
function lockedKeytar() {
  const inner = fakeKeytar()
  let unlock: () => void = () => {}
  let locked = new Promise<void>((r) => (unlock = r))
  const gate = async () => locked
  const keytar: KeytarLike = {
    getPassword: async (s, a) => (await gate(), inner.keytar.getPassword(s, a)),
    setPassword: async (s, a, p) => (await gate(), inner.keytar.setPassword(s, a, p)),
    deletePassword: async (s, a) => (await gate(), inner.keytar.deletePassword(s, a)),
    findCredentials: async (s) => (await gate(), inner.keytar.findCredentials(s)),
  }
  return {
    keytar,
    unlock: () => unlock(),
    lock: () => {
      locked = new Promise<void>((r) => (unlock = r))
    },
  }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

const settle = (p: Promise<unknown>) =>
  p.then(
    (v) => ({ v }),
    (e: unknown) => ({ e }),
  )

describe('vault calls behind an unlock prompt', () => {
  it('a read fails after 30 s with an error that says the keychain may be waiting to be unlocked', async () => {
    const k = lockedKeytar()
    const vault = createKeytarVault({ service: 's', keytar: k.keytar })
    const r = settle(vault.get('profile:p1:api-token'))
    await vi.advanceTimersByTimeAsync(29_999)
    let done = false
    void r.then(() => (done = true))
    await Promise.resolve()
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const out = await r
    expect('e' in out && isAppError(out.e) && out.e.data).toMatchObject({
      code: 'vault_unavailable',
      message: 'The system keychain did not answer within 30 s: it may be waiting for you to unlock it.',
    })
  })

  it('a write that timed out loses nothing: the old value stays readable, and the late write lands whole', async () => {
    const k = lockedKeytar()
    const vault = createKeytarVault({ service: 's', keytar: k.keytar, timeoutMs: 1000 })
    k.unlock()
    await vault.set('a', 'old-value-123')
    k.lock()
    const late = settle(vault.set('a', 'new-value-456'))
    await vi.advanceTimersByTimeAsync(1000)
    const out = await late
    expect('e' in out && isAppError(out.e) && out.e.code).toBe('vault_unavailable')
    expect('e' in out && isAppError(out.e) && out.e.data.hint).toMatch(/previous value stays readable/)
    // The person unlocks; the late write completes and the next read sees a whole value, never half of one.
    k.unlock()
    await vi.advanceTimersByTimeAsync(0)
    expect(await vault.get('a')).toBe('new-value-456')
  })
})
