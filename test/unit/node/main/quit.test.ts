import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DISPOSE_TIMEOUT_MS, installQuitSequence } from '../../../../electron/main/quit'

/** Behaves like Electron's app for quitting: quit() emits before-quit and quits unless a listener prevented it. */
class FakeApp extends EventEmitter {
  quitted = 0
  quitRequests = 0
  quit(): void {
    this.quitRequests++
    let prevented = false
    this.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (!prevented) this.quitted++
  }
}

function setup(dispose: () => Promise<void>) {
  const app = new FakeApp()
  const lines: string[] = []
  const seq = installQuitSequence(app, { dispose, log: { info: (m) => lines.push(m), warn: (m) => lines.push(m) } })
  return { app, lines, seq }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('quit sequence', () => {
  it('holds the quit until core has disposed (so the audit close line is written), then quits once', async () => {
    const order: string[] = []
    let finish = () => {}
    const { app } = setup(() => new Promise<void>((r) => (finish = () => (order.push('disposed'), r()))))
    app.quit()
    expect(app.quitted).toBe(0)
    finish()
    await vi.runAllTimersAsync()
    expect(order).toEqual(['disposed'])
    expect(app.quitted).toBe(1)
  })

  it('quits anyway when dispose hangs, after the timeout and not before', async () => {
    const { app, lines } = setup(() => new Promise<void>(() => {}))
    app.quit()
    await vi.advanceTimersByTimeAsync(DISPOSE_TIMEOUT_MS - 1)
    expect(app.quitted).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(app.quitted).toBe(1)
    expect(lines.join('\n')).toMatch(/took longer than 5 s/)
  })

  it('quits when dispose fails, and logs why', async () => {
    const { app, lines } = setup(() => Promise.reject(new Error('disk full')))
    app.quit()
    await vi.runAllTimersAsync()
    expect(app.quitted).toBe(1)
    expect(lines.join('\n')).toMatch(/disk full/)
  })

  it('disposes once however many quit requests arrive meanwhile', async () => {
    const dispose = vi.fn(() => new Promise<void>((r) => setTimeout(r, 100)))
    const { app } = setup(dispose)
    app.quit()
    app.quit()
    app.quit()
    await vi.runAllTimersAsync()
    expect(dispose).toHaveBeenCalledTimes(1)
    expect(app.quitted).toBe(1)
  })
})
