/**
 * electron/main/index.ts booted against a mocked `electron` module: proves the app turns the sandbox on before
 * ready, registers app:// as a secure scheme, hardens the default session, answers IPC only from its own window,
 * opens one hardened window on app://bundle/, and that the whole core comes up behind it (the Sandbox profile).
 */
import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { operations } from '../../../../shared/contract'
import { consoleSink, log } from '../../../../electron/core/log'

const userData = mkdtempSync(path.join(os.tmpdir(), 'ec-main-'))

const h = vi.hoisted(() => {
  const calls: string[] = []
  const ipcHandlers = new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>()
  const windows: Array<{ options: Record<string, unknown>; url: string | null; webContents: { id: number } }> = []
  const appListeners = new Map<string, (...a: unknown[]) => void>()
  let ready: () => void = () => {}
  const whenReady = new Promise<void>((r) => (ready = r))
  const permission: { request?: (...a: unknown[]) => void; check?: (...a: unknown[]) => boolean } = {}
  const protocolHandlers = new Map<string, (req: Request) => Promise<Response>>()
  // The default session's will-download listeners, as Electron keeps them (any preventDefault cancels).
  const downloadListeners: Array<(...a: unknown[]) => void> = []
  return { calls, ipcHandlers, windows, appListeners, whenReady, ready: () => ready(), permission, protocolHandlers, downloadListeners }
})

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  let sessions = 0
  const mkSession = () => {
    const isDefault = sessions++ === 0
    return {
      setPermissionRequestHandler: (f: (...a: unknown[]) => void) => (h.permission.request = f),
      setPermissionCheckHandler: (f: (...a: unknown[]) => boolean) => (h.permission.check = f),
      setDevicePermissionHandler: () => {},
      setDisplayMediaRequestHandler: () => {},
      on: (event: string, fn: (...a: unknown[]) => void) => {
        if (isDefault && event === 'will-download') h.downloadListeners.push(fn)
      },
      removeAllListeners: (event: string) => {
        if (isDefault && event === 'will-download') h.downloadListeners.length = 0
      },
      protocol: { handle: (scheme: string, fn: (req: Request) => Promise<Response>) => h.protocolHandlers.set(scheme, fn), unhandle: () => {} },
    }
  }
  let nextId = 1
  class BrowserWindow extends EventEmitter {
    static all: BrowserWindow[] = []
    static getAllWindows() {
      return BrowserWindow.all
    }
    webContents: EventEmitter & { id: number; mainFrame: { url: string }; isDestroyed: () => boolean; send: () => void; getType: () => string }
    record: { options: Record<string, unknown>; url: string | null; webContents: { id: number } }
    constructor(options: Record<string, unknown>) {
      super()
      const wc = Object.assign(new EventEmitter(), {
        id: nextId++,
        mainFrame: { url: '' },
        isDestroyed: () => false,
        send: () => {},
        getType: () => 'window',
      })
      this.webContents = wc
      this.record = { options, url: null, webContents: wc }
      h.windows.push(this.record)
      BrowserWindow.all.push(this)
    }
    async loadURL(url: string) {
      this.record.url = url
      this.webContents.mainFrame.url = url
    }
    maximize() {}
    isMaximized() {
      return false
    }
    isDestroyed() {
      return false
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1360, height: 860 }
    }
  }
  return {
    app: {
      enableSandbox: () => h.calls.push('enableSandbox'),
      requestSingleInstanceLock: () => (h.calls.push('singleInstanceLock'), true),
      on: (event: string, fn: (...a: unknown[]) => void) => h.appListeners.set(event, fn),
      whenReady: () => h.whenReady,
      getPath: (name: string) =>
        name === 'logs'
          ? path.join(String(process.env.EC_USER_DATA), 'logs')
          : name === 'downloads'
            ? '/home/test/Downloads'
            : process.env.EC_USER_DATA,
      setPath: (_n: string, p: string) => h.calls.push(`setPath:${p}`),
      getVersion: () => '0.0.0-test',
      getName: () => 'Embedded Console',
      isPackaged: false,
      setAsDefaultProtocolClient: () => true,
      quit: () => h.calls.push('quit'),
      exit: (code: number) => h.calls.push(`exit:${code}`),
    },
    protocol: { registerSchemesAsPrivileged: (schemes: unknown) => h.calls.push(`registerSchemes:${JSON.stringify(schemes)}`) },
    session: { defaultSession: mkSession(), fromPartition: () => mkSession() },
    shell: { openExternal: async () => {}, showItemInFolder: (f: string) => h.calls.push(`showItemInFolder:${f}`) },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, payload?: unknown) => Promise<unknown>) => h.ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => h.ipcHandlers.delete(channel),
    },
    Menu: { buildFromTemplate: () => ({}), setApplicationMenu: () => h.calls.push('menu') },
    dialog: { showErrorBox: (title: string) => h.calls.push(`errorBox:${title}`), showMessageBox: async () => ({ response: 0 }) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    net: { fetch: async () => new Response('') },
  }
})

