/**
 * A renderer that dies or hangs must not leave a blank or frozen window with no explanation.
 * - `render-process-gone`: log the reason and exit code; reload once by itself, but if it dies again within
 *   RELOAD_LOOP_WINDOW_MS (a crash loop) ask the person instead of reloading forever.
 * - `unresponsive`: log it and offer to wait or reload; `responsive` closes that question.
 * - `child-process-gone` (GPU, utility, network service): logged with its type and reason.
 * https://www.electronjs.org/docs/latest/api/web-contents#event-render-process-gone
 */
import type { Details, RenderProcessGoneDetails } from 'electron'

export const RELOAD_LOOP_WINDOW_MS = 60_000

/** The parts of a BrowserWindow's webContents this module touches. */
export interface CrashWatchedContents {
  on(event: 'render-process-gone', listener: (event: unknown, details: Pick<RenderProcessGoneDetails, 'reason' | 'exitCode'>) => void): unknown
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown
  reload(): void
  isDestroyed(): boolean
}

export interface CrashDeps {
  log: { info: (m: string) => void; warn: (m: string) => void; error: (m: string) => void }
  now: () => number
  /** Asks "reload or quit?" after a repeated crash; resolves true to reload. */
  askReloadAfterCrash: (reason: string) => Promise<boolean>
  /** Asks "wait or reload?" while the page hangs; the signal aborts when it responds again. Resolves true to reload. */
  askReloadWhenUnresponsive: (signal: AbortSignal) => Promise<boolean>
  quit: () => void
}

const reasonText: Record<string, string> = {
  'clean-exit': 'exited normally',
  'abnormal-exit': 'exited with an error',
  killed: 'was killed',
  crashed: 'crashed',
  oom: 'ran out of memory',
  'launch-failed': 'could not start',
  'integrity-failure': 'failed a code integrity check',
  'memory-eviction': 'was closed to free memory',
}

export function describeGone(reason: string): string {
  return reasonText[reason] ?? `stopped (${reason})`
}

export function watchRendererCrashes(contents: CrashWatchedContents, deps: CrashDeps): void {
  let lastAutoReload: number | null = null
  let hang: AbortController | null = null

  contents.on('render-process-gone', (_event, details) => {
    hang?.abort()
    hang = null
    const what = describeGone(details.reason)
    // Electron also reports a renderer that exits cleanly (e.g. while the window closes); nothing to recover.
    if (details.reason === 'clean-exit') {
      deps.log.info(`renderer ${what} (exit code ${details.exitCode})`)
      return
    }
    deps.log.error(`renderer ${what} (reason ${details.reason}, exit code ${details.exitCode})`)
    if (contents.isDestroyed()) return
    const t = deps.now()
    if (lastAutoReload === null || t - lastAutoReload > RELOAD_LOOP_WINDOW_MS) {
      lastAutoReload = t
      deps.log.info('reloading the window after the renderer stopped')
      contents.reload()
      return
    }
    deps.log.warn('the renderer stopped again within a minute of the last reload; asking before reloading')
    void deps.askReloadAfterCrash(what).then((reload) => {
      if (!reload) return deps.quit()
      if (contents.isDestroyed()) return
      lastAutoReload = deps.now()
      contents.reload()
    })
  })

  contents.on('unresponsive', () => {
    deps.log.warn('the window stopped responding')
    if (hang) return // already asking
    const current = new AbortController()
    hang = current
    void deps.askReloadWhenUnresponsive(current.signal).then((reload) => {
      if (hang === current) hang = null
      if (current.signal.aborted) return // it recovered (or died) while we were asking
      if (reload && !contents.isDestroyed()) {
        deps.log.info("reloading the unresponsive window at the user's request")
        contents.reload()
      }
    })
  })

  contents.on('responsive', () => {
    if (!hang) return
    deps.log.info('the window responds again')
    hang.abort()
    hang = null
  })
}

/** For `app.on('child-process-gone')`. */
export function logChildProcessGone(
  log: CrashDeps['log'],
  details: Pick<Details, 'type' | 'reason' | 'exitCode'> & { serviceName?: string; name?: string },
): void {
  const label = details.name ?? details.serviceName ?? details.type
  const line = `${details.type} process${label !== details.type ? ` "${label}"` : ''} ${describeGone(details.reason)} (reason ${details.reason}, exit code ${details.exitCode})`
  if (details.reason === 'clean-exit') log.info(line)
  else log.error(line)
}
