/**
 * Screenshots of every main screen, light and dark, into docs/screenshots/<screen>-<light|dark>.png, plus
 * docs/screenshots/first-screen.png (the app as it opens) for the README, and the states of the widget, token
 * inspector, onboarding, checklist, runtime-user and jobs screens and a ticket summary (docs/screenshots/<name>.png). Drives the built renderer through the browser harness (real core, in-process
 * sandbox with seeded customers). A script, not a spec, so the test suite neither skips nor rewrites tracked images.
 *   npm run screenshots [-- name ...]    (a screen, first-screen, or a state shot or one of its files)
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Frame, type Page } from '@playwright/test'
import { startHarness, type Harness } from '../test/harness/server'
import { readWidgetFrames } from '../test/harness/widget-frame-reader'
import { chromiumArgs, chromiumExecutable } from '../test/support/chromium'
import { findRecipe, rpc } from '../test/e2e-browser/console-helpers'
import { customerWithFailedJobs } from '../test/e2e-browser/jobs-helpers'
import {
  buildPackage,
  foreignExpiredToken,
  onboardedCustomer,
  onboardingManifest,
  sandboxState,
  setConnected,
  startRecipe,
} from '../test/e2e-browser/flows-helpers'

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshots')
const only = process.argv.slice(2)
// EC_SHOT_SIZE=1024x640 checks the window's minimum size (the files are then written with a -1024 suffix).
const size = /^(\d+)x(\d+)$/.exec(process.env.EC_SHOT_SIZE ?? '')
const viewport = size ? { width: Number(size[1]), height: Number(size[2]) } : { width: 1280, height: 800 }
const suffix = size ? `-${size[1]}` : ''

type Theme = 'light' | 'dark'
interface Screen {
  name: string
  shoot(page: Page, h: Harness, ctx: Ctx): Promise<void>
}
interface Ctx {
  profileId: string
  customerId: number
  unstartable: { customerId: number; recipeId: number }
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined)
  await page.waitForTimeout(350) // transitions (drawers, tabs) finish
}

const screens: Screen[] = [
  {
    name: 'customers',
    async shoot(page, h) {
      await page.goto(`${h.url}/#/customers`)
      await page.locator('[data-customer-id]').first().waitFor()
    },
  },
  {
    name: 'customer-connections',
    async shoot(page, h, ctx) {
      await page.goto(`${h.url}/#/customers/${ctx.customerId}?tab=connections`)
      await page.locator('[data-connection-id]').first().waitFor()
    },
  },
  {
    name: 'customer-recipes',
    async shoot(page, h, ctx) {
      await page.goto(`${h.url}/#/customers/${ctx.customerId}?tab=recipes`)
      await page.locator('[data-recipe-id]').first().waitFor()
    },
  },
  {
    name: 'customer-jobs',
    async shoot(page, h, ctx) {
      const recipes = await rpc<{ items: { id: number; last_run_at?: string | null }[] }>(h, 'recipes:list', {
        profileId: ctx.profileId,
        customerId: ctx.customerId,
      })
      const withRuns = recipes.items.find((r) => r.last_run_at) ?? recipes.items[0]
      await page.goto(`${h.url}/#/customers/${ctx.customerId}?tab=jobs&recipe=${withRuns?.id ?? ''}`)
      await page.getByTestId('jobs-table').waitFor()
      await page
        .getByTestId('job-status')
        .first()
        .waitFor()
        .catch(() => undefined)
    },
  },
  {
    name: 'start-error',
    async shoot(page, h, ctx) {
      const { customerId, recipeId } = ctx.unstartable
      await page.goto(`${h.url}/#/customers/${customerId}?tab=recipes`)
      await page.locator(`[data-recipe-id="${recipeId}"] [data-testid="recipe-start"]`).click()
      await page.getByRole('button', { name: 'Start recipe' }).click()
      await page.getByTestId('start-problems').waitFor()
    },
  },
  {
    name: 'quick-switcher',
    async shoot(page, h) {
      await page.goto(`${h.url}/#/customers`)
      await page.locator('[data-customer-id]').first().waitFor()
      await page.keyboard.press('Control+k')
      await page.getByTestId('quick-switcher-input').locator('input').fill('acme')
      await page.getByTestId('quick-switcher-item').first().waitFor()
    },
  },
  {
    name: 'profiles',
    async shoot(page, h) {
      await page.goto(`${h.url}/#/profiles`)
      await page.getByTestId('profiles-table').getByText('Sandbox').first().waitFor()
    },
  },
  {
    name: 'profile-keys',
    async shoot(page, h) {
      await page.goto(`${h.url}/#/profiles`)
      await page.getByTestId('profiles-table').locator('tr', { hasText: 'Sandbox' }).getByTestId('profile-details').click()
      await page.getByTestId('key-info').waitFor()
      await page.getByTestId('profile-test').click()
      await page.getByTestId('profile-test-result').waitFor()
    },
  },
]

/**
 * A screen in a state a flow leads to, from a fresh harness (the flows change the sandbox's customers,
 * connections and origins). Each writes the files it names through `save`.
 */
