/**
 * Electron glue only: lifecycle, the window, the app:// protocol, hardening, and IPC registration.
 * Logic lives in electron/core (which never imports electron) so it can be tested without this file.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, ipcMain, Menu, protocol, screen, session, shell, type WebContents } from 'electron'
import ElectronStore from 'electron-store'
import { createCore, type Core } from '../core/create-core'
import { createKeytarVault } from '../core/vault'
import { log } from '../core/log'
import { APP_SCHEME, rendererEntryUrl } from './app-url'
import { createAppProtocolHandler } from './app-protocol'
import { registerIpcHandlers, rendererOwnerId, sendEvent } from './ipc'
import { appPermissions, hardenSession, hardenWebContents, isSafeExternalUrl, secureWebPreferences } from './security'
import { DEFAULT_STATE, MIN_HEIGHT, MIN_WIDTH, restoreWindowState, type WindowState } from './window-state'
import { buildMenu } from './menu'
import { createElectronWidgetHost, lazyWidgetPolicy, type ElectronWidgetHost } from './widget-session'

const here = path.dirname(fileURLToPath(import.meta.url))
const preloadDir = path.join(here, '../preload')
const rendererDir = path.join(here, '../renderer')

// Must run before `ready`: renderers are sandboxed even if a window forgets to ask, and app:// is a standard,
// secure scheme (so it gets an origin, fetch and a CSP like https).
app.enableSandbox()
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
])

// Tests and `EC_USER_DATA` give each run its own profile directory (Insomnia's habit).
if (process.env.EC_USER_DATA) app.setPath('userData', process.env.EC_USER_DATA)

const trustedIds = new Set<number>()
let mainWindow: BrowserWindow | null = null
let core: Core | null = null
let widgetHost: ElectronWidgetHost | null = null

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, {
      openExternal: (url) => void shell.openExternal(url),
      webviewGrant: (partition) => core?.widgetGrant(partition),
      widget: lazyWidgetPolicy(() => widgetHost),
      log: (m) => log.warn(m),
    })
    widgetHost?.watchContents(contents)
  })
  app.on('session-created', (s) => hardenSession(s))

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && core) createMainWindow()
  })
  app.on('before-quit', () => {
    void core?.dispose()
  })

  void app.whenReady().then(start).catch((e: unknown) => {
    log.error(`startup failed: ${e instanceof Error ? e.message : String(e)}`)
    app.exit(1)
  })
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, appPermissions((id) => trustedIds.has(id)))
  session.defaultSession.protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir))
  Menu.setApplicationMenu(buildMenu())

  core = await createCore({
    dataDir: app.getPath('userData'),
    appVersion: app.getVersion(),
    transport: 'electron',
    vault: createKeytarVault(),
    createStore: (options) => new ElectronStore(options),
    events: { emit: (event, payload) => sendEvent(trustedContents(), event, payload) },
    openExternal: async (url) => {
      if (!isSafeExternalUrl(url)) throw new Error('Only https links can be opened.')
      await shell.openExternal(url)
    },
    // Core already limited this to the attempt's consent URL: https, or the in-process sandbox on loopback.
    openWidgetConsent: async (url) => {
      const u = new URL(url)
      if (!isSafeExternalUrl(url) && !(u.protocol === 'http:' && u.hostname === '127.0.0.1')) throw new Error('Only https links can be opened.')
      await shell.openExternal(url)
    },
  })
  widgetHost = createElectronWidgetHost({
    fromPartition: (p) => session.fromPartition(p),
    preloadPath: path.join(preloadDir, 'widget.cjs'),
    widget: () => core?.widget ?? null,
    log: (m) => log.warn(m),
  })
  core.widget.setHost(widgetHost)
  registerIpcHandlers(ipcMain, core.handlers, trustedIds, () => log.knownSecrets())
  createMainWindow()
}

function trustedContents(): WebContents[] {
  return BrowserWindow.getAllWindows()
    .map((w) => w.webContents)
    .filter((wc) => trustedIds.has(wc.id))
}

function createMainWindow(): void {
  const stateStore = new ElectronStore<{ window: WindowState }>({ name: 'window-state', defaults: { window: DEFAULT_STATE } })
  const state = restoreWindowState(stateStore.get('window'), screen.getAllDisplays().map((d) => d.workArea))
  const win = new BrowserWindow({
    ...state,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Embedded Console',
    backgroundColor: '#101014',
    icon: existsSync(path.join(here, '../../resources/icon.png')) ? path.join(here, '../../resources/icon.png') : undefined,
    webPreferences: secureWebPreferences(path.join(preloadDir, 'app.cjs')),
  })
  mainWindow = win
  const id = win.webContents.id
  trustedIds.add(id)
  widgetHost?.watchOwner(win.webContents, rendererOwnerId(id))
  if (state.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())

  const save = () => {
    if (win.isDestroyed()) return
    const b = win.getNormalBounds()
    stateStore.set('window', { ...b, maximized: win.isMaximized() })
  }
  win.on('resize', save)
  win.on('move', save)
  win.on('close', save)
  win.on('closed', () => {
    trustedIds.delete(id)
    if (mainWindow === win) mainWindow = null
  })
  void win.loadURL(rendererEntryUrl())
}
