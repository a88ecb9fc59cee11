/**
 * Electron glue only: lifecycle, the window, the app:// protocol, hardening, and IPC registration.
 * Logic lives in electron/core (which never imports electron) and in the small policy modules beside this file
 * (log-file, startup-failure, crash, quit, window-state, window-presence, menu, downloads, updater, deep-link),
 * each tested with fakes; this file only connects them to Electron.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, type WebContents } from 'electron'
import ElectronStore from 'electron-store'
import { redactText } from '../../shared/redact'
import { describeDeepLink } from '../../shared/deep-link'
import { createCore, type Core } from '../core/create-core'
import { createKeytarVault } from '../core/vault'
import { log } from '../core/log'
import { APP_SCHEME, devOverrides, rendererEntryUrl, useDevServer } from './app-url'
import { createAppProtocolHandler } from './app-protocol'
import { registerIpcHandlers, rendererOwnerId, sendEvent } from './ipc'
import { appPermissions, hardenSession, hardenWebContents, isSafeExternalUrl, secureWebPreferences } from './security'
import { createWindowStateSaver, DEFAULT_STATE, MIN_HEIGHT, MIN_WIDTH, restoreWindowState, type WindowState } from './window-state'
import { menuTemplate } from './menu'
import { createElectronWidgetHost, lazyWidgetPolicy, type ElectronWidgetHost } from './widget-session'
import { createLogFile } from './log-file'
import { reportStartupFailure } from './startup-failure'
import { logChildProcessGone, watchRendererCrashes } from './crash'
import { installQuitSequence } from './quit'
import { bringToFront } from './window-presence'
import { installDownloadPolicy } from './downloads'
import { createUpdates, type UpdaterLike } from './updater'
import { createDeepLinkHandoff, registerProtocolClient } from './deep-link'

const here = path.dirname(fileURLToPath(import.meta.url))
const preloadDir = path.join(here, '../preload')
const rendererDir = path.join(here, '../renderer')

// Must run before `ready`: renderers are sandboxed even if a window forgets to ask, and app:// is a standard,
// secure scheme (so it gets an origin, fetch and a CSP like https).
app.enableSandbox()
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }])

// Development only (never in a packaged build, see app-url.ts): electron-vite's dev server, and a per-run
// profile directory for the E2E specs (Insomnia's habit).
const overrides = devOverrides(app.isPackaged, process.env)
useDevServer(overrides.rendererUrl)
if (overrides.userData) app.setPath('userData', overrides.userData)

// The log file comes first, so that even a failed start leaves a trace a person can send us.
let logPath: string | null = null
try {
  const file = createLogFile(app.getPath('logs'), { debug: Boolean(process.env.EC_DEBUG) })
  log.setSink(file.sink)
  logPath = file.path
} catch (e) {
  log.error(`could not open the log file: ${e instanceof Error ? e.message : String(e)}`)
}

const trustedIds = new Set<number>()
let mainWindow: BrowserWindow | null = null
let core: Core | null = null
let widgetHost: ElectronWidgetHost | null = null

const failStartup = (stage: string) => (e: unknown) =>
  reportStartupFailure(stage, e, {
    showErrorBox: (title, content) => dialog.showErrorBox(title, content),
    exit: (code) => app.exit(code),
    log,
    logPath,
    redact: (text) => redactText(text, log.knownSecrets()),
  })

const present = () => bringToFront({ current: () => mainWindow, canCreate: () => core !== null, create: createMainWindow })

const deepLinks = createDeepLinkHandoff({
  deliver: (link) => {
    sendEvent(trustedContents(), 'deepLink', link)
    log.info(`deep link handed to the window: ${describeDeepLink(link)}`)
  },
  refuse: (refusal) => sendEvent(trustedContents(), 'deepLinkRefused', refusal),
  log,
})

const updates = createUpdates({
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  exists: existsSync,
  // electron-updater is CommonJS with a lazy `autoUpdater` getter Node's ESM loader does not list as a named export.
  load: async () => {
    const mod = (await import('electron-updater')) as unknown as { autoUpdater?: UpdaterLike; default?: { autoUpdater?: UpdaterLike } }
    const updater = mod.autoUpdater ?? mod.default?.autoUpdater
    if (!updater) throw new Error('electron-updater did not provide an updater')
    return updater
  },
  dialogs: {
    info: (title, message) => void dialog.showMessageBox({ type: 'info', title, message }),
    error: (title, message) => void dialog.showMessageBox({ type: 'error', title, message }),
    askRestart: async (version) =>
      (
        await dialog.showMessageBox({
          type: 'info',
          title: 'Software Update',
          message: `Version ${version} is ready to install.`,
          detail: 'Restart Embedded Console now to install it, or later: it installs when you quit.',
          buttons: ['Restart Now', 'Later'],
          defaultId: 0,
          cancelId: 1,
        })
      ).response === 0,
  },
  log,
  currentVersion: app.getVersion(),
})

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // macOS delivers links here, possibly before `ready`: the hand-off queues them until the window can take them.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    deepLinks.receive(url)
    present()
  })
  // Windows/Linux: the link is an argument, of this first launch or of a second one.
  deepLinks.receiveArgv(process.argv)
  app.on('second-instance', (_event, argv) => {
    deepLinks.receiveArgv(argv)
    present()
  })
  app.on('activate', () => present())

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
  app.on('child-process-gone', (_event, details) => logChildProcessGone(log, details))

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  installQuitSequence(app, { dispose: () => core?.dispose() ?? Promise.resolve(), log })

  void app.whenReady().then(start).catch(failStartup('starting the app'))
}

async function start(): Promise<void> {
  log.info(`Embedded Console ${app.getVersion()} starting${app.isPackaged ? '' : ' (development)'}; log file ${logPath ?? 'unavailable'}`)
  hardenDefaultSession()
  session.defaultSession.protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir))
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        platform: process.platform,
        isPackaged: app.isPackaged,
        appName: app.getName(),
        showLogFile: () =>
          logPath ? shell.showItemInFolder(logPath) : dialog.showErrorBox('No log file', 'The log file could not be opened at startup.'),
        checkForUpdates: () => void updates.checkNow(),
      }),
    ),
  )
  registerProtocolClient(app, process.platform, process.execPath, process.argv)

  try {
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
      // Settings screen: where the log is, the updater's state and "Check now", and "show in folder".
      logFile: logPath,
      updates: { enabled: updates.enabled, checkNow: () => updates.checkNow() },
      showItemInFolder: (file) => shell.showItemInFolder(file),
    })
  } catch (e) {
    failStartup('opening settings, profiles and the keychain')(e)
    return
  }

  // ---- Widget host wiring (owned with the widget work; keep this block self-contained) ----
  widgetHost = createElectronWidgetHost({
    fromPartition: (p) => session.fromPartition(p),
    preloadPath: path.join(preloadDir, 'widget.cjs'),
    widget: () => core?.widget ?? null,
    log: (m) => log.warn(m),
  })
  core.widget.setHost(widgetHost)
  // ---- end of widget host wiring ----

  registerIpcHandlers(ipcMain, core.handlers, trustedIds, () => log.knownSecrets())
  createMainWindow()
  void updates.checkInBackground()
}

/**
 * The default session: hardenSession's permission rules, plus the one download the console makes (the log
 * export, downloads.ts). hardenSession also denies every download, and Electron cancels a download if ANY
 * `will-download` listener calls preventDefault(), so its listener is replaced here by the download policy,
 * which still denies everything else. Once hardenSession leaves the default session's downloads alone, the
 * removeAllListeners line goes.
 */