interface StateShot {
  name: string
  files: string[]
  /** The widget screen is shot wider, so the inspector fits beside the widget. */
  viewport?: { width: number; height: number }
  userAgent?: string
  shoot(page: Page, h: Harness, save: (file: string) => Promise<void>): Promise<void>
}
const widgetViewport = { width: 1440, height: 900 }
const flowViewport = { width: 1360, height: 860 }

/** A seeded connection of one of `providers` that is neither connected nor failed. */
function pickConnection(h: Harness, providers: string[]): { customerId: number; connectionId: number } {
  const sb = h.core.sandbox()
  if (!sb) throw new Error('The harness has not started its sandbox')
  for (const c of sb.state.listCustomers()) {
    for (const conn of sb.state.workspace(c).connections.values()) {
      if (providers.includes(conn.provider) && conn.authorization_status !== 'success' && !conn.authorization_error)
        return { customerId: c.id, connectionId: conn.id }
    }
  }
  throw new Error(`No unconnected ${providers.join(' or ')} connection in the seeded data`)
}

async function openWidget(page: Page, h: Harness, p: { customerId: number; connectionId: number }): Promise<Frame> {
  await page.goto(`${h.url}/#/widget?profileId=sandbox&customerId=${p.customerId}&connectionId=${p.connectionId}`)
  const frame = () => page.frames().find((f) => f.url().includes('/direct_link/embedded/connections/'))
  for (let i = 0; i < 100 && !frame(); i++) await page.waitForTimeout(100)
  const widget = frame()
  if (!widget) throw new Error('The widget frame never loaded')
  return widget
}

async function connectWidget(page: Page, widget: Frame): Promise<void> {
  await page.getByTestId('widget-status').filter({ hasText: 'Live' }).waitFor()
  for (const input of await widget.locator('#wk-form input').all()) await input.fill('demo-value')
  await widget.locator('#wk-connect').click()
  await page.getByTestId('widget-connected').waitFor()
}

