/**
 * `settings:*` operations and `settings:showInFolder` (issue 14, item 8). Preferences are written through the one
 * Settings object, so whatever reads them live (the call pacer's `rateLimitShare`) sees a change on its next call.
 */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { SettingsView } from '../../../shared/contract/settings'
import { appError } from '../../../shared/errors'
import type { DomainHandlers } from '../rpc/types'
import type { Settings } from './settings'

export interface UpdatesPort {
  /** True in a packaged build with an update feed (electron/main/updater.ts `updatesEnabled`). */
  enabled: boolean
  /** Main's "Check for Updates…": it answers in a dialog of its own. */
  checkNow(): Promise<void>
}

export interface SettingsHandlerDeps {
  settings: Settings
  dataDir: string
  auditFile: string
  logFile: string | null
  updates: UpdatesPort | null
  /** Main: `shell.showItemInFolder`; the harness has no file manager and only says which path it would show. */
  showItemInFolder: ((file: string) => void) | null
}

/** True when `file` is `root` or inside it (after resolving `..`). */
function isInside(root: string, file: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(file))
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

export function settingsHandlers(deps: SettingsHandlerDeps): DomainHandlers<'settings'> {
  const view = (): SettingsView => {
    const s = deps.settings.get()
    return {
      preferences: { rateLimitShare: s.rateLimitShare, defaultDataCenter: s.defaultDataCenter },
      locations: { dataDir: deps.dataDir, settingsFile: deps.settings.path, auditFile: deps.auditFile, logFile: deps.logFile },
      updates: deps.updates?.enabled
        ? { enabled: true, description: 'Checks for a newer version when the app starts, downloads it in the background and asks before restarting.' }
        : {
            enabled: false,
            description: deps.updates
              ? 'This build has no update feed (only builds installed from a release do): ask whoever distributes it for a newer version.'
              : 'Updates are handled by the desktop app; this window is not running inside it.',
          },
    }
  }
  return {
    'settings:get': async () => view(),
    'settings:update': async (patch) => {
      deps.settings.update((draft) => {
        if (patch.rateLimitShare !== undefined) draft.rateLimitShare = patch.rateLimitShare
        if (patch.defaultDataCenter !== undefined) draft.defaultDataCenter = patch.defaultDataCenter
      })
      return view()
    },
    'settings:checkForUpdates': async () => {
      if (!deps.updates) return { started: false, message: 'Updates are handled by the desktop app; this window is not running inside it.' }
      if (!deps.updates.enabled) return { started: false, message: view().updates.description }
      void deps.updates.checkNow()
      return { started: true, message: 'Checking for updates; the answer appears in a dialog.' }
    },
    'settings:showInFolder': async ({ path: file }) => {
      const roots = [deps.dataDir, ...(deps.logFile ? [path.dirname(deps.logFile)] : [])]
      if (!roots.some((r) => isInside(r, file))) {
        throw appError('validation', 'Only files in the app’s own data and log folders can be shown.', {
          hint: `The data folder is ${deps.dataDir}.`,
        })
      }
      // A file not written yet (no audit line so far) is shown by its folder, which exists.
      const target = (await stat(file).catch(() => null)) ? file : path.dirname(file)
      if (!(await stat(target).catch(() => null))) throw appError('not_found', `${target} does not exist yet: nothing has been written there.`)
      deps.showItemInFolder?.(target)
      return { path: target }
    },
  }
}
