/**
 * The live widget in the real app, against the built-in Sandbox: one customer's cookies and storage stay in its
 * attempt's partition (never the default session, never the next customer's attempt), an OAuth consent popup
 * opens in that partition and completes, Copy buttons reach the system clipboard, the Sandbox widget's messages
 * reach the inspector, and reloading the app window closes the attempt it had open (audit file). Skips (with a
 * notice) where the Electron binary is not installed, like app.spec.ts.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { electronBinary } from '../support/electron-binary'
import { findTargets, openWidget, sandboxWindow } from './helpers'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'

const bin = electronBinary()
if (!bin.path) console.log(`[e2e-electron] widget isolation specs skipped: ${bin.reason}`)

/** Runs `code` in the Workato (Sandbox) iframe inside the one widget guest. */
async function inWidgetFrame<T>(app: ElectronApplication, code: string, userGesture = false): Promise<T> {
  return app.evaluate(
    async ({ webContents }, { code, userGesture }) => {
      const guest = webContents.getAllWebContents().find((w) => w.getType() === 'webview')
      const frame = guest?.mainFrame.frames[0]
      if (!frame) throw new Error('no widget frame')
      return (await frame.executeJavaScript(code, userGesture)) as T
    },
    { code, userGesture },
  )
}

test.describe('Electron widget isolation', () => {
  test.skip(!bin.path, bin.reason)
  let app: ElectronApplication
  let userData: string

  test.beforeEach(async () => {
    userData = await mkdtemp(path.join(os.tmpdir(), 'ec-e2e-isolation-'))
    app = await electron.launch({
      executablePath: bin.path ?? undefined,
      args: [path.resolve('out/main/index.js')],
      env: { ...process.env, EC_USER_DATA: userData },
    })
  })
  test.afterEach(async () => {
    await app?.close()
  })

  test("customer A's cookies and storage reach neither the default session nor customer B's attempt", async () => {
    const page = await sandboxWindow(app)
    const [a, b] = await findTargets(page, ['zendesk', 'jira', 'netsuite'], 2)
    if (!a || !b) throw new Error('two targets needed')
    await openWidget(page, a)
    const written = await inWidgetFrame<string[]>(
      app,
      `document.cookie = 'ec_probe=customerA; SameSite=None; Secure; path=/'; localStorage.setItem('ec_probe', 'customerA'); [document.cookie, String(localStorage.getItem('ec_probe'))]`,
    )
    expect(written[0]).toContain('ec_probe=customerA') // the probe really was set, so its absence below means something
    expect(written[1]).toBe('customerA')
    const inPartition = await app.evaluate(async ({ webContents }) => {
      const guest = webContents.getAllWebContents().find((w) => w.getType() === 'webview')
      return (await guest?.session.cookies.get({ name: 'ec_probe' }))?.length ?? -1
    })
    expect(inPartition).toBe(1)
    const defaultJar = () =>
      app.evaluate(async ({ session }) => (await session.defaultSession.cookies.get({})).map((c) => `${c.domain ?? ''} ${c.name}`))
    expect(await defaultJar()).toEqual([])

    await page.getByTestId('widget-close').click()
    await expect(page.getByTestId('widget-closed-note')).toBeVisible()
    await openWidget(page, b)
    const seen = await inWidgetFrame<string[]>(app, `[document.cookie, String(localStorage.getItem('ec_probe'))]`)
    expect(seen[0]).not.toContain('ec_probe')
    expect(seen[1]).toBe('null')
    const inB = await app.evaluate(async ({ webContents }) => {
      const guest = webContents.getAllWebContents().find((w) => w.getType() === 'webview')
      return (await guest?.session.cookies.get({}))?.map((c) => c.name) ?? ['no guest']
    })
    expect(inB).not.toContain('ec_probe')
    expect(await defaultJar()).toEqual([])
  })

  test('an OAuth consent popup opens in the attempt partition and completes', async () => {
    const page = await sandboxWindow(app)
    const [t] = await findTargets(page, ['salesforce', 'slack', 'hubspot'], 1)
    if (!t) throw new Error('no OAuth connection')
    await openWidget(page, t)
    const popupPromise = app.waitForEvent('window')
    await inWidgetFrame(app, `document.getElementById('wk-connect').click(); true`, true)
    const popup = await popupPromise
    await popup.waitForLoadState()
    expect(popup.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?/)
    const placement = await app.evaluate(({ BrowserWindow, webContents }) => {
      const guest = webContents.getAllWebContents().find((w) => w.getType() === 'webview')
      const win = BrowserWindow.getAllWindows().find((w) => w.webContents.getURL().includes('/oauth/authorize'))
      const prefs = (win?.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> } | undefined)?.getLastWebPreferences()
      return {
        samePartition: !!win && win.webContents.session === guest?.session,
        sandbox: prefs?.sandbox,
        contextIsolation: prefs?.contextIsolation,
        nodeIntegration: prefs?.nodeIntegration,
      }
    })
    expect(placement).toEqual({ samePartition: true, sandbox: true, contextIsolation: true, nodeIntegration: false })
    await popup.locator('[data-decision="approve"]').click()
    await expect
      .poll(() => inWidgetFrame<string>(app, `document.getElementById('wk-pill')?.textContent ?? ''`), { timeout: 20_000 })
      .toBe('Connected')
    await page.getByTestId('widget-check').click()
    await expect(page.getByTestId('widget-connected')).toBeVisible({ timeout: 20_000 })
  })

  test('a Copy button puts the text on the system clipboard', async () => {
    const page = await sandboxWindow(app)
    const [t] = await findTargets(page, ['zendesk', 'jira', 'netsuite', 'salesforce', 'slack', 'hubspot'], 1)
    if (!t) throw new Error('no customer')
    await app.evaluate(({ clipboard }) => clipboard.writeText('before'))
    await page.evaluate((id) => {
      window.location.hash = `#/customers/${id}`
    }, t.customerId)
    await expect(page.getByTestId('customer-id')).toHaveText(String(t.customerId))
    await page.getByRole('button', { name: 'Copy customer id' }).click()
    await expect.poll(() => app.evaluate(({ clipboard }) => clipboard.readText())).toBe(String(t.customerId))
  })

  test('the Sandbox widget (https host page framing the loopback Sandbox) posts its messages to the inspector', async () => {
    const page = await sandboxWindow(app)
    const [t] = await findTargets(page, ['zendesk', 'jira', 'netsuite'], 1)
    if (!t) throw new Error('no connection')
    await openWidget(page, t)
    const frameOrigin = await inWidgetFrame<string>(app, 'location.origin')
    expect(frameOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await expect(page.getByTestId('widget-status')).toContainText('Live')
    // A message the widget posted (not a console note), accepted by the preload's and core's checks.
    await expect(page.locator('[data-testid="inspector-row"][data-status="accepted"]:not(.console)').first()).toBeVisible({ timeout: 20_000 })
  })

  test('reloading the app window closes the open attempt (audit: open and close)', async () => {
    const page = await sandboxWindow(app)
    const [t] = await findTargets(page, ['zendesk', 'jira', 'netsuite'], 1)
    if (!t) throw new Error('no connection')
    await openWidget(page, t)
    await page.reload()
    await expect(page.getByTestId('profile-banner')).toContainText('Sandbox', { timeout: 30_000 })
    const auditLines = async () =>
      (await readFile(path.join(userData, 'audit', 'audit.jsonl'), 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { action: string; attemptId: string; detail: string | null })
    // The reloaded page shows the same widget link, so it opens a new attempt; the old one was closed first.
    const closeOf = async (id: string | undefined) => (await auditLines()).find((l) => l.action === 'widget.close' && l.attemptId === id)
    const first = (await auditLines())[0]
    expect(first?.action).toBe('widget.open')
    await expect.poll(async () => (await closeOf(first?.attemptId))?.detail ?? null).toMatch(/the app window reloaded/)
    const opens = (await auditLines()).filter((l) => l.action === 'widget.open')
    expect(new Set(opens.map((l) => l.attemptId)).size).toBe(opens.length)
  })

  test("the renderer cannot move the widget guest off its host page (main decides the guest's main frame)", async () => {
    const page = await sandboxWindow(app)
    const [t] = await findTargets(page, ['zendesk', 'jira', 'netsuite'], 1)
    if (!t) throw new Error('no connection')
    await openWidget(page, t)
    const hostUrl = await app.evaluate(
      ({ webContents }) =>
        webContents
          .getAllWebContents()
          .find((w) => w.getType() === 'webview')
          ?.getURL() ?? '',
    )
    expect(hostUrl).toMatch(/__embedded_console\/widget-host/)
    // The refused load is the sentinel: the guest reports it failed (cancelled by the partition's
    // webRequest.onBeforeRequest), so the URL read after it is the answer, not a race.
    const failed = app.evaluate(
      ({ webContents }) =>
        new Promise<string>((resolve) => {
          const guest = webContents.getAllWebContents().find((w) => w.getType() === 'webview')
          guest?.once('did-fail-load', (_e, _code, _desc, url, isMainFrame) => resolve(isMainFrame ? url : `subframe ${url}`))
        }),
    )
    await page.evaluate(() => document.querySelector('[data-testid="widget-webview"]')?.setAttribute('src', 'https://example.invalid/elsewhere'))
    expect(await failed).toBe('https://example.invalid/elsewhere')
    expect(
      await app.evaluate(
        ({ webContents }) =>
          webContents
            .getAllWebContents()
            .find((w) => w.getType() === 'webview')
            ?.getURL() ?? '',
      ),
    ).toBe(hostUrl)
  })
})