const widgetShots: StateShot[] = [
  {
    name: 'widget-connected',
    files: ['widget-connected'],
    viewport: widgetViewport,
    async shoot(page, h, save) {
      await connectWidget(page, await openWidget(page, h, pickConnection(h, ['zendesk', 'jira'])))
      await page.getByTestId('inspector-row').filter({ hasText: 'connected' }).first().click()
      await save('widget-connected')
    },
  },
  {
    name: 'widget-connected-dark',
    files: ['widget-connected-dark'],
    viewport: widgetViewport,
    async shoot(page, h, save) {
      await page.goto(`${h.url}/#/widget`)
      await page.getByTestId('theme-toggle').click()
      await connectWidget(page, await openWidget(page, h, pickConnection(h, ['zendesk', 'jira'])))
      await page.getByTestId('inspector-row').filter({ hasText: 'connected' }).first().click()
      await save('widget-connected-dark')
    },
  },
  {
    name: 'widget-error',
    files: ['widget-error'],
    viewport: widgetViewport,
    async shoot(page, h, save) {
      const p = pickConnection(h, ['zendesk', 'jira'])
      await openWidget(page, h, { customerId: p.customerId, connectionId: 987_654_321 })
      await page.getByTestId('widget-error').waitFor()
      await page.getByTestId('inspector-row').filter({ hasText: 'connection_not_found' }).first().click()
      await save('widget-error')
    },
  },
  {
    name: 'widget-rejected',
    files: ['widget-rejected'],
    viewport: widgetViewport,
    async shoot(page, h, save) {
      const widget = await openWidget(page, h, pickConnection(h, ['zendesk', 'jira']))
      await page.getByTestId('widget-status').filter({ hasText: 'Live' }).waitFor()
      const host = page.frames().find((f) => f.url().includes('/__embedded_console/widget-host'))
      // Four messages the relay refuses from the widget, and one from the host page itself (wrong source).
      await widget.evaluate(() => {
        window.parent.postMessage('{not json', '*')
        window.parent.postMessage(JSON.stringify({ wk: true, type: 'recipeSaved', payload: { id: 1 } }), '*')
        window.parent.postMessage(JSON.stringify({ wk: true, type: 'heightChange', payload: { height: 'tall' } }), '*')
        window.parent.postMessage({ type: 'heightChange', payload: { height: 3 } }, '*')
      })
      await host?.evaluate(() =>
        window.postMessage(JSON.stringify({ wk: true, type: 'connectionStatusChange', payload: { id: 1, provider: 'x', connected: true } }), '*'),
      )
      await page.getByTestId('inspector-row').and(page.locator('[data-status="rejected"]')).nth(4).waitFor()
      await page.getByTestId('inspector-row').and(page.locator('[data-reason="bad_shape"]')).click()
      await save('widget-rejected')
    },
  },
  {
    name: 'widget-silence',
    files: ['widget-silence', 'widget-token'],
    viewport: widgetViewport,
    async shoot(page, h, save) {
      const sb = h.core.sandbox()
      if (!sb) throw new Error('The harness has not started its sandbox')
      // The widget's origin never registered: the widget stays silent and the screen says why.
      sb.addVendorOrigin = () => {}
      await openWidget(page, h, pickConnection(h, ['zendesk', 'jira']))
      await page.getByTestId('widget-silence').waitFor({ timeout: 15_000 })
      await page.getByTestId('silence-headline').waitFor()
      await save('widget-silence')
      await page.getByTestId('silence-inspect-token').click()
      await page.getByTestId('check-origin').waitFor()
      await save('widget-token')
    },
  },
  {
    name: 'customer-members',
    files: ['customer-members'],
    viewport: widgetViewport,
    async shoot(page, h, save) {
      // Seeded customers whose sequence number ends in 4 have Embedded Environments (electron/emulator/members.ts).
      const c = sandboxState(h)
        .listCustomers()
        .find((x) => x.id % 10 === 4 && sandboxState(h).members.list(x).length >= 3)
      if (!c) throw new Error('no provisioned customer with members')
      await page.goto(`${h.url}/#/customers/${c.id}?tab=members`)
      await page.getByTestId('customer-environments').waitFor()
      await page.getByTestId('member-name').first().waitFor()
      await save('customer-members')
    },
  },
  {
    name: 'widget-history',
    files: ['widget-history'],
    viewport: widgetViewport,
    async shoot(page, h, save) {
      await connectWidget(page, await openWidget(page, h, pickConnection(h, ['zendesk', 'jira'])))
      await page.getByTestId('widget-new-attempt').click()
      await page
        .getByTestId('widget-status')
        .filter({ hasText: /Live|Connected/ })
        .waitFor()
      await page.getByTestId('widget-history-link').click()
      await page.getByTestId('history-reopen').nth(1).waitFor()
      await save('widget-history')
    },
  },
  {
    name: 'widget-refused',
    files: ['widget-refused'],
    viewport: widgetViewport,
    // Google refuses sign-in inside an embedded browser: the console must say so and offer the system browser.
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Electron/45.4.1 Safari/537.36',
    async shoot(page, h, save) {
      const widget = await openWidget(page, h, pickConnection(h, ['google_sheets', 'gmail']))
      await page.getByTestId('widget-status').filter({ hasText: 'Live' }).waitFor()
      const popupPromise = page.waitForEvent('popup')
      await widget.locator('#wk-connect').click()
      const popup = await popupPromise
      await popup.waitForLoadState()
      const attempt = h.core.widget.attempts()[0]
      if (!attempt) throw new Error('No widget attempt')
      h.core.widget.decidePopup(attempt.partition, popup.url())
      h.core.widget.popupReport(attempt.partition, {
        url: popup.url(),
        state: 'opened',
        title: await popup.title(),
        bodyText: await popup.locator('body').innerText(),
      })
      await popup.close()
      await page.getByTestId('widget-popup-refused').waitFor()
      await save('widget-refused')
    },
  },
]

