/**
 * Navigation and state a support engineer relies on all day: a customer's tabs and rows by keyboard alone, a way
 * back from the widget to where it was opened, the Customers search selected (not appended to) on return, and
 * widget history that is still there after a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { startHarness } from '../harness/server'

/** Presses Tab until `done()` holds for the focused element (a bounded walk: a page has a few dozen stops). */
async function tabUntil(page: Page, done: () => Promise<boolean>, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await done()) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`focus did not get there within ${max} presses of Tab`)
}
const focusedRole = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('role') ?? '')
const focusedIsRow = (page: Page) => page.evaluate(() => document.activeElement?.classList.contains('kb-row') ?? false)

test('keyboard only: Tab reaches the customer tabs, arrows switch them, Tab reaches the rows, Enter opens', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers/100001`)
  await expect(page.locator('[data-testid="connections-table"] [data-connection-id]').first()).toBeVisible()
  await page.locator('body').focus()
  await tabUntil(page, async () => (await focusedRole(page)) === 'tab')
  await expect(page.getByRole('tab', { name: 'Connections' })).toBeFocused()
  await expect(page.getByRole('tab', { name: 'Connections' })).toHaveAttribute('aria-selected', 'true')

  await page.keyboard.press('ArrowRight')
  await expect(page).toHaveURL(/tab=recipes/)
  await expect(page.getByRole('tab', { name: 'Recipes' })).toBeFocused()
  await page.keyboard.press('ArrowRight')
  await expect(page).toHaveURL(/tab=jobs/)
  await page.keyboard.press('ArrowLeft')
  await expect(page).toHaveURL(/tab=recipes/)
  await expect(page.locator('[data-testid="recipes-table"] [data-recipe-id]').first()).toBeVisible()

  // On into the table: each row is a tab stop; ↓ moves to the next row; Enter shows that recipe's jobs.
  await tabUntil(page, () => focusedIsRow(page))
  await page.keyboard.press('ArrowDown')
  const recipeId = await page.evaluate(() => document.activeElement?.getAttribute('data-recipe-id'))
  expect(recipeId).toBeTruthy()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`tab=jobs.*recipe=${recipeId}|recipe=${recipeId}.*tab=jobs`))
})

test('a customer opened from the list or the search has focus on its name, so Tab goes on from there', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers`)
  await page.locator('[data-customer-id]').first().waitFor()
  await page.getByPlaceholder('Search by name, id or external id').fill('100001')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('customer-name')).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('customer-to-checklist')).toBeFocused()

  // Another customer from Ctrl+K reuses the page: focus moves to the new name, not left on the old page's control.
  await page.keyboard.press('Control+k')
  await page.keyboard.type('100002')
  await expect(page.getByTestId('quick-switcher-item').first()).toContainText('100002')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/customers\/100002/)
  await expect(page.getByTestId('customer-name')).toBeFocused()
})

test('a link drawn as a button is one tab stop, not two (the link, then the button inside it)', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers/100001`)
  await page.getByTestId('customer-to-checklist').focus()
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('customer-to-runtime-users')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/customers\/100001\/runtime-users/)
})

test('the widget has a way back to the customer it was opened from', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers/100001?tab=connections`)
  await page.getByTestId('connection-authenticate').first().click()
  await expect(page).toHaveURL(/#\/widget\?/)
  const back = page.getByTestId('widget-back')
  await expect(back).toHaveText('← Back to customer 100001')
  await back.getByRole('link').click()
  await expect(page).toHaveURL(/#\/customers\/100001\?tab=connections$/)
  await expect(page.getByTestId('customer-id')).toHaveText('100001')
})

test('the widget has a way back to the activation checklist it was opened from', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers/100001/activate`)
  const authenticate = page.getByTestId('checklist-authenticate').first()
  test.skip(!(await authenticate.isVisible().catch(() => false)), 'customer 100001 has nothing to authenticate on its checklist')
  await authenticate.click()
  await expect(page.getByTestId('widget-back')).toHaveText('← Back to the activation checklist of customer 100001')
  await page.getByTestId('widget-back').getByRole('link').click()
  await expect(page).toHaveURL(/#\/customers\/100001\/activate$/)
})

test('back on Customers the last search is selected, so typing replaces it instead of appending', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers`)
  const search = page.getByTestId('customer-search').locator('input')
  await expect(search).toBeFocused()
  await search.pressSequentially('acme')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/customers\/\d+/)
  await page.getByRole('link', { name: '← Customers' }).click()
  await expect(search).toBeFocused()
  await expect(search).toHaveValue('acme')
  await page.keyboard.type('glob')
  await expect(search).toHaveValue('glob')
})

test('widget history is still there after a restart on the same data folder', async ({ page }) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-history-restart-'))
  try {
    const first = await startHarness({ dataDir })
    let attemptId = ''
    try {
      const connectionId = await firstConnection(first)
      const attempt = await first.core.handlers['widget:open']({ profileId: 'sandbox', customerId: 100001, connectionId }, ctx())
      attemptId = attempt.attemptId
      await first.core.handlers['widget:close']({ attemptId }, ctx())
    } finally {
      await first.close()
    }
    const second = await startHarness({ dataDir })
    try {
      await page.goto(`${second.url}/#/widget/history`)
      const row = page.locator(`[data-testid="history-row"][data-attempt-id="${attemptId}"]`)
      await expect(row).toBeVisible()
      await expect(row).toContainText('100001')
      await row.getByTestId('history-reopen').click()
      await expect(page.getByTestId('widget-target')).toContainText('customer 100001')
    } finally {
      await second.close()
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
})

function ctx() {
  return { signal: new AbortController().signal }
}

async function firstConnection(h: Awaited<ReturnType<typeof startHarness>>): Promise<number> {
  const list = await h.core.handlers['connections:list']({ profileId: 'sandbox', customerId: 100001 }, ctx())
  const c = list.items[0]
  if (!c) throw new Error('customer 100001 has no connection')
  return c.id
}
