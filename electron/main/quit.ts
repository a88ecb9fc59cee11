/**
 * Quitting waits for core to close what is open (a widget attempt writes its audit "closed" line on dispose),
 * but never hangs the quit: after DISPOSE_TIMEOUT_MS the app quits anyway and says so in the log.
 *
 * `before-quit` fires for every quit path (menu, Cmd+Q, last window closed, `app.quit()`); Electron cancels the
 * quit if a listener calls `preventDefault()`. So: prevent the first one, dispose, then call `app.quit()` again,
 * which emits `before-quit` once more and is let through. Quit requests while disposing are held back (and
 * satisfied by the one quit that follows). https://www.electronjs.org/docs/latest/api/app#event-before-quit
 */
import { globalTimers, type Timers } from './timers'

export const DISPOSE_TIMEOUT_MS = 5_000

export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown
  quit(): void
}

export interface QuitDeps {
  dispose: () => Promise<void>
  log: { info: (m: string) => void; warn: (m: string) => void }
  /** Injected so tests drive the clock (vi.useFakeTimers); the real globals by default. */
  timers?: Timers
  timeoutMs?: number
}

export type QuitState = 'running' | 'disposing' | 'done'

export function installQuitSequence(app: QuittableApp, deps: QuitDeps): { state: () => QuitState } {
  let state: QuitState = 'running'
  const timeoutMs = deps.timeoutMs ?? DISPOSE_TIMEOUT_MS

  app.on('before-quit', (event) => {
    if (state === 'done') return
    event.preventDefault()
    if (state === 'disposing') return
    state = 'disposing'
    const timers = deps.timers ?? globalTimers
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = timers.setTimeout(() => resolve('timeout'), timeoutMs)
    })
    const disposed = deps.dispose().then(
      () => 'disposed' as const,
      (e: unknown) => {
        deps.log.warn(`closing down failed: ${e instanceof Error ? e.message : String(e)}`)
        return 'failed' as const
      },
    )
    void Promise.race([disposed, timedOut]).then((outcome) => {
      if (timer) timers.clearTimeout(timer)
      if (outcome === 'timeout') deps.log.warn(`closing down took longer than ${timeoutMs / 1000} s; quitting anyway`)
      else deps.log.info('closed down; quitting')
      state = 'done'
      app.quit()
    })
  })
  return { state: () => state }
}
