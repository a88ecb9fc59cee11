/**
 * Auto-update policy. The updater exists only in a packaged build that was given an update provider at build time
 * (electron-builder then writes `app-update.yml` into the resources folder, where electron-updater's AppUpdater
 * reads it in a packaged app: node_modules/electron-updater/out/AppUpdater.js, `updateConfigPath`). Otherwise it is off: electron-updater
 * is not even imported, so no update code runs and nothing goes over the network.
 *
 * `electron-updater` is loaded lazily because importing it pulls in Electron's native autoUpdater on macOS and
 * its `autoUpdater` getter constructs a platform updater that reads the app's update config
 * (node_modules/electron-updater/out/main.js: doLoadAutoUpdater).
 */
import path from 'node:path'

export const UPDATE_CONFIG_FILE = 'app-update.yml'

export interface UpdateInfoLike {
  version: string
}

/** The parts of electron-updater's AppUpdater this policy uses. */
export interface UpdaterLike {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  logger: { info(m?: unknown): void; warn(m?: unknown): void; error(m?: unknown): void } | null
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: UpdateInfoLike) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: UpdateInfoLike } | null>
  quitAndInstall(): void
}

export interface UpdateDialogs {
  info(title: string, message: string): void
  error(title: string, message: string): void
  /** "Version x is ready. Restart now?" Resolves true to restart. */
  askRestart(version: string): Promise<boolean>
}

export interface UpdatesDeps {
  isPackaged: boolean
  resourcesPath: string
  exists: (file: string) => boolean
  load: () => Promise<UpdaterLike>
  dialogs: UpdateDialogs
  log: { info: (m: string) => void; warn: (m: string) => void; error: (m: string) => void }
  currentVersion: string
}

export interface Updates {
  readonly enabled: boolean
  /** The startup check: quiet unless an update is downloaded and ready. */
  checkInBackground(): Promise<void>
  /** "Check for Updates…" in the menu: always answers in a dialog. */
  checkNow(): Promise<void>
}

export function updatesEnabled(isPackaged: boolean, resourcesPath: string, exists: (file: string) => boolean): boolean {
  return isPackaged && exists(path.join(resourcesPath, UPDATE_CONFIG_FILE))
}

const TITLE = 'Software Update'

function plain(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function createUpdates(deps: UpdatesDeps): Updates {
  const enabled = updatesEnabled(deps.isPackaged, deps.resourcesPath, deps.exists)
  let updater: Promise<UpdaterLike> | null = null
  let phase: 'idle' | 'checking' | 'downloading' | 'ready' = 'idle'
  let pendingVersion = ''
  // True while a person who asked is waiting for an answer about the download (errors then go to a dialog too).
  let someoneWaiting = false

  const get = (): Promise<UpdaterLike> => {
    updater ??= deps.load().then((u) => {
      // Download in the background once found; install on quit if the person chooses "Later".
      u.autoDownload = true
      u.autoInstallOnAppQuit = true
      // Its own chatter goes to our log file (through core's redactor), not to stdout.
      u.logger = {
        info: (m) => deps.log.info(`updater: ${String(m)}`),
        warn: (m) => deps.log.warn(`updater: ${String(m)}`),
        error: (m) => deps.log.error(`updater: ${String(m)}`),
      }
      u.on('update-available', (info) => {
        phase = 'downloading'
        pendingVersion = info.version
        deps.log.info(`update ${info.version} found; downloading`)
      })
      u.on('update-not-available', () => {
        if (phase === 'checking') phase = 'idle'
      })
      u.on('update-downloaded', (info) => {
        phase = 'ready'
        pendingVersion = info.version
        someoneWaiting = false
        deps.log.info(`update ${info.version} downloaded`)
        void offerRestart(u)
      })
      u.on('error', (e) => {
        deps.log.error(`update failed: ${plain(e)}`)
        if (phase !== 'ready') phase = 'idle'
        if (someoneWaiting) {
          someoneWaiting = false
          deps.dialogs.error(TITLE, `The update could not be downloaded: ${plain(e)}`)
        }
      })
      return u
    })
    return updater
  }

  // A function, not an inline comparison: the phase changes under an await, which TypeScript's narrowing ignores.
  const downloaded = () => phase === 'ready'

  async function offerRestart(u: UpdaterLike): Promise<void> {
    if (await deps.dialogs.askRestart(pendingVersion)) u.quitAndInstall()
  }

  /** Runs one check; resolves to what a person should be told, or null when a download is under way. */
  async function check(u: UpdaterLike): Promise<'up-to-date' | 'downloading' | 'unavailable'> {
    phase = 'checking'
    const result = await u.checkForUpdates()
    if (!result) {
      phase = 'idle'
      return 'unavailable'
    }
    if (!result.isUpdateAvailable) {
      phase = 'idle'
      return 'up-to-date'
    }
    pendingVersion = result.updateInfo.version
    if (phase === 'checking') phase = 'downloading'
    return 'downloading'
  }

  return {
    enabled,
    async checkInBackground() {
      if (!enabled) return
      try {
        const u = await get()
        if (phase !== 'idle') return
        await check(u)
      } catch (e) {
        deps.log.warn(`background update check failed: ${plain(e)}`)
      }
    },
    async checkNow() {
      if (!enabled) {
        deps.dialogs.info(
          TITLE,
          'Updates are not configured for this build: it was built without an update provider. Ask whoever distributes it for a newer version.',
        )
        return
      }
      try {
        const u = await get()
        if (phase === 'ready') return void (await offerRestart(u))
        if (phase === 'downloading') {
          someoneWaiting = true
          return deps.dialogs.info(TITLE, `Version ${pendingVersion} is downloading. You will be asked to restart when it is ready.`)
        }
        const outcome = await check(u)
        if (outcome === 'up-to-date') return deps.dialogs.info(TITLE, `Embedded Console ${deps.currentVersion} is up to date.`)
        if (outcome === 'unavailable') return deps.dialogs.info(TITLE, 'Updates are not available for this copy of the app.')
        if (downloaded()) return // downloaded while we were checking; the restart question is already up
        someoneWaiting = true
        deps.dialogs.info(TITLE, `Version ${pendingVersion} is downloading. You will be asked to restart when it is ready.`)
      } catch (e) {
        phase = 'idle'
        deps.log.error(`update check failed: ${plain(e)}`)
        deps.dialogs.error(TITLE, `Could not check for updates: ${plain(e)}`)
      }
    },
  }
}
