/**
 * Working a ticket from a link or an id: an embedded-console:// link that opens a job, a malformed one, a look-up
 * with Cancel, and Ctrl+K by a connection id and by the text of a job's error. Links arrive the way main hands them
 * over: `harness.openDeepLink()` runs main's own hand-off code and sends the `deepLink`/`deepLinkRefused` event.
 */
import type { Page } from '@playwright/test'
import { activeProfileId, rpc } from './console-helpers'
import { expect, test } from './fixtures'
import type { Harness } from '../harness/server'

interface JobLite {
  id: string
  error?: string | null
}

/** A recipe with a failed job, read through the contract (so the cache and the search index hold them, as in use). */
async function failedJob(h: Harness, profileId: string): Promise<{ customerId: number; recipeId: number; job: JobLite }> {
  for (let customerId = 100_001; customerId < 100_030; customerId++) {
    const recipes = await rpc<{ items: { id: number; job_failed_count?: number }[] }>(h, 'recipes:list', { profileId, customerId })
    for (const r of recipes.items.filter((x) => (x.job_failed_count ?? 0) > 0)) {
      const jobs = await rpc<{ items: JobLite[] }>(h, 'jobs:list', { profileId, customerId, recipeId: r.id, status: 'failed' })
      const job = jobs.items.find((j) => j.error && j.error.length > 12)
      if (job) return { customerId, recipeId: r.id, job }
    }
  }
  throw new Error('no failed job with an error in the seeded data')
}

/** The page is listening for events once the Customers screen has rendered its first rows. */
async function openConsole(page: Page, h: Harness) {
  await page.goto(`${h.url}/#/customers`)
  await expect(page.locator('[data-testid="customers-table"] [data-customer-id]').first()).toBeVisible()
}

test('a deep link opens a job: its customer is found from the recipe, and the job is shown', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  const { customerId, recipeId, job } = await failedJob(harness, profileId)
  await openConsole(page, harness)
  harness.openDeepLink(`embedded-console://job/${recipeId}/${job.id}`)
  // Job detail has its own route where the jobs work has landed; otherwise the Jobs tab shows the job marked.
  await expect(page).toHaveURL(new RegExp(`#/customers/${customerId}(/recipes/${recipeId}/jobs/${job.id}|\\?.*tab=jobs.*)`))
  if (/tab=jobs/.test(page.url())) {
    await expect(page).toHaveURL(new RegExp(`recipe=${recipeId}`))
    await expect(page.locator(`[data-job-id="${job.id}"][data-highlighted="true"]`)).toBeVisible()
  }
})

test('a malformed deep link says what is wrong and what a good one looks like, and the screen stays put', async ({ page, harness }) => {
  await openConsole(page, harness)
  harness.openDeepLink('embedded-console://job/99')
  await expect(page.getByText('This link cannot be opened')).toBeVisible()
  await expect(page.getByText('A job link has the form embedded-console://job/<numeric recipe id>/<job id>.', { exact: false })).toBeVisible()
  harness.openDeepLink('embedded-console://admin:hunter2@customer/1')
  await expect(page.getByText('Links carrying a user name or password are refused.', { exact: false })).toBeVisible()
  await expect(page.locator('body')).not.toContainText('hunter2')
  await expect(page).toHaveURL(/#\/customers$/)
})

test('a connection link the cache does not know is looked up customer by customer, with a Cancel', async ({ page, harness }) => {
  await openConsole(page, harness)
  const sb = harness.core.sandbox()
  if (!sb) throw new Error('the sandbox is not running')
  // Slow answers (injected, not waited out): the look-up is on screen long enough to be cancelled.
  sb.setFaults({ latencyMs: 1500 })
  harness.openDeepLink('embedded-console://connection/987654321')
  const lookup = page.getByTestId('deep-link-lookup')
  await expect(lookup).toContainText('Looking up connection 987654321')
  await page.getByTestId('deep-link-lookup-cancel').click()
  await expect(lookup).toBeHidden()
  await expect(page.getByText(/Stopped looking for connection 987654321 after \d+ customers/)).toBeVisible()
  await expect(page).toHaveURL(/#\/customers$/)
})

test('Ctrl+K finds a connection by its id and opens it, by keyboard', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  const conns = await rpc<{ items: { id: number; name: string }[] }>(harness, 'connections:list', { profileId, customerId: 100_002 })
  const conn = conns.items[0]
  if (!conn) throw new Error('customer 100002 has no connection')
  await openConsole(page, harness)
  await page.keyboard.press('Control+k')
  await page.getByTestId('quick-switcher-input').locator('input').fill(String(conn.id))
  const result = page.locator('[data-testid="search-result"][data-kind="connection"]').first()
  await expect(result).toContainText(conn.name)
  await expect(page.getByTestId('search-group-connection')).toHaveText('Connections')
  // Customers come first in the list: walk down past them to the connection.
  const customers = await page.getByTestId('quick-switcher-item').count()
  for (let i = 0; i < customers; i++) await page.keyboard.press('ArrowDown')
  await expect(result).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`#/customers/100002\\?.*connection=${conn.id}`))
  await expect(page.locator(`[data-connection-id="${conn.id}"][data-highlighted="true"]`)).toBeVisible()
})

test('Ctrl+K finds a failed job by the text of its error', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  const { customerId, recipeId, job } = await failedJob(harness, profileId)
  const words = (job.error ?? '').slice(0, 40)
  await openConsole(page, harness)
  await page.getByTestId('open-switcher').click()
  await page.getByTestId('quick-switcher-input').locator('input').fill(words)
  const result = page.locator(`[data-testid="search-result"][data-kind="job"]`).filter({ hasText: job.id }).first()
  await expect(result).toBeVisible()
  await expect(result).toContainText('matched error')
  await result.click()
  await expect(page).toHaveURL(new RegExp(`#/customers/${customerId}(/recipes/${recipeId}/jobs/${job.id}|\\?.*job=${job.id})`))
})
