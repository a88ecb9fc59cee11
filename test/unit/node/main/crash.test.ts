import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { logChildProcessGone, RELOAD_LOOP_WINDOW_MS, watchRendererCrashes, type CrashWatchedContents } from '../../../../electron/main/crash'

/** A webContents as far as crashes go: Electron emits these events on it; reload() reloads the page. */
class FakeContents extends EventEmitter implements CrashWatchedContents {
  reloads = 0
  destroyed = false
  reload() {
    this.reloads++
  }
  isDestroyed() {
    return this.destroyed
  }
  gone(reason: string, exitCode = 139) {
    this.emit('render-process-gone', {}, { reason, exitCode })
  }
}

function setup(answers: { afterCrash?: boolean; unresponsive?: boolean } = {}) {
  const contents = new FakeContents()
  const lines: string[] = []
  let clock = 1_000_000
  const asked: string[] = []
  let quits = 0
  const pendingHang: Array<{ signal: AbortSignal; answer: (reload: boolean) => void }> = []
  watchRendererCrashes(contents, {
    log: { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) },
    now: () => clock,
    askReloadAfterCrash: async (what) => (asked.push(`crash:${what}`), answers.afterCrash ?? true),
    askReloadWhenUnresponsive: (signal) => {
      asked.push('hang')
      return new Promise<boolean>((resolve) => {
        pendingHang.push({ signal, answer: resolve })
        signal.addEventListener('abort', () => resolve(false))
      })
    },
    quit: () => void quits++,
  })
  return { contents, lines, asked, pendingHang, tick: (ms: number) => (clock += ms), quits: () => quits }
}

const flush = () => new Promise((r) => setImmediate(r))

describe('renderer crash recovery', () => {
  it('logs the reason and exit code and reloads once by itself', () => {
    const { contents, lines, asked } = setup()
    contents.gone('crashed', 139)
    expect(lines.join('\n')).toMatch(/error renderer crashed \(reason crashed, exit code 139\)/)
    expect(contents.reloads).toBe(1)
    expect(asked).toEqual([])
  })

  it('a second crash within a minute asks instead of reloading in a loop; Quit quits', async () => {
    const { contents, asked, tick, quits } = setup({ afterCrash: false })
    contents.gone('oom')
    tick(RELOAD_LOOP_WINDOW_MS - 1)
    contents.gone('oom')
    await flush()
    expect(contents.reloads).toBe(1)
    expect(asked).toEqual(['crash:ran out of memory'])
    expect(quits()).toBe(1)
  })

  it('answering Reload reloads; a crash long after the last reload reloads by itself again', async () => {
    const { contents, asked, tick } = setup({ afterCrash: true })
    contents.gone('crashed')
    contents.gone('crashed')
    await flush()
    expect(contents.reloads).toBe(2)
    tick(RELOAD_LOOP_WINDOW_MS + 1)
    contents.gone('killed')
    expect(contents.reloads).toBe(3)
    expect(asked).toHaveLength(1)
  })

  it('a clean exit is not a crash', () => {
    const { contents, lines } = setup()
    contents.gone('clean-exit', 0)
    expect(contents.reloads).toBe(0)
    expect(lines.some((l) => l.startsWith('error'))).toBe(false)
  })

  it('unresponsive: asks once, reloads on request', async () => {
    const { contents, asked, pendingHang } = setup()
    contents.emit('unresponsive')
    contents.emit('unresponsive')
    expect(asked).toEqual(['hang'])
    pendingHang[0]?.answer(true)
    await flush()
    expect(contents.reloads).toBe(1)
  })

  it('unresponsive then responsive again: the question goes away and nothing reloads', async () => {
    const { contents, pendingHang } = setup()
    contents.emit('unresponsive')
    contents.emit('responsive')
    expect(pendingHang[0]?.signal.aborted).toBe(true)
    await flush()
    expect(contents.reloads).toBe(0)
  })
})

describe('child process gone', () => {
  it('logs the process, reason and exit code', () => {
    const lines: string[] = []
    const log = {
      info: (m: string) => lines.push(`info ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
      error: (m: string) => lines.push(`error ${m}`),
    }
    logChildProcessGone(log, { type: 'GPU', reason: 'crashed', exitCode: 9 })
    logChildProcessGone(log, { type: 'Utility', reason: 'killed', exitCode: 15, name: 'Network Service' })
    expect(lines).toEqual([
      'error GPU process crashed (reason crashed, exit code 9)',
      'error Utility process "Network Service" was killed (reason killed, exit code 15)',
    ])
  })
})
