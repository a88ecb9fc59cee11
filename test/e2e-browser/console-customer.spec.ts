/** A customer's page: ids, connections (create, disconnect, delete), recipes (start/stop), jobs, and offline. */
import type { Locator, Page } from '@playwright/test'
import { activeProfileId, collectPageErrors, findBusyConnection, findRecipe, rpc, takeApiDown } from './console-helpers'
import { expect, fastRetry, test } from './fixtures'

const tab = (page: Page, name: string) => page.locator('.n-tabs-tab', { hasText: name })
const connRows = (page: Page) => page.locator('[data-testid="connections-table"] tbody [data-connection-id]')
/** How many pixels a table scrolls sideways (the widest of its scroll containers): 0 when everything fits. */
const sidewaysOverflow = (table: Locator) =>
  table
    .locator('.n-scrollbar-container, .n-data-table-base-table-body, .n-data-table-base-table-header')
    .evaluateAll((els) => Math.max(0, ...els.map((el) => el.scrollWidth - el.clientWidth)))

test('the header shows ids with copy buttons and the origin URL; tabs live in the URL', async ({ page, harness, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(`${harness.url}/#/customers/100001`)
  const header = page.getByTestId('customer-header')
  await expect(page.getByTestId('customer-id')).toHaveText('100001')
  await expect(page.getByTestId('customer-external-id')).toHaveText('cust-00001')
  await expect(header).toContainText('Origin URL')
  await header.getByRole('button', { name: 'Copy customer id' }).click()
  await expect(page.getByText('Copied customer id')).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('100001')

  await tab(page, 'Recipes').click()
  await expect(page).toHaveURL(/tab=recipes/)
  await page.getByRole('link', { name: '← Customers' }).click()
  await expect(page).toHaveURL(/#\/customers$/)
})

test('connections show status from authorization_status, errors, and runtime connections on request', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers/100001`)
  await expect(connRows(page).first()).toBeVisible()
  const statuses = await page.getByTestId('connection-status').allInnerTexts()
  expect(statuses.every((s) => ['Connected', 'Failed', 'Not connected'].includes(s))).toBe(true)
  const failed = connRows(page)
    .filter({ has: page.getByTestId('connection-status').getByText('Failed') })
    .first()
  if (await failed.count()) await expect(failed).toContainText(/Invalid credentials|Refresh token|Host not found|Insufficient privileges/)

  // The runtime toggle passes include_runtime_connections; find a customer that has some.
  const profileId = await activeProfileId(harness)
  let customerId = 0
  let extra = 0
  for (let id = 100001; id < 100040 && !customerId; id++) {
    const plain = await rpc<{ items: unknown[] }>(harness, 'connections:list', { profileId, customerId: id })
    const all = await rpc<{ items: unknown[] }>(harness, 'connections:list', {
      profileId,
      customerId: id,
      filters: { include_runtime_connections: true },
    })
    if (all.items.length > plain.items.length) {
      customerId = id
      extra = all.items.length - plain.items.length
    }
  }
  expect(customerId).toBeGreaterThan(0)
  await page.goto(`${harness.url}/#/customers/${customerId}`)
  await expect(connRows(page).first()).toBeVisible()
  const before = await connRows(page).count()
  await page.getByTestId('runtime-toggle').click()
  await expect(connRows(page)).toHaveCount(before + extra)
  await expect(page.getByTestId('connections-table')).toContainText('runtime')
  // Every row shows its id, and runtime rows their tag, however long the name (the name wraps, they do not shrink).
  const ids = await connRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-connection-id')))
  for (const id of ids) await expect(page.locator(`[data-connection-id="${id}"]`).getByTestId('connection-id')).toHaveText(`#${id}`)
  await expect(page.getByTestId('connection-runtime')).toHaveCount(extra)
  for (const tag of await page.getByTestId('connection-runtime').all()) await expect(tag).toBeInViewport()
})

test('at the minimum window (1024x640) a connection name, id, status and error are visible without scrolling sideways', async ({ page, harness }) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  const profileId = await activeProfileId(harness)
  // A long-named runtime connection: its id and "runtime" tag must still show, the full name in a tooltip.
  const list = await rpc<{ items: { id: number; provider: string; parent_id?: number | null }[] }>(harness, 'connections:list', {
    profileId,
    customerId: 100001,
  })
  const parent = list.items.find((c) => !c.parent_id)
  if (!parent) throw new Error('customer 100001 has no top-level connection')
  const longName = 'Hooli Studios production sandbox for the EMEA support team, per-user connection of a very long name'
  const made = await rpc<{ id: number }>(harness, 'connections:create', {
    profileId,
    customerId: 100001,
    input: { provider: parent.provider, name: longName, parent_id: parent.id, shell_connection: true },
  })

  await page.goto(`${harness.url}/#/customers/100001`)
  await expect(connRows(page).first()).toBeVisible()
  await page.getByTestId('runtime-toggle').click()
  const table = page.getByTestId('connections-table')
  // No sideways scrolling: the table's scroll area is no wider than the view.
  expect(await sidewaysOverflow(table)).toBeLessThanOrEqual(1)

  const failed = connRows(page)
    .filter({ has: page.getByTestId('connection-status').getByText('Failed') })
    .first()
  await expect(failed).toBeVisible()
  const error = failed.getByTestId('connection-error')
  await expect(error).toHaveText(/\S/)
  await failed.scrollIntoViewIfNeeded()
  await expect(error).toBeInViewport({ ratio: 1 })
  await expect(failed.getByTestId('connection-status')).toBeInViewport({ ratio: 1 })
  await expect(failed.getByTestId('connection-name')).toBeInViewport({ ratio: 1 })
  // The action buttons do not cover the error: it ends left of the pinned action column.
  const errBox = await error.boundingBox()
  const actBox = await failed.getByTestId('connection-delete').boundingBox()
  expect(errBox && actBox && errBox.x + errBox.width <= actBox.x).toBe(true)

  const long = page.locator(`[data-connection-id="${made.id}"]`)
  await long.scrollIntoViewIfNeeded()
  await expect(long.getByTestId('connection-id')).toHaveText(`#${made.id}`)
  await expect(long.getByTestId('connection-id')).toBeInViewport({ ratio: 1 })
  await expect(long.getByTestId('connection-runtime')).toBeInViewport({ ratio: 1 })
  await expect(long.getByTestId('connection-name')).toHaveAttribute('title', longName)
})