async function runtimeForm(page: Page, h: Harness, customerId: number, recipeId: number, endUser: string): Promise<void> {
  await page.goto(`${h.url}/#/customers/${customerId}/runtime-users?recipe=${recipeId}`)
  await page.getByTestId('runtime-recipe').filter({ hasText: 'Update order status' }).waitFor()
  await page.getByTestId('runtime-end-user').locator('input').fill(endUser)
  await page.getByTestId('runtime-check').click()
}

const outcome = (page: Page, o: string) => page.locator(`[data-testid="runtime-outcome"][data-outcome="${o}"]`).waitFor()

/** The flows screens (docs/screenshots/token-*, flows-*), at the browser specs' window size. */
/** Ctrl+K over what the console has read (ids from a customer's lists) and a deep link's look-up with Cancel. */
const linkShots: StateShot[] = [
  {
    name: 'global-search',
    files: ['global-search', 'deep-link-lookup'],
    async shoot(page, h, save) {
      const profileId = 'sandbox'
      const conns = await rpc<{ items: { id: number }[] }>(h, 'connections:list', { profileId, customerId: 100_001 })
      await rpc(h, 'recipes:list', { profileId, customerId: 100_001 })
      const id = conns.items[0]?.id
      if (!id) throw new Error('customer 100001 has no connection')
      await page.goto(`${h.url}/#/customers`)
      await page.locator('[data-customer-id]').first().waitFor()
      await page.keyboard.press('Control+k')
      await page.getByTestId('quick-switcher-input').locator('input').fill(String(id))
      await page.locator('[data-testid="search-result"]').first().waitFor()
      await save('global-search')
      await page.keyboard.press('Escape')
      h.core.sandbox()?.setFaults({ latencyMs: 3000 })
      h.openDeepLink('embedded-console://connection/987654321')
      await page.getByTestId('deep-link-lookup').waitFor()
      await save('deep-link-lookup')
      await page.getByTestId('deep-link-lookup-cancel').click()
      h.core.sandbox()?.setFaults({})
    },
  },
]

