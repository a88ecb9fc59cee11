/**
 * The real app, launched by Playwright's Electron driver. Where the Electron binary could not be downloaded
 * (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1) these tests skip and say why.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { electronBinary } from '../support/electron-binary'
import { findTargets, openWidget, sandboxWindow } from './helpers'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'

const bin = electronBinary()
if (!bin.path) console.log(`[e2e-electron] skipped: ${bin.reason}`)

test.describe('Electron app', () => {
  test.skip(!bin.path, bin.reason)
  let app: ElectronApplication
  let userData = ''
  let closed = false

  test.beforeEach(async () => {
    closed = false
    userData = await mkdtemp(path.join(os.tmpdir(), 'ec-e2e-'))
    app = await electron.launch({
      executablePath: bin.path ?? undefined,
      args: [path.resolve('out/main/index.js')],
      env: { ...process.env, EC_USER_DATA: userData },
    })
  })
  test.afterEach(async () => {
    if (!closed) await app?.close()
  })

  test('opens one window on the built-in Sandbox profile', async () => {
    const page = await app.firstWindow()
    await expect(page.getByTestId('profile-banner')).toContainText('SANDBOX', { timeout: 30_000 })
    expect(page.url()).toMatch(/^app:\/\/bundle\//)
  })

  test('the renderer cannot reach require, process or ipcRenderer', async () => {
    const page = await sandboxWindow(app)
    const reach = await page.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
      ipcRenderer: typeof (globalThis as Record<string, unknown>).ipcRenderer,
      bridgeKeys: Object.keys((globalThis as Record<string, unknown>).embeddedConsole ?? {}),
    }))
    expect(reach).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', bridgeKeys: ['api', 'on'] })
  })

  test('navigation to an outside URL is blocked', async () => {
    const page = await sandboxWindow(app)
    await page.evaluate(() => {
      window.location.href = 'https://example.com/'
    })
    await page.waitForTimeout(500)
    expect(page.url()).toMatch(/^app:\/\/bundle\//)
  })

  test('an iframe cannot call the console API', async () => {
    const page = await sandboxWindow(app)
    // The CSP forbids frames; even if one existed, the preload only runs in the main frame and main checks senderFrame.
    const frames = await page.evaluate(() => {
      const f = document.createElement('iframe')
      f.srcdoc = '<p>x</p>'
      document.body.appendChild(f)
      return typeof (f.contentWindow as unknown as Record<string, unknown> | null)?.embeddedConsole
    })
    expect(frames).toBe('undefined')
  })

  test('a crashed renderer is logged and the window reloads once by itself', async () => {
    await sandboxWindow(app)
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.forcefullyCrashRenderer())
    const logs = await app.evaluate(({ app: a }) => a.getPath('logs'))
    await expect.poll(async () => readFile(path.join(logs, 'main.log'), 'utf8')).toMatch(/reloading the window after the renderer stopped/)
    // Then, read from main (not through the crashed page): the window's renderer is alive again and shows the app.
    await expect
      .poll(
        () =>
          app.evaluate(({ BrowserWindow }) =>
            BrowserWindow.getAllWindows().map((w) => (w.webContents.isCrashed() ? 'crashed' : w.webContents.getURL())),
          ),
        { timeout: 30_000 },
      )
      .toEqual([expect.stringMatching(/^app:\/\//)])
  })

  test('writes its log file in the OS logs folder', async () => {
    await sandboxWindow(app)
    const logs = await app.evaluate(({ app: a }) => a.getPath('logs'))
    const text = await readFile(path.join(logs, 'main.log'), 'utf8')
    expect(text).toMatch(/INFO Embedded Console .* starting/)
  })

  test('the menu has Help > Show Log File and Check for Updates, which says updates are not configured here', async () => {
    await sandboxWindow(app)
    // Unpackaged, so Reload/DevTools are present; their absence when packaged is asserted on menuTemplate in unit tests.
    const said = await app.evaluate(async ({ Menu, dialog }) => {
      const shown: string[] = []
      dialog.showMessageBox = (async (...args: unknown[]) => {
        const options = args.find((a): a is { message: string } => typeof a === 'object' && a !== null && 'message' in a)
        shown.push(options?.message ?? '')
        return { response: 0, checkboxChecked: false }
      }) as typeof dialog.showMessageBox
      const labels = (Menu.getApplicationMenu()?.items ?? []).flatMap((i) => i.submenu?.items ?? [])
      labels.find((i) => i.label === 'Check for Updates…')?.click()
      await new Promise((r) => setTimeout(r, 100))
      return { labels: labels.map((i) => i.label || i.role), shown }
    })
    expect(said.labels).toEqual(expect.arrayContaining(['Show Log File', 'Check for Updates…']))
    expect(said.shown).toEqual([expect.stringMatching(/^Updates are not configured for this build/)])
  })

  test('quitting writes the audit close line of an open widget attempt', async () => {
    const page = await sandboxWindow(app)
    const [t] = await findTargets(page, ['zendesk', 'jira', 'netsuite'], 1)
    if (!t) throw new Error('no API-key connection found')
    await openWidget(page, t)
    await app.close() // app.quit(): before-quit waits for core.dispose
    closed = true
    // One chained trail (audit.jsonl) holds widget events and staff actions; this test is about the widget's.
    const lines = (await readFile(path.join(userData, 'audit', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; connectionId: number })
      .filter((l) => l.action.startsWith('widget.'))
    expect(lines.map((l) => l.action)).toEqual(['widget.open', 'widget.close'])
    expect(lines.every((l) => l.connectionId === t.connectionId)).toBe(true)
  })

  test('Settings shows where the log and audit files are, and "Show in folder" reveals them in the file manager', async () => {
    const page = await sandboxWindow(app)
    await app.evaluate(({ shell }) => {
      const g = globalThis as Record<string, unknown>
      shell.showItemInFolder = (p: string) => void (g.__shown = p)
    })
    await page.evaluate(() => (window.location.hash = '#/settings'))
    await expect(page.getByTestId('settings-file-log')).toContainText('main.log')
    await expect(page.getByTestId('settings-updates')).toContainText('no update feed')
    await page.getByTestId('settings-show-log').click()
    await expect
      .poll(() => app.evaluate(() => String((globalThis as Record<string, unknown>).__shown ?? '')), { timeout: 10_000 })
      .toMatch(/main\.log$/)
    await page.getByTestId('settings-show-settings').click()
    await expect
      .poll(() => app.evaluate(() => String((globalThis as Record<string, unknown>).__shown ?? '')), { timeout: 10_000 })
      .toMatch(/settings\.json$/)
    expect(await app.evaluate(() => String((globalThis as Record<string, unknown>).__shown))).toContain(userData)
  })

  test("the inspector's Export asks where to save (Downloads, suggested name) and shows the file", async () => {
    const page = await sandboxWindow(app)
    const target = await mkdtemp(path.join(os.tmpdir(), 'ec-e2e-export-'))
    // The download policy set the save dialog's options; this listener (registered after it) answers the dialog
    // by choosing a path, and showItemInFolder is recorded instead of opening a file manager.
    await app.evaluate(({ session, shell }, dir) => {
      const g = globalThis as Record<string, unknown>
      shell.showItemInFolder = (p: string) => void (g.__shown = p)
      session.defaultSession.on('will-download', (_e, item) => {
        g.__dialog = item.getSaveDialogOptions()
        item.setSavePath(`${dir}/${item.getFilename()}`)
      })
    }, target)
    const [t] = await findTargets(page, ['zendesk', 'jira', 'netsuite'], 1)
    if (!t) throw new Error('no API-key connection found')
    await openWidget(page, t)
    await page.getByTestId('inspector-export').click()
    await expect.poll(() => app.evaluate(() => (globalThis as Record<string, unknown>).__shown), { timeout: 10_000 }).toBeTruthy()
    const { shown, dialog, downloads } = await app.evaluate(({ app: a }) => {
      const g = globalThis as Record<string, unknown>
      return { shown: String(g.__shown), dialog: g.__dialog as { defaultPath?: string }, downloads: a.getPath('downloads') }
    })
    expect(shown.startsWith(target)).toBe(true)
    expect(dialog.defaultPath?.startsWith(downloads)).toBe(true)
    expect(path.basename(dialog.defaultPath ?? '')).toBe(path.basename(shown))
    expect(JSON.parse(await readFile(shown, 'utf8'))).toBeTruthy()
  })
})

test.describe('Electron app, launched with a deep link', () => {
  test.skip(!bin.path, bin.reason)

  test('a link in argv (Windows/Linux first launch) opens its screen; a bad one is refused with a reason on screen', async () => {
    const userData = await mkdtemp(path.join(os.tmpdir(), 'ec-e2e-link-'))
    const app = await electron.launch({
      executablePath: bin.path ?? undefined,
      args: [path.resolve('out/main/index.js'), 'embedded-console://customer/42?profile=Sandbox', 'embedded-console://admin:pw@customer/1'],
      env: { ...process.env, EC_USER_DATA: userData },
    })
    try {
      const page = await app.firstWindow()
      await expect(page).toHaveURL(/#\/customers\/42$/, { timeout: 30_000 })
      await expect(page.getByText('Showing customer 42 in profile "Sandbox".')).toBeVisible()
      await expect(page.getByText('Links carrying a user name or password are refused.', { exact: false })).toBeVisible()
      await expect(page.locator('body')).not.toContainText('admin:pw')
      const logs = await app.evaluate(({ app: a }) => a.getPath('logs'))
      const text = await readFile(path.join(logs, 'main.log'), 'utf8')
      expect(text).toMatch(/refused a deep link \(credentials\)/)
      expect(text).not.toContain('admin:pw')
    } finally {
      await app.close()
    }
  })
})