test.describe('against a dead API (fast backoff)', () => {
  test.use({ harnessOptions: { retry: fastRetry } })
  test('create a shell connection: the form names the customer, keeps input on failure, then succeeds', async ({ page, harness }) => {
    // A customer whose workspace nests a folder (Home / outer / Archive): the picker lists it by its path.
    const sb = harness.core.sandbox()
    if (!sb) throw new Error('the sandbox is not running')
    const customer = sb.state.listCustomers().find((c) => {
      const ws = sb.state.workspace(c)
      return [...ws.folders.values()].some((f) => f.name === 'Archive' && f.parent_id !== ws.homeFolderId)
    })
    if (!customer) throw new Error('no customer with a nested folder in the seed')
    const ws = sb.state.workspace(customer)
    const archive = [...ws.folders.values()].find((f) => f.name === 'Archive' && f.parent_id !== ws.homeFolderId)
    const outer = archive?.parent_id != null ? ws.folders.get(archive.parent_id) : undefined
    if (!archive || !outer) throw new Error('nested folder without a parent')

    await page.goto(`${harness.url}/#/customers/${customer.id}`)
    await expect(connRows(page).first()).toBeVisible()
    const before = await connRows(page).count()
    await page.getByTestId('connection-create').click()
    const form = page.getByTestId('connection-form')
    await expect(form).toContainText(`(id ${customer.id})`)
    // Provider is marked required, and its placeholder does not look like a chosen value.
    await expect(form.locator('.n-form-item', { hasText: 'Provider' }).first().locator('.n-form-item-label__asterisk')).toBeVisible()
    await expect(page.getByTestId('connection-provider')).toContainText('Choose or type a provider key')

    // Provider is required: a clear field error, nothing sent.
    await page.getByTestId('connection-submit').click()
    await expect(form).toContainText('Provider is required')

    await page.getByTestId('connection-provider').click()
    await page.keyboard.type('salesforce')
    await page.keyboard.press('Enter')
    // Choosing a provider clears its message at once.
    await expect(form).not.toContainText('Provider is required')
    await page.getByTestId('connection-name').locator('input').fill('Support test Salesforce')
    await page.getByTestId('connection-folder').click()
    await page.keyboard.type(`${outer.name} / Arch`)
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('connection-folder')).toContainText(`${outer.name} / Archive`)
    await page.getByTestId('connection-external-id').locator('input').fill('ext-42')

    // The API fails: the error is shown and every field keeps what was typed.
    harness.core.sandbox()?.setFaults({ errorRate: 1 })
    await page.getByTestId('connection-submit').click()
    await expect(page.getByTestId('connection-form-error')).toBeVisible({ timeout: 30_000 })
    await expect(page.getByTestId('connection-name').locator('input')).toHaveValue('Support test Salesforce')
    await expect(page.getByTestId('connection-external-id').locator('input')).toHaveValue('ext-42')

    harness.core.sandbox()?.setFaults({})
    await page.getByTestId('connection-submit').click()
    await expect(page.getByText(/Created shell connection “Support test Salesforce” \(\d+\)/)).toBeVisible()
    await expect(form).toBeHidden()
    await expect(connRows(page)).toHaveCount(before + 1)
    const row = connRows(page).filter({ hasText: 'Support test Salesforce' })
    await expect(row).toContainText('Not connected')
    await expect(row).toContainText('ext-42')
    // Created in the nested folder that was picked.
    const made = [...ws.connections.values()].find((c) => c.name === 'Support test Salesforce')
    expect(made?.folder_id).toBe(archive.id)
  })
})