const flowShots: StateShot[] = [
  {
    name: 'token-inspector-pasted',
    files: ['token-inspector-pasted'],
    async shoot(page, h, save) {
      // Signed with a key Workato does not know, expired, and for another vendor: every finding shows.
      const jwt = await foreignExpiredToken()
      await page.goto(`${h.url}/#/tokens`)
      await page.getByTestId('token-input').locator('textarea').fill(jwt)
      await page.getByTestId('token-inspect').click()
      await page.getByTestId('token-signature').filter({ hasText: 'Signature: invalid' }).waitFor()
      await save('token-inspector-pasted')
    },
  },
  {
    name: 'token-inspector-attempt',
    files: ['token-inspector-attempt'],
    async shoot(page, h, save) {
      const { activeId: profileId } = await rpc<{ activeId: string }>(h, 'profiles:list', undefined)
      const customerId = 100_001
      const conns = await rpc<{ items: { id: number }[] }>(h, 'connections:list', { profileId, customerId })
      const connectionId = conns.items[0]?.id
      if (!connectionId) throw new Error('The seeded customer has no connections')
      const attempt = await rpc<{ attemptId: string }>(h, 'widget:open', { profileId, customerId, connectionId })
      await page.goto(`${h.url}/#/tokens?attempt=${attempt.attemptId}`)
      await page.getByTestId('token-valid').filter({ hasText: 'Workato should accept this token' }).waitFor()
      await save('token-inspector-attempt')
    },
  },
  {
    name: 'flows-onboarding-import',
    files: ['flows-onboarding-import'],
    async shoot(page, h, save) {
      await page.goto(`${h.url}/#/onboard`)
      await page.getByTestId('onboard-name').locator('input').fill('Initech')
      await page.getByTestId('onboard-email').locator('input').fill('ops@initech.example')
      await page.getByTestId('onboard-external-id').locator('input').fill('INI-7')
      await page.getByTestId('onboard-origin').locator('input').fill('https://app.initech.example')
      await page.getByTestId('onboard-create').click()
      await page.getByTestId('onboard-customer-chosen').filter({ hasText: 'Initech' }).waitFor()
      await page
        .getByTestId('onboard-file')
        .setInputFiles({ name: 'order-sync.zip', mimeType: 'application/zip', buffer: buildPackage(onboardingManifest) })
      await page.getByTestId('onboard-import').click()
      await page.getByTestId('import-progress').filter({ hasText: 'Completed: 2 recipes imported.' }).waitFor()
      await page.getByTestId('import-result').scrollIntoViewIfNeeded()
      await save('flows-onboarding-import')
    },
  },
  {
    name: 'flows-onboarding-sample',
    files: ['flows-onboarding-sample'],
    async shoot(page, h, save) {
      await page.goto(`${h.url}/#/onboard?customerId=100002`)
      await page.getByTestId('onboard-customer-chosen').filter({ hasText: 'id 100002' }).waitFor()
      await page.getByTestId('onboard-sample').click()
      await page.getByTestId('onboard-sample-note').waitFor()
      await page.getByTestId('onboard-import').click()
      await page.getByTestId('import-recipe').nth(2).waitFor()
      await save('flows-onboarding-sample')
    },
  },
  {
    name: 'flows-checklist',
    files: ['flows-checklist', 'flows-checklist-running'],
    async shoot(page, h, save) {
      const c = await onboardedCustomer(h)
      await page.goto(`${h.url}/#/customers/${c.customerId}/activate`)
      const card = page.locator(`[data-testid="checklist-recipe"][data-recipe-id="${c.syncRecipeId}"]`)
      // Starting anyway: Workato refuses, and its config errors become the list of what to fix.
      await card.getByTestId('checklist-start').click()
      await page.getByRole('button', { name: 'Start anyway' }).click()
      await card.getByTestId('checklist-start-problems').waitFor()
      await save('flows-checklist')

      await card.getByTestId('checklist-bind').click()
      await card.getByTestId('checklist-bind-name').locator('input').fill('Globex Slack')
      await card.getByTestId('checklist-bind-confirm').click()
      await card.locator('[data-slot="slack"][data-state="unauthorised"]').waitFor()
      const state = sandboxState(h)
      const customer = state.getCustomer(c.customerId)
      const recipe = customer && state.workspace(customer).recipes.get(c.syncRecipeId)
      for (const slot of recipe?.config ?? []) if (slot.account_id) setConnected(h, c.customerId, slot.account_id, true)
      await page.getByTestId('checklist-refresh').click()
      await card.getByTestId('checklist-recipe-state').filter({ hasText: 'Ready to start' }).waitFor()
      await card.getByTestId('checklist-start').click()
      await page.getByRole('button', { name: 'Start recipe', exact: true }).click()
      await page.getByTestId('checklist-running').filter({ hasText: '1 running' }).waitFor()
      await save('flows-checklist-running')
    },
  },
  {
    name: 'flows-runtime-recipe-stopped',
    files: ['flows-runtime-recipe-stopped'],
    async shoot(page, h, save) {
      const c = await onboardedCustomer(h)
      await runtimeForm(page, h, c.customerId, c.statusRecipeId, 'ana@globex.example')
      await outcome(page, 'recipe_stopped')
      await save('flows-runtime-recipe-stopped')
    },
  },
  {
    name: 'flows-runtime-default-not-authorised',
    files: ['flows-runtime-default-not-authorised'],
    async shoot(page, h, save) {
      const c = await onboardedCustomer(h)
      setConnected(h, c.customerId, c.salesforceId, true)
      await startRecipe(h, c.profileId, c.customerId, c.statusRecipeId)
      setConnected(h, c.customerId, c.salesforceId, false, 'Token revoked by the Salesforce admin')
      await runtimeForm(page, h, c.customerId, c.statusRecipeId, 'ana@globex.example')
      await outcome(page, 'default_not_authorised')
      await save('flows-runtime-default-not-authorised')
    },
  },
  {
    name: 'flows-runtime',
    files: ['flows-runtime-created', 'flows-runtime-found-unauthorised', 'flows-runtime-found-authorised'],
    async shoot(page, h, save) {
      const c = await onboardedCustomer(h)
      setConnected(h, c.customerId, c.salesforceId, true)
      await startRecipe(h, c.profileId, c.customerId, c.statusRecipeId)
      await runtimeForm(page, h, c.customerId, c.statusRecipeId, 'ana@globex.example')
      await outcome(page, 'created')
      await save('flows-runtime-created')

      await runtimeForm(page, h, c.customerId, c.statusRecipeId, 'ana@globex.example')
      await outcome(page, 'found_unauthorised')
      await page.getByTestId('runtime-verify').click()
      await page.getByTestId('runtime-verified').filter({ hasText: 'not authorised' }).waitFor()
      await save('flows-runtime-found-unauthorised')

      const state = sandboxState(h)
      const customer = state.getCustomer(c.customerId)
      const child = customer && [...state.workspace(customer).connections.values()].find((x) => x.external_id === 'ana@globex.example')
      if (!child) throw new Error('No runtime user connection was created')
      setConnected(h, c.customerId, child.id, true)
      await page.getByTestId('runtime-check').click()
      await outcome(page, 'found_authorised')
      await page
        .locator('[data-testid="runtime-user-row"][data-end-user="ana@globex.example"] [data-testid="runtime-user-status"]')
        .filter({ hasText: /^authorised$/ })
        .waitFor()
      await save('flows-runtime-found-authorised')
    },
  },
  {
    // Issue 13: the triage view after a full health sweep of the Sandbox, the first group with the most severe problems.
    name: 'fleet-triage',
    files: ['fleet-triage'],
    async shoot(page, h, save) {
      await page.goto(`${h.url}/#/fleet`)
      await page.getByTestId('sweep-start').click()
      await page.getByTestId('sweep-state').filter({ hasText: 'Finished' }).waitFor({ timeout: 120_000 })
      await page.getByTestId('triage-row').first().waitFor()
      await save('fleet-triage')
    },
  },
  {
    // A finished bulk start over the first customers: started, already running, and refused with config errors.
    name: 'bulk-results',
    files: ['bulk-results'],
    async shoot(page, h, save) {
      await rpc(h, 'customers:refresh', { profileId: 'sandbox' })
      // Most connections of the first customers authorised, so most starts go through and a few are refused.
      const state = sandboxState(h)
      for (const c of state.listCustomers().slice(0, 8))
        for (const conn of state.workspace(c).connections.values()) if (conn.id % 5 !== 0) state.setConnected(conn, true)
      await page.goto(`${h.url}/#/fleet/bulk`)
      await page.getByTestId('bulk-source-filter').click()
      await page.getByTestId('bulk-customer-query').locator('input').fill('cust-0000')
      await page.getByTestId('bulk-dry-run').click()
      await page.getByTestId('bulk-plan').waitFor()
      await page.getByTestId('bulk-include-not-ready').click()
      const count = await page.getByTestId('bulk-confirm-count').innerText()
      await page.getByTestId('bulk-confirm-input').locator('input').fill(count)
      await page.getByTestId('bulk-run-button').click()
      await page.getByTestId('bulk-run-state').getByText('Finished').waitFor({ timeout: 60_000 })
      await save('bulk-results')
    },
  },
]