vi.mock('electron-store', async () => {
  const Conf = (await import('conf')).default
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(o: { name?: string; cwd?: string } & Record<string, unknown>) {
        super({ ...o, configName: o.name ?? 'config', cwd: o.cwd ?? process.env.EC_USER_DATA, projectName: 'embedded-console-test' })
      }
    },
  }
})

// The real keychain is covered by the integration tests; here a memory vault keeps the test hermetic.
vi.mock('../../../../electron/core/vault', async (orig) => {
  const real = await orig<typeof import('../../../../electron/core/vault')>()
  const { createMemoryVault } = await import('../../../support/memory-vault')
  return { ...real, createKeytarVault: () => createMemoryVault() }
})

async function until<T>(f: () => T | undefined, ms = 20_000): Promise<T> {
  const t0 = Date.now()
  for (;;) {
    const v = f()
    if (v) return v
    if (Date.now() - t0 > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('main process wiring', () => {
  beforeAll(async () => {
    process.env.EC_USER_DATA = userData
    await import('../../../../electron/main/index')
    expect(h.windows).toHaveLength(0) // nothing before ready
    h.ready()
    await until(() => h.windows[0]?.url)
  }, 60_000)

  afterAll(async () => {
    h.appListeners.get('before-quit')?.({ preventDefault: () => {} })
    // The quit path disposes core, then quits: once it has, nothing writes to the data folder any more.
    await until(() => h.calls.some((c) => c === 'quit' || c.startsWith('exit:')))
    // Main pointed core's log at its file in userData; the next test file in this worker shares the module (the
    // unit project runs without isolation), so the log goes back to the console before the folder goes.
    log.setSink(consoleSink)
    rmSync(userData, { recursive: true, force: true, maxRetries: 3 })
  })

  it('turns the sandbox on, registers app:// as secure and takes the single-instance lock before ready', () => {
    expect(h.calls[0]).toBe('enableSandbox')
    const schemes = h.calls.find((c) => c.startsWith('registerSchemes:')) ?? ''
    expect(JSON.parse(schemes.slice('registerSchemes:'.length))).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ])
    expect(h.calls).toContain('singleInstanceLock')
    expect(h.calls).toContain(`setPath:${userData}`)
  })

  it('opens one hardened window on app://bundle/', () => {
    expect(h.windows).toHaveLength(1)
    const w = h.windows[0]
    expect(w?.url).toBe('app://bundle/index.html')
    expect(w?.options).toMatchObject({ minWidth: 1024, minHeight: 640 })
    expect(w?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(String((w?.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]app\.cjs$/)
  })

  it('denies permissions on the default session and serves the UI over app://', () => {
    const cb = vi.fn()
    h.permission.request?.({}, 'media', cb, { requestingUrl: 'app://bundle/index.html', isMainFrame: true })
    expect(cb).toHaveBeenCalledWith(false)
    expect(h.permission.check?.({}, 'notifications', 'app://bundle', {})).toBe(false)
    expect(h.protocolHandlers.has('app')).toBe(true)
  })

  it('registers every operation and answers its own window from the real core', async () => {
    expect([...h.ipcHandlers.keys()].sort()).toEqual(Object.keys(operations).sort())
    const wc = h.windows[0]?.webContents as unknown as EventEmitter & { id: number; mainFrame: { url: string } }
    const list = h.ipcHandlers.get('profiles:list')
    const res = (await list?.({ sender: wc, senderFrame: wc.mainFrame })) as { ok: boolean; data: { profiles: { name: string; builtIn: boolean }[] } }
    expect(res.ok).toBe(true)
    expect(res.data.profiles).toEqual([expect.objectContaining({ name: 'Sandbox', builtIn: true })])
  })

  it('the Settings screen learns where the log file is, that updates are off in a dev build, and "show in folder" reaches the shell', async () => {
    const wc = h.windows[0]?.webContents as unknown as EventEmitter & { id: number; mainFrame: { url: string } }
    const ev = { sender: wc, senderFrame: wc.mainFrame }
    const got = (await h.ipcHandlers.get('settings:get')?.(ev)) as {
      ok: boolean
      data: { locations: { logFile: string; settingsFile: string }; updates: { enabled: boolean } }
    }
    expect(got.data.locations.logFile).toBe(path.join(userData, 'logs', 'main.log'))
    expect(got.data.updates.enabled).toBe(false)
    const shown = await h.ipcHandlers.get('settings:showInFolder')?.(ev, { path: got.data.locations.settingsFile })
    expect(shown).toMatchObject({ ok: true })
    expect(h.calls).toContain(`showItemInFolder:${got.data.locations.settingsFile}`)
  })

  it('refuses IPC from any other webContents', async () => {
    const stranger = Object.assign(new EventEmitter(), { id: 999, mainFrame: { url: 'app://bundle/index.html' } })
    const res = await h.ipcHandlers.get('profiles:list')?.({ sender: stranger, senderFrame: stranger.mainFrame })
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
  })

  it('writes the log file in the logs folder', () => {
    const text = readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8')
    expect(text).toMatch(/INFO Embedded Console 0\.0\.0-test starting/)
  })

  it("the default session lets our window's export through to a save dialog (and nothing else)", () => {
    const wc = h.windows[0]?.webContents
    const download = (url: string, from: { id: number } | undefined) => {
      let cancelled = false
      let dialog: { defaultPath?: string } | null = null
      const item = Object.assign(new EventEmitter(), {
        getURL: () => url,
        getFilename: () => 'attempt.json',
        setSaveDialogOptions: (o: { defaultPath?: string }) => (dialog = o),
        getSavePath: () => '',
      })
      for (const l of h.downloadListeners) l({ preventDefault: () => (cancelled = true) }, item, from)
      return { cancelled, dialog }
    }
    expect(download('blob:app://bundle/1234', wc)).toEqual({
      cancelled: false,
      dialog: expect.objectContaining({ defaultPath: path.join('/home/test/Downloads', 'attempt.json') }),
    })
    expect(download('https://example.com/x.exe', wc).cancelled).toBe(true)
    expect(download('blob:app://bundle/1234', { id: 999 }).cancelled).toBe(true)
  })

  it('hardens every new webContents: outside navigation is blocked', () => {
    const created = h.appListeners.get('web-contents-created')
    let openHandler: ((d: { url: string }) => unknown) | undefined
    const contents = Object.assign(new EventEmitter(), {
      getType: () => 'window',
      session: { isPersistent: () => true },
      setWindowOpenHandler: (f: typeof openHandler) => (openHandler = f),
    })
    created?.({}, contents)
    const ev = { preventDefault: vi.fn() }
    contents.emit('will-navigate', ev, 'https://attacker.example/')
    expect(ev.preventDefault).toHaveBeenCalled()
    expect(openHandler?.({ url: 'https://attacker.example/' })).toEqual({ action: 'deny' })
  })
})