test('disconnecting a connection that running recipes use names them and offers a forced disconnect', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  const busy = await findBusyConnection(harness, profileId)
  await page.goto(`${harness.url}/#/customers/${busy.customerId}`)
  const row = page.locator(`[data-testid="connections-table"] tbody [data-connection-id="${busy.connectionId}"]`)
  await expect(row).toContainText('Connected')
  const errors = collectPageErrors(page)
  await row.getByTestId('connection-disconnect').click()

  const modal = page.getByTestId('connection-action-modal')
  await expect(modal.getByTestId('action-target')).toContainText(`id ${busy.connectionId}`)
  await expect(modal.getByTestId('action-target')).toContainText(`id ${busy.customerId}`)
  const list = modal.getByTestId('running-recipes')
  for (const name of busy.recipes) await expect(list).toContainText(name)
  const confirm = modal.getByTestId('action-confirm')
  await expect(confirm).toHaveText('Disconnect anyway (force)')
  // The confirm button has the focus once the check is done, and opening the dialog logged no error.
  await expect(confirm).toBeFocused()
  expect(errors).toEqual([])
  await confirm.click()
  await expect(page.getByText(new RegExp(`Disconnected “.+” \\(${busy.connectionId}\\)`))).toBeVisible()
  await expect(row.getByTestId('connection-status')).toHaveText('Not connected')
})

test('delete a connection after a confirmation that names it; Esc cancels without touching it', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  // A connection no running recipe uses: Workato would refuse to delete a busy one.
  let customerId = 0
  let id = ''
  for (let c = 100001; c < 100030 && !customerId; c++) {
    const conns = await rpc<{ items: { id: number }[] }>(harness, 'connections:list', { profileId, customerId: c })
    for (const conn of conns.items) {
      const u = await rpc<{ runningRecipes: unknown[] }>(harness, 'connections:usage', { profileId, customerId: c, connectionId: conn.id })
      if (u.runningRecipes.length === 0) {
        customerId = c
        id = String(conn.id)
        break
      }
    }
  }
  await page.goto(`${harness.url}/#/customers/${customerId}`)
  await expect(connRows(page).first()).toBeVisible()
  const before = await connRows(page).count()
  const first = page.locator(`[data-testid="connections-table"] tbody [data-connection-id="${id}"]`)
  const errors = collectPageErrors(page)
  await first.getByTestId('connection-delete').click()
  const modal = page.getByTestId('connection-action-modal')
  await expect(modal).toContainText(`id ${id}`)
  await expect(modal.getByTestId('action-confirm')).toBeEnabled()
  await expect(modal.getByTestId('action-confirm')).toBeFocused()
  expect(errors).toEqual([])
  await page.keyboard.press('Escape')
  await expect(modal).toBeHidden()
  await expect(connRows(page)).toHaveCount(before)

  // Enter on the focused Cancel button cancels (it does not confirm the delete).
  await first.getByTestId('connection-delete').click()
  await expect(modal.getByTestId('action-confirm')).toBeFocused()
  await modal.getByTestId('action-cancel').focus()
  await page.keyboard.press('Enter')
  await expect(modal).toBeHidden()
  await expect(connRows(page)).toHaveCount(before)

  await first.getByTestId('connection-delete').click()
  await expect(modal.getByTestId('action-confirm')).toBeEnabled()
  await modal.getByTestId('action-confirm').click()
  await expect(page.getByText(new RegExp(`Deleted “.+” \\(${id}\\)`))).toBeVisible()
  await expect(connRows(page)).toHaveCount(before - 1)
  expect(errors).toEqual([])
})