function hardenDefaultSession(): void {
  const s = session.defaultSession
  hardenSession(
    s,
    appPermissions((id) => trustedIds.has(id)),
  )
  s.removeAllListeners('will-download')
  installDownloadPolicy(s, {
    isTrustedContents: (id) => trustedIds.has(id),
    downloadsDir: () => app.getPath('downloads'),
    showItemInFolder: (file) => shell.showItemInFolder(file),
    log,
  })
}

function trustedContents(): WebContents[] {
  return BrowserWindow.getAllWindows()
    .map((w) => w.webContents)
    .filter((wc) => trustedIds.has(wc.id))
}

function createMainWindow(): void {
  const stateStore = new ElectronStore<{ window: WindowState }>({ name: 'window-state', defaults: { window: DEFAULT_STATE } })
  const state = restoreWindowState(
    stateStore.get('window'),
    screen.getAllDisplays().map((d) => d.workArea),
  )
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

  const saver = createWindowStateSaver({
    read: () => (win.isDestroyed() ? null : { ...win.getNormalBounds(), maximized: win.isMaximized() }),
    write: (s) => stateStore.set('window', s),
  })
  win.on('resize', saver.changed)
  win.on('move', saver.changed)
  win.on('close', saver.flush)

  watchRendererCrashes(win.webContents, {
    log,
    now: Date.now,
    askReloadAfterCrash: async (what) =>
      (
        await dialog.showMessageBox(win, {
          type: 'error',
          message: `The window's page ${what} again.`,
          detail: `It was reloaded once already. Reload it again, or quit?${logPath ? `\n\nDetails are in ${logPath}` : ''}`,
          buttons: ['Reload', 'Quit'],
          defaultId: 0,
          cancelId: 1,
        })
      ).response === 0,
    // An aborted box answers with cancelId ("Wait") (dialog.md, `signal`).
    askReloadWhenUnresponsive: async (signal) =>
      (
        await dialog.showMessageBox(win, {
          type: 'warning',
          message: 'Embedded Console is not responding.',
          detail: 'Wait for it, or reload the window (unsaved input is lost).',
          buttons: ['Wait', 'Reload'],
          defaultId: 0,
          cancelId: 0,
          signal,
        })
      ).response === 1,
    quit: () => app.quit(),
  })

  // Deep links wait for the page (and its listener) to be there.
  win.webContents.on('did-finish-load', () => deepLinks.ready())
  win.on('closed', () => {
    deepLinks.notReady()
    trustedIds.delete(id)
    if (mainWindow === win) mainWindow = null
  })
  void win.loadURL(rendererEntryUrl())
}
