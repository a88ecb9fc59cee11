/**
 * Issue 13: a directory that streams, and rate limits you can see. The console's own pacer is shrunk to one
 * customer-list call per 20 s (a 2-call limit at the default 50 % share), so a cold start of the Sandbox's 250
 * customers (three pages, reference §2.5) stays mid-read after its first page for as long as a test needs (on a busy machine too), and nothing waits a
 * real minute: each test ends the read with Cancel.
 */
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import type { Harness } from '../harness/server'

const rows = (page: Page) => page.locator('[data-testid="customers-table"] [data-customer-id]')

/** Workato's customer family at 2 calls per 20 s; the console's 50 % share leaves it one. */
function slowCustomerList(harness: Harness) {
  harness.core.pacers.configure({ overrides: { customers: { limit: 2, windowMs: 20_000 } } })
}

test('a cold start shows rows while the read goes on, search works mid-read, Cancel keeps the rows and says partial', async ({ page, harness }) => {
  slowCustomerList(harness)
  await page.goto(`${harness.url}/#/customers`)

  // The first page is on screen while the second waits for the budget: rows, a growing count, an honest tag.
  await expect(rows(page).first()).toBeVisible()
  await expect(page.getByTestId('directory-state')).toHaveText('Reading… 100 so far')
  await expect(page.getByTestId('customers-count')).toHaveText('100 customers')
  await expect(page.getByTestId('refresh-progress')).toContainText('100 customers read so far')
  // Rows are arriving: nothing says the list could not be loaded.
  await expect(page.getByTestId('freshness')).toHaveCount(0)
  await expect(page.getByText('could not load')).toHaveCount(0)

  // Searchable at once: a customer of the first page is found while the rest is still being read.
  const search = page.getByTestId('customer-search').locator('input')
  await search.fill('100042')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toHaveAttribute('data-customer-id', '100042')
  await expect(page.getByTestId('customers-count')).toHaveText('1 of 100 match')
  await search.fill('')

  await page.getByTestId('refresh-cancel').click()
  await expect(page.getByTestId('directory-state')).toHaveText('Partial: cancelled after 100')
  const kept = 100
  await expect(page.getByTestId('customers-count')).toHaveText(`${kept} customers`)
  await expect(page.getByTestId('customers-cancelled')).toContainText(`Refresh cancelled after ${kept} customers`)
  await expect(page.getByTestId('customers-cancelled')).toContainText('may miss some')
  await expect(page.getByTestId('refresh')).toBeVisible() // no new read started behind the person's back
  await expect(rows(page).first()).toBeVisible()

  // A reload opens on what was kept, still marked partial; the person cancelled, so no read starts by itself.
  await page.reload()
  await expect(page.getByTestId('customers-count')).toHaveText('100 customers')
  await expect(page.getByTestId('directory-state')).toHaveText('Partial: cancelled after 100')
  await expect(page.getByTestId('refresh')).toBeVisible()
})

test('the budget indicator shows a wait with its reason; the wait notice says how long and its Cancel stops the read', async ({ page, harness }) => {
  slowCustomerList(harness)
  await page.goto(`${harness.url}/#/customers`)
  await expect(page.getByTestId('directory-state')).toHaveText('Reading… 100 so far')

  const indicator = page.getByTestId('budget-indicator')
  await expect(page.getByTestId('budget-summary')).toHaveText(/^Waiting \d+ s · customers budget$/)
  await indicator.click()
  const pop = page.getByTestId('budget-popover')
  await expect(pop).toContainText('This console allows itself 50 % of each limit')
  const row = pop.locator('tr[data-family="customers"]')
  // Used 1 of the 1 call the share allows of Workato's 2 per 20 s; who waits, for what, and how long.
  await expect(row.locator('td')).toHaveText([
    'customers',
    '1',
    '1',
    '2/20 s',
    /waiting for the customers budget: \d+ s left · Directory refresh: GET \/api\/managed_users/,
  ])
  await page.keyboard.press('Escape')

  const wait = page.getByTestId('api-wait')
  await expect(wait).toContainText(/Waiting \d+ s for a free slot under Workato's limit on customer list\/get\/update calls/)
  await expect(wait).toContainText('This console allows itself 50 % of it')
  await expect(page.getByTestId('api-wait-left')).toHaveText(/^\d+ s left$/)
  await page.getByTestId('api-wait-cancel').click()
  await expect(page.getByTestId('directory-state')).toHaveText('Partial: cancelled after 100')
  await expect(page.getByTestId('api-wait')).toHaveCount(0)
})
