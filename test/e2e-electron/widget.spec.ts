/**
 * The webview path of the live widget in the real app: main serves the host page inside a pooled, wiped
 * `widget-slot-N` partition, `will-attach-webview` locks the guest down, the widget preload relays the sandbox's
 * messages with `sendToHost`, and closing the attempt wipes the partition. Skips (with a notice) where the
 * Electron binary is not installed, like app.spec.ts.
 */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { electronBinary } from '../support/electron-binary'
import { findTargets, openWidget, sandboxWindow } from './helpers'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'

const bin = electronBinary()
if (!bin.path) console.log(`[e2e-electron] widget specs skipped: ${bin.reason}`)

test.describe('Electron widget', () => {
  test.skip(!bin.path, bin.reason)
  let app: ElectronApplication

  test.beforeEach(async () => {
    const userData = await mkdtemp(path.join(os.tmpdir(), 'ec-e2e-widget-'))
    app = await electron.launch({
      executablePath: bin.path ?? undefined,
      args: [path.resolve('out/main/index.js')],
      env: { ...process.env, EC_USER_DATA: userData },
    })
  })
  test.afterEach(async () => {
    await app?.close()
  })

  test('the widget runs in a locked-down webview in its own partition and its messages reach the inspector', async () => {
    const page = await sandboxWindow(app)
    const [t] = await findTargets(page, ['zendesk', 'jira', 'netsuite'], 1)
    if (!t) throw new Error('no API-key connection found')
    await openWidget(page, t) // in a pooled partition, with a first message in the inspector
    await expect(page.getByTestId('widget-status')).toContainText('Live')

    // Main enforced the guest's preferences whatever the renderer asked for.
    const prefs = await app.evaluate(({ webContents }) =>
      webContents
        .getAllWebContents()
        .filter((w) => w.getType() === 'webview')
        .map((w) => ({
          url: w.getURL(),
          partitionIsMemory: !w.session.isPersistent(),
          prefs: (w as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences(),
        })),
    )
    expect(prefs).toHaveLength(1)
    expect(prefs[0]?.url).toMatch(/^https:\/\/console\.embedded\.local\/__embedded_console\/widget-host\?attempt=/)
    expect(prefs[0]?.partitionIsMemory).toBe(true)
    expect(prefs[0]?.prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })

    // The guest page itself has no Node and no bridge.
    const reach = await app.evaluate(async ({ webContents }) => {
      const guest = webContents.getAllWebContents().find((w) => w.getType() === 'webview')
      return guest?.executeJavaScript('[typeof require, typeof process, typeof embeddedConsole].join(",")')
    })
    expect(reach).toBe('undefined,undefined,undefined')

    // A renderer-made <webview> with another partition is refused by will-attach-webview.
    const rogue = await page.evaluate(async () => {
      const el = document.createElement('webview')
      el.setAttribute('partition', 'persist:rogue')
      el.setAttribute('src', 'https://example.com/')
      document.body.appendChild(el)
      await new Promise((r) => setTimeout(r, 1000))
      const attached = typeof (el as unknown as { getWebContentsId?: () => number }).getWebContentsId === 'function'
      let id = -1
      try {
        id = (el as unknown as { getWebContentsId: () => number }).getWebContentsId()
      } catch {
        id = -1
      }
      el.remove()
      return { attached, id }
    })
    expect(rogue.id).toBe(-1)

    // Closing the attempt removes the guest.
    await page.getByTestId('widget-close').click()
    await expect(page.getByTestId('widget-closed-note')).toBeVisible()
    await expect
      .poll(() => app.evaluate(({ webContents }) => webContents.getAllWebContents().filter((w) => w.getType() === 'webview').length))
      .toBe(0)
  })

  test('main reads the reason the widget page shows into the inspector (reference §7.4)', async () => {
    const page = await sandboxWindow(app)
    const [a, b] = await findTargets(page, ['zendesk', 'jira', 'netsuite'], 2)
    if (!a || !b) throw new Error('need two customers with API-key connections')
    // Customer A's token with customer B's connection: the Sandbox's widget page refuses with a reason.
    await page.evaluate(
      (q) => {
        window.location.hash = `#/widget?profileId=sandbox&customerId=${q.a}&connectionId=${q.b}`
      },
      { a: a.customerId, b: b.connectionId },
    )
    await expect(page.getByTestId('widget-webview')).toHaveAttribute('partition', /^widget-slot-\d+$/)
    await expect(page.getByTestId('inspector-row').filter({ hasText: 'widgetPage' })).toHaveCount(1, { timeout: 20_000 })
    // The page also posts its error to the (allowlisted) host, so either panel may say it first; both name the code.
    await expect(page.getByTestId('widget-status')).toContainText('Widget error')
    await expect(page.getByText('connection_not_in_customer').first()).toBeVisible()
  })
})
