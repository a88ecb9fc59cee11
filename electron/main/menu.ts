/**
 * The application menu, per OS. Standard roles give the text fields their shortcuts (macOS routes Cmd+C/V/A
 * through the Edit menu: without it, copy and paste do nothing) and the usual window commands. Reload and
 * DevTools exist only in development: in a packaged app a reload drops the UI's state mid-operation and DevTools
 * would hand anyone at the keyboard a console inside the trusted window.
 * https://www.electronjs.org/docs/latest/api/menu#main-process
 */
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuOptions {
  platform: NodeJS.Platform
  isPackaged: boolean
  appName: string
  showLogFile: () => void
  checkForUpdates: () => void
}

export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = o.platform === 'darwin'
  const help: MenuItemConstructorOptions[] = [
    { label: 'Show Log File', click: () => o.showLogFile() },
    { label: 'Check for Updates…', click: () => o.checkForUpdates() },
  ]
  const develop: MenuItemConstructorOptions[] = o.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
  return [
    ...(isMac
      ? [
          {
            label: o.appName,
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(isMac ? ([{ role: 'pasteAndMatchStyle' }] satisfies MenuItemConstructorOptions[]) : []),
        { role: 'delete' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [...develop, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    {
      label: 'Window',
      submenu: isMac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
    },
    { role: 'help', submenu: help },
  ]
}
