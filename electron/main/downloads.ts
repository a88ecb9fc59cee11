/**
 * Downloads in the default session. The only one the console makes is the widget inspector's "Export" (a Blob
 * built by our own UI and clicked as an anchor). That one asks where to save, starting in Downloads with the
 * suggested file name, and shows the file in its folder when done. Everything else (another webContents, an
 * https or file URL, a blob from a foreign origin) is cancelled.
 *
 * Electron cancels a download if ANY `will-download` listener calls `preventDefault()` (session.md), so this
 * handler must be the only one on the default session: a blanket "deny every download" listener from session
 * hardening would cancel the export regardless of what this module decides.
 * https://www.electronjs.org/docs/latest/api/session#event-will-download
 * https://www.electronjs.org/docs/latest/api/download-item#downloaditemsetsavedialogoptionsoptions
 */
import path from 'node:path'
import type { DownloadItem, SaveDialogOptions } from 'electron'
import { isAppUrl } from './app-url'

export type DownloadItemLike = Pick<DownloadItem, 'getURL' | 'getFilename' | 'setSaveDialogOptions' | 'getSavePath'> & {
  once(event: 'done', listener: (event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void): unknown
}

export interface DownloadSession {
  on(
    event: 'will-download',
    listener: (event: { preventDefault(): void }, item: DownloadItemLike, contents: { id: number } | null | undefined) => void,
  ): unknown
}

export interface DownloadPolicyDeps {
  /** ids of the webContents of our own app windows (the same set IPC trusts). */
  isTrustedContents: (webContentsId: number) => boolean
  downloadsDir: () => string
  showItemInFolder: (file: string) => void
  log: { info: (m: string) => void; warn: (m: string) => void }
}

/** A download our UI made itself: `blob:` of our own origin (`blob:app://bundle/<uuid>`) or an app:// URL. */
export function isOwnDownloadUrl(url: string): boolean {
  if (url.startsWith('blob:')) return isAppUrl(url.slice('blob:'.length))
  return isAppUrl(url)
}

/** A file name that stays a file name: no folders, no control characters, never empty. */
export function safeFileName(name: string): string {
  const cleaned = path
    .basename(name.replace(/[\\/]/g, '_'))
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .trim()
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'export.json' : cleaned.slice(0, 200)
}

export function installDownloadPolicy(session: DownloadSession, deps: DownloadPolicyDeps): void {
  session.on('will-download', (event, item, contents) => {
    const url = item.getURL()
    if (!contents || !deps.isTrustedContents(contents.id) || !isOwnDownloadUrl(url)) {
      event.preventDefault()
      deps.log.warn(`refused a download${contents && deps.isTrustedContents(contents.id) ? ' of a foreign URL' : ' from a window that is not ours'}`)
      return
    }
    const options: SaveDialogOptions = {
      title: 'Save export',
      defaultPath: path.join(deps.downloadsDir(), safeFileName(item.getFilename())),
      buttonLabel: 'Save',
      filters: [
        { name: 'JSON', extensions: ['json'] },
        { name: 'All files', extensions: ['*'] },
      ],
    }
    item.setSaveDialogOptions(options)
    item.once('done', (_e, state) => {
      if (state !== 'completed') {
        deps.log.info(`export ${state}`)
        return
      }
      const saved = item.getSavePath()
      deps.log.info(`export saved to ${saved}`)
      deps.showItemInFolder(saved)
    })
  })
}