/** The audit trail after a working session, and the Settings screen (issue 14, items 2 and 8). */
const auditShots: StateShot[] = [
  {
    name: 'audit-trail',
    files: ['audit-trail', 'settings'],
    async shoot(page, h, save) {
      const profileId = 'sandbox'
      const sb = h.core.sandbox()
      if (!sb) throw new Error('The harness has not started its sandbox')
      const running = sb.state
        .listCustomers()
        .flatMap((c) => [...sb.state.workspace(c).recipes.values()].filter((r) => r.running).map((r) => ({ c, r })))[0]
      if (!running) throw new Error('No running recipe in the seeded data')
      const customerId = running.c.id
      await rpc(h, 'profiles:create', {
        name: 'Acme production',
        dataCenter: 'us',
        environment: 'production',
        apiToken: 'wrkaus-demo-token-not-real',
      })
      await rpc(h, 'profiles:setActive', { profileId })
      await rpc(h, 'recipes:stop', { profileId, customerId, recipeId: running.r.id })
      const unstartable = await findRecipe(h, profileId, (r) => !r.running && (r.config ?? []).some((x) => x.account_id == null))
      await rpc(h, 'recipes:start', { profileId, customerId: unstartable.customerId, recipeId: unstartable.recipeId })
      await rpc(h, 'recipes:start', { profileId, customerId, recipeId: running.r.id })
      const created = await rpc<{ id: number }>(h, 'connections:create', {
        profileId,
        customerId,
        input: { provider: 'zendesk', name: 'Zendesk (support desk)', shell_connection: true },
      })
      await rpc(h, 'connections:delete', { profileId, customerId, connectionId: created.id })
      const w = pickConnection(h, ['zendesk', 'jira', 'netsuite'])
      await page.goto(`${h.url}/#/widget?profileId=${profileId}&customerId=${w.customerId}&connectionId=${w.connectionId}`)
      await page.getByTestId('widget-status').filter({ hasText: 'Live' }).waitFor()
      await page.getByTestId('widget-close').click()
      await page.goto(`${h.url}/#/audit`)
      await page.locator('[data-testid="audit-row"]').first().waitFor()
      await save('audit-trail')
      await page.goto(`${h.url}/#/settings`)
      await page.getByTestId('settings-share').waitFor()
      await save('settings')
    },
  },
]