test('deleting a connection that running recipes use is blocked, naming them', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  const busy = await findBusyConnection(harness, profileId)
  await page.goto(`${harness.url}/#/customers/${busy.customerId}`)
  const row = page.locator(`[data-testid="connections-table"] tbody [data-connection-id="${busy.connectionId}"]`)
  await row.getByTestId('connection-delete').click()
  const modal = page.getByTestId('connection-action-modal')
  for (const name of busy.recipes) await expect(modal.getByTestId('running-recipes')).toContainText(name)
  await expect(modal).toContainText('Stop them on the Recipes tab first')
  await expect(modal.getByTestId('action-confirm')).toBeDisabled()
  // Nothing to confirm: Cancel has the focus.
  await expect(modal.getByTestId('action-cancel')).toBeFocused()
  await modal.getByTestId('action-cancel').click()
  await expect(row).toBeVisible()
})

test('starting a recipe with a missing connection lists what is missing in words', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  const target = await findRecipe(harness, profileId, (r) => !r.running && (r.config ?? []).some((s) => s.account_id == null))
  await page.goto(`${harness.url}/#/customers/${target.customerId}?tab=recipes`)
  const row = page.locator(`[data-testid="recipes-table"] tbody [data-recipe-id="${target.recipeId}"]`)
  await expect(row.getByTestId('recipe-state')).toHaveText('Stopped')
  await row.getByTestId('recipe-start').click()
  await expect(page.getByTestId('recipe-confirm')).toContainText(`Recipe ${target.recipeId} of customer`)
  await page.getByRole('button', { name: 'Start recipe' }).click()
  const problems = page.getByTestId('start-problems')
  await expect(problems).toContainText(`“${target.name}” (${target.recipeId}) did not start`)
  const items = problems.locator('li')
  expect(await items.count()).toBeGreaterThan(0)
  await expect(items.first()).toContainText(/connection|Step/i)
  await expect(row.getByTestId('recipe-state')).toHaveText('Stopped')
})

test('stop and start a running recipe; stop causes are explained in words', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  const target = await findRecipe(harness, profileId, (r) => r.running)
  await page.goto(`${harness.url}/#/customers/${target.customerId}?tab=recipes`)
  const row = page.locator(`[data-testid="recipes-table"] tbody [data-recipe-id="${target.recipeId}"]`)
  await expect(row.getByTestId('recipe-state')).toHaveText('Running')
  await row.getByTestId('recipe-stop').click()
  await page.getByRole('button', { name: 'Stop recipe' }).click()
  await expect(page.getByText(`Stopped “${target.name}” (${target.recipeId})`)).toBeVisible()
  await expect(row.getByTestId('recipe-state')).toHaveText('Stopped')
  await row.getByTestId('recipe-start').click()
  await page.getByRole('button', { name: 'Start recipe' }).click()
  await expect(row.getByTestId('recipe-state')).toHaveText('Running')

  const stopped = await findRecipe(
    harness,
    profileId,
    (r) => !r.running && (r as { stop_cause?: string | null }).stop_cause === 'trigger_errors_limit',
  )
  await page.goto(`${harness.url}/#/customers/${stopped.customerId}?tab=recipes`)
  await expect(page.locator(`[data-recipe-id="${stopped.recipeId}"]`).getByTestId('stop-cause')).toHaveText(
    'Stopped after too many consecutive trigger errors',
  )
})

