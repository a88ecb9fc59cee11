/**
 * The real app, launched by Playwright's Electron driver. Where the Electron binary could not be downloaded
 * (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1) these tests skip and say why.
 */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { electronBinary } from '../support/electron-binary'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'


const bin = electronBinary()
if (!bin.path) console.log(`[e2e-electron] skipped: ${bin.reason}`)

test.describe('Electron app', () => {
  test.skip(!bin.path, bin.reason)
  let app: ElectronApplication

  test.beforeEach(async () => {
    const userData = await mkdtemp(path.join(os.tmpdir(), 'ec-e2e-'))
    app = await electron.launch({
      executablePath: bin.path ?? undefined,
      args: [path.resolve('out/main/index.js')],
      env: { ...process.env, EC_USER_DATA: userData },
    })
  })
  test.afterEach(async () => {
    await app?.close()
  })

  test('opens one window on the built-in Sandbox profile', async () => {
    const page = await app.firstWindow()
    await expect(page.getByTestId('profile-banner')).toContainText('SANDBOX', { timeout: 30_000 })
    expect(page.url()).toMatch(/^app:\/\/bundle\//)
  })

  test('the renderer cannot reach require, process or ipcRenderer', async () => {
    const page = await app.firstWindow()
    await expect(page.getByTestId('profile-banner')).toContainText('Sandbox', { timeout: 30_000 })
    const reach = await page.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
      ipcRenderer: typeof (globalThis as Record<string, unknown>).ipcRenderer,
      bridgeKeys: Object.keys((globalThis as Record<string, unknown>).embeddedConsole ?? {}),
    }))
    expect(reach).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', bridgeKeys: ['api', 'on'] })
  })

  test('navigation to an outside URL is blocked', async () => {
    const page = await app.firstWindow()
    await expect(page.getByTestId('profile-banner')).toContainText('Sandbox', { timeout: 30_000 })
    await page.evaluate(() => {
      window.location.href = 'https://example.com/'
    })
    await page.waitForTimeout(500)
    expect(page.url()).toMatch(/^app:\/\/bundle\//)
  })

  test('an iframe cannot call the console API', async () => {
    const page = await app.firstWindow()
    await expect(page.getByTestId('profile-banner')).toContainText('Sandbox', { timeout: 30_000 })
    // The CSP forbids frames; even if one existed, the preload only runs in the main frame and main checks senderFrame.
    const frames = await page.evaluate(() => {
      const f = document.createElement('iframe')
      f.srcdoc = '<p>x</p>'
      document.body.appendChild(f)
      return typeof (f.contentWindow as unknown as Record<string, unknown> | null)?.embeddedConsole
    })
    expect(frames).toBe('undefined')
  })
})