/** Jobs and tickets (docs/screenshots/jobs.png, job-detail.png, ticket-summary.png). */
const jobShots: StateShot[] = [
  {
    name: 'jobs',
    files: ['jobs', 'job-detail'],
    async shoot(page, h, save) {
      const { customerId, newest } = customerWithFailedJobs(h)
      await page.goto(`${h.url}/#/customers/${customerId}?tab=jobs&jobs=failed`)
      const rows = page.locator('[data-testid="jobs-table"] tbody tr')
      await rows.first().getByTestId('job-recipe').waitFor()
      for (const i of [0, 1, 3]) await rows.nth(i).locator('.n-checkbox').click()
      await save('jobs')
      await page.goto(`${h.url}/#/customers/${customerId}/recipes/${newest.recipeId}/jobs/${newest.job.id}`)
      await page.getByTestId('job-error-parts').waitFor()
      await save('job-detail')
    },
  },
  {
    name: 'ticket-summary',
    files: ['ticket-summary'],
    async shoot(page, h, save) {
      // What a ticket receives: the app's own clipboard, read back, as a plain field and a rich editor show it.
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
      const { customerId, newest } = customerWithFailedJobs(h)
      await page.goto(`${h.url}/#/customers/${customerId}/recipes/${newest.recipeId}/jobs/${newest.job.id}`)
      await page.getByTestId('job-error-parts').waitFor()
      await page.getByTestId('copy-ticket').click()
      await page.getByText('Copied a ticket summary').waitFor()
      const { plain, html } = await page.evaluate(async () => {
        let rich = ''
        for (const item of await navigator.clipboard.read())
          if (item.types.includes('text/html')) rich = await (await item.getType('text/html')).text()
        return { plain: await navigator.clipboard.readText(), html: rich }
      })
      const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;')
      await page.setContent(
        `<style>body{font:13px system-ui,sans-serif;margin:24px;color:#222}h3{font-size:13px;margin:0 0 6px;color:#555}` +
          `pre{background:#f5f5f5;padding:12px;border-radius:6px;font-size:12px;margin:0 0 20px}` +
          `table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:4px 8px;font-size:12px;text-align:left;vertical-align:top}</style>` +
          `<h3>"Copy for ticket", pasted into a plain-text field</h3><pre>${esc(plain)}</pre>` +
          `<h3>The same click, pasted into a rich ticket editor (text/html)</h3>${html}`,
      )
      await save('ticket-summary')
    },
  },
]