test('recipes at the minimum window: job counts visible, "never" only for recipes without jobs', async ({ page, harness }) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  await page.goto(`${harness.url}/#/customers/100001?tab=recipes`)
  const rows = page.locator('[data-testid="recipes-table"] tbody [data-recipe-id]')
  await expect(rows.first()).toBeVisible()
  expect(await sidewaysOverflow(page.getByTestId('recipes-table'))).toBeLessThanOrEqual(1)
  await expect(rows.first().getByTestId('recipe-jobs-counts')).toBeInViewport({ ratio: 1 })
  for (const row of await rows.all()) {
    const counts = await row.getByTestId('recipe-jobs-counts').innerText()
    const lastRun = await row.getByTestId('recipe-last-run').innerText()
    if (lastRun === 'never') expect(counts).toMatch(/^0 ok\s+0 failed$/)
  }
})

test('jobs of a recipe: newest first, filtered by status', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  const target = await findRecipe(
    harness,
    profileId,
    (r) => (r as { job_failed_count?: number }).job_failed_count !== 0 && Boolean((r as { last_run_at?: string | null }).last_run_at),
  )
  await page.goto(`${harness.url}/#/customers/${target.customerId}?tab=recipes`)
  const recipeRow = page.locator(`[data-recipe-id="${target.recipeId}"]`)
  const [okText, failedText] = (await recipeRow.getByTestId('recipe-jobs-counts').innerText()).split('\n')
  await recipeRow.getByTestId('recipe-jobs').click()
  await expect(page).toHaveURL(new RegExp(`tab=jobs.*recipe=${target.recipeId}|recipe=${target.recipeId}.*tab=jobs`))
  const table = page.getByTestId('jobs-table')
  await expect(table.getByTestId('job-status').first()).toBeVisible()
  await expect(page.getByTestId('jobs-counts')).toContainText('newest first')
  // The list's counts say they are of recent jobs; the recipe's lifetime counts (Recipes tab) are shown as such.
  await expect(page.getByTestId('jobs-recent-counts')).toContainText(/\d+ recent jobs?: \d+ succeeded, \d+ failed/)
  await expect(page.getByTestId('jobs-lifetime-counts')).toContainText(`lifetime ${okText}, ${failedText}`)
  const shown = await table.getByTestId('job-status').count()
  const recent = Number((await page.getByTestId('jobs-recent-counts').innerText()).match(/^([\d,]+)/)?.[1]?.replace(/,/g, ''))
  expect(recent).toBeGreaterThanOrEqual(shown)
  // At the minimum window every column fits, the job id on screen under each title.
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect.poll(() => sidewaysOverflow(table)).toBeLessThanOrEqual(1)
  await expect(table.getByTestId('job-id').first()).toHaveText(/^j-/)
  await expect(table.getByTestId('job-id').first()).toBeInViewport({ ratio: 1 })
  const started = await table.getByTestId('job-started').allInnerTexts()
  const times = started.map((t) => Date.parse(t))
  for (let i = 1; i < times.length; i++) expect(times[i - 1]).toBeGreaterThanOrEqual(times[i] ?? 0)

  await page.getByTestId('jobs-status').getByText('Failed').click()
  await expect
    .poll(async () => {
      const s = await table.getByTestId('job-status').allInnerTexts()
      return s.length === 0 ? 'empty' : s.every((x) => x === 'failed') ? 'all failed' : 'mixed'
    })
    .not.toBe('mixed')
})

test.describe('against a dead API (fast backoff)', () => {
  test.use({ harnessOptions: { retry: fastRetry } })
  test('API down: connections and recipes show the last-seen lists marked stale', async ({ page, harness }) => {
    await page.goto(`${harness.url}/#/customers/100004`)
    await expect(connRows(page).first()).toBeVisible()
    const names = await connRows(page).allInnerTexts()
    await tab(page, 'Recipes').click()
    await expect(page.locator('[data-testid="recipes-table"] tbody [data-recipe-id]').first()).toBeVisible()
    await tab(page, 'Connections').click()

    await takeApiDown(harness)
    await page.getByTestId('connections-reload').click()
    await expect(page.getByTestId('connections-stale')).toBeVisible({ timeout: 30_000 })
    await expect(page.getByTestId('stale-tag')).toContainText('API unreachable')
    expect(await connRows(page).allInnerTexts()).toEqual(names)

    await tab(page, 'Recipes').click()
    await expect(page.getByTestId('recipes-stale')).toBeVisible({ timeout: 30_000 })
    await expect(page.locator('[data-testid="recipes-table"] tbody [data-recipe-id]').first()).toBeVisible()
  })
})