async function shootState(browser: Browser, shot: StateShot): Promise<void> {
  const h = await startHarness()
  const context = await browser.newContext({ viewport: shot.viewport ?? flowViewport, ...(shot.userAgent ? { userAgent: shot.userAgent } : {}) })
  try {
    const page = await context.newPage()
    // As in the browser specs: the harness reads what the widget frame shows, as main does in the app.
    readWidgetFrames(page, h.core.widget)
    await shot.shoot(page, h, async (name) => {
      // Success toasts would cover the header: let them go first.
      await page
        .locator('.n-message')
        .first()
        .waitFor({ state: 'detached', timeout: 8000 })
        .catch(() => undefined)
      await settle(page)
      const file = path.join(outDir, `${name}.png`)
      await page.screenshot({ path: file })
      console.log(`wrote ${path.relative(process.cwd(), file)}`)
    })
  } finally {
    await context.close()
    await h.close()
  }
}

async function main() {
  await mkdir(outDir, { recursive: true })
  const h = await startHarness()
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs })
  try {
    const { activeId } = await rpc<{ activeId: string | null }>(h, 'profiles:list', undefined)
    if (!activeId) throw new Error('No active profile in the harness')
    await rpc(h, 'customers:refresh', { profileId: activeId })
    // Two more workspaces, so the Profiles screen shows what a partner's list looks like (production is red).
    await rpc(h, 'profiles:create', {
      name: 'Acme production',
      dataCenter: 'us',
      environment: 'production',
      vendorId: 'we9898zgsgsgw38394',
      apiToken: 'wrkaus-demo-token-not-real',
    })
    await rpc(h, 'profiles:create', { name: 'Acme EU staging', dataCenter: 'eu', environment: 'test', apiToken: 'wrkeu-demo-token-not-real' })
    await rpc(h, 'profiles:setActive', { profileId: activeId }) // creating a profile makes it active
    const unstartable = await findRecipe(h, activeId, (r) => !r.running && (r.config ?? []).some((s) => s.account_id == null))
    const richest = await pickRichCustomer(h, activeId)
    const ctx: Ctx = { profileId: activeId, customerId: richest, unstartable }

    // The app as it opens, for the README.
    if (!only.length || only.includes('first-screen')) {
      const page = await browser.newPage({ viewport, colorScheme: 'light' })
      await page.goto(h.url)
      await page.locator('[data-customer-id]').first().waitFor()
      await settle(page)
      await page.screenshot({ path: path.join(outDir, 'first-screen.png') })
      await page.close()
    }
    for (const theme of ['light', 'dark'] as Theme[]) {
      for (const s of screens) {
        if (only.length && !only.includes(s.name)) continue
        const page = await browser.newPage({ viewport, colorScheme: theme })
        await page.addInitScript((t) => localStorage.setItem('ec.theme', t), theme)
        await s.shoot(page, h, ctx)
        await settle(page)
        const file = path.join(outDir, `${s.name}-${theme}${suffix}.png`)
        await page.screenshot({ path: file })
        console.log(`wrote ${path.relative(process.cwd(), file)}`)
        await page.close()
      }
    }
    for (const shot of [...widgetShots, ...flowShots, ...linkShots, ...auditShots, ...jobShots]) {
      if (only.length && !only.includes(shot.name) && !shot.files.some((f) => only.includes(f))) continue
      await shootState(browser, shot)
    }
  } finally {
    await browser.close()
    await h.close()
  }
}

/** A customer with several connections and recipes makes a more honest picture than an empty one. */
async function pickRichCustomer(h: Harness, profileId: string): Promise<number> {
  const list = await rpc<{ items: { id: number }[] }>(h, 'customers:list', { profileId })
  let best = list.items[0]?.id ?? 0
  let bestScore = -1
  for (const c of list.items.slice(0, 25)) {
    const [conns, recipes] = await Promise.all([
      rpc<{ items: unknown[] }>(h, 'connections:list', { profileId, customerId: c.id }),
      rpc<{ items: unknown[] }>(h, 'recipes:list', { profileId, customerId: c.id }),
    ])
    const score = Math.min(conns.items.length, 7) + Math.min(recipes.items.length, 6)
    if (score > bestScore) {
      best = c.id
      bestScore = score
    }
  }
  return best
}

await main()
