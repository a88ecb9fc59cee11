/** The customer directory as support staff use it: first run, search, sort, quick switcher, refresh, offline. */
import { rpc, takeApiDown } from './console-helpers'
import { expect, fastRetry, test } from './fixtures'

const rows = (page: import('@playwright/test').Page) => page.locator('[data-testid="customers-table"] [data-customer-id]')

test('first run lands on the Sandbox profile’s customers, with the list’s age', async ({ page, harness }) => {
  await page.goto(harness.url)
  await expect(page).toHaveURL(/#\/customers$/)
  await expect(page.getByTestId('profile-banner')).toContainText('SANDBOX')
  await expect(rows(page).first()).toBeVisible()
  await expect(page.getByTestId('customers-count')).toContainText('250 customers')
  await expect(page.getByTestId('freshness-age')).toContainText(/updated (just now|\d+ min ago)/)
  // Virtualised: the DOM holds a screenful of rows, not all 250.
  expect(await rows(page).count()).toBeLessThan(60)
})

test('search as you type matches name, id and external id; Enter opens the first match', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers`)
  await expect(rows(page).first()).toBeVisible()
  const search = page.getByTestId('customer-search').locator('input')
  await expect(search).toBeFocused() // the search box is where typing goes on arrival

  await search.pressSequentially('100042')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toHaveAttribute('data-customer-id', '100042')
  await expect(page.getByTestId('customers-count')).toContainText('1 of 250 match')

  await search.fill('cust-00007')
  await expect(rows(page).first()).toHaveAttribute('data-customer-id', '100007')

  await search.fill('ACME')
  // Case-insensitive, and every visible row matches in its name or external id (e.g. "acme/eu/217").
  await expect(page.getByTestId('customers-count')).toContainText(/\d+ of 250 match/)
  await expect
    .poll(async () => {
      const texts = await rows(page).allInnerTexts()
      return texts.length > 0 && texts.every((t) => t.toLowerCase().includes('acme'))
    })
    .toBe(true)

  await search.fill('no such customer zzz')
  await expect(page.getByTestId('customers-no-match')).toContainText('No customer matches')
  await page.getByTestId('customers-no-match').getByRole('button', { name: 'Clear the search' }).click()
  await expect(rows(page).first()).toBeVisible()

  await search.fill('100042')
  await search.press('Enter')
  await expect(page).toHaveURL(/#\/customers\/100042/)
  await expect(page.getByTestId('customer-id')).toHaveText('100042')
})

test('sorting by id puts the lowest id first, then the highest', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers`)
  await expect(rows(page).first()).toBeVisible()
  const idHeader = page.getByRole('columnheader', { name: 'Id', exact: true })
  await idHeader.click()
  await expect(rows(page).first()).toHaveAttribute('data-customer-id', '100001')
  await idHeader.click()
  await expect(rows(page).first()).toHaveAttribute('data-customer-id', '100250')
})

test('Ctrl+K opens the quick switcher; arrows and Enter jump to a customer; Esc closes', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/profiles`)
  await expect(page.getByTestId('profiles-table')).toContainText('Sandbox')
  await page.keyboard.press('Control+k')
  const input = page.getByTestId('quick-switcher-input').locator('input')
  await expect(input).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('quick-switcher')).toBeHidden()

  await page.keyboard.press('Control+k')
  await input.pressSequentially('100013')
  await expect(page.getByTestId('quick-switcher-item')).toHaveCount(1)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/customers\/100013/)
  await expect(page.getByTestId('quick-switcher')).toBeHidden()

  await page.keyboard.press('Control+k')
  await input.pressSequentially('acme')
  const items = page.getByTestId('quick-switcher-item')
  await expect(items.first()).toBeVisible()
  const second = await items.nth(1).locator('.id').innerText()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`#/customers/${second.trim()}`))
})

test('the quick switcher reaches past the first screenful and says how many match', async ({ page, harness }) => {
  const sb = harness.core.sandbox()
  if (!sb) throw new Error('the sandbox is not running')
  // Name, id or external id, as the search matches.
  const acme = sb.state.listCustomers().filter((c) => `${c.name} ${c.id} ${c.external_id ?? ''}`.toLowerCase().includes('acme')).length
  expect(acme).toBeGreaterThan(10)
  await page.goto(`${harness.url}/#/customers`)
  await expect(rows(page).first()).toBeVisible()
  await page.keyboard.press('Control+k')
  await page.getByTestId('quick-switcher-input').locator('input').pressSequentially('acme')
  await expect(page.getByTestId('quick-switcher-count')).toHaveText(
    acme > 50 ? `first 50 of ${acme} matches: type more to narrow` : `${acme} matches`,
  )
  const items = page.getByTestId('quick-switcher-item')
  await expect(items).toHaveCount(Math.min(acme, 50))
  // Ten presses of ↓ land on the eleventh match, scrolled into view; Enter opens it.
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown')
  const eleventh = items.nth(10)
  await expect(eleventh).toHaveAttribute('aria-selected', 'true')
  await expect(eleventh).toBeInViewport()
  const id = (await eleventh.locator('.id').innerText()).trim()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`#/customers/${id}$`))
})

test('refresh shows done/total progress while pages load and can be cancelled', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers`)
  await expect(rows(page).first()).toBeVisible()
  // Slow pages so a person (and the test) can see the progress: slow enough that the two pages after the first
  // (about 5 s) outlast the checks below on a busy machine, so Cancel is still there to press.
  harness.core.sandbox()?.setFaults({ latencyMs: 2500 })
  await page.getByTestId('refresh').click()
  const progress = page.getByTestId('refresh-progress')
  // No total from the API: the count so far, against the last complete read (marked as an estimate).
  await expect(progress).toContainText(/\d+ of ~250 customers read/)
  await expect(page.getByTestId('directory-state')).toHaveText(/^Reading… \d+ of ~250$/)
  await page.getByTestId('refresh-cancel').click()
  await expect(page.getByTestId('customers-cancelled')).toContainText('Refresh cancelled')
  await expect(progress).toBeHidden()
  await expect(page.getByTestId('customers-count')).toContainText('250 customers') // nothing lost

  harness.core.sandbox()?.setFaults({})
  await page.getByTestId('refresh').click()
  await expect(page.getByTestId('refresh')).toBeVisible() // finished
  await expect(page.getByTestId('customers-refresh-error')).toHaveCount(0)
  await expect(page.getByTestId('freshness-age')).toContainText('updated just now')
})

test.describe('against a dead API (fast backoff)', () => {
  test.use({ harnessOptions: { retry: fastRetry } })
  test('API down: the last saved list stays, marked stale with the reason', async ({ page, harness }) => {
    await page.goto(`${harness.url}/#/customers`)
    await expect(rows(page).first()).toBeVisible()
    await takeApiDown(harness)
    await page.getByTestId('refresh').click()
    await expect(page.getByTestId('customers-refresh-error')).toBeVisible({ timeout: 30_000 })
    await expect(page.getByTestId('stale-tag')).toContainText('stale')
    await expect(page.getByTestId('customers-count')).toContainText('250 customers')
    await expect(rows(page).first()).toBeVisible()

    // A reload of the screen still opens on the saved list, marked stale.
    await page.reload()
    await expect(rows(page).first()).toBeVisible()
    await expect(page.getByTestId('stale-tag')).toBeVisible()
  })
})

test('keyboard only: ↓ from the search moves into the list, arrows move between rows, Enter opens one', async ({ page, harness }) => {
  await page.goto(`${harness.url}/#/customers`)
  await expect(rows(page).first()).toBeVisible()
  const search = page.getByTestId('customer-search').locator('input')
  await search.pressSequentially('acme')
  await expect(page.getByTestId('customers-count')).toContainText('match')
  const second = await rows(page).nth(1).getAttribute('data-customer-id')
  await page.keyboard.press('ArrowDown')
  await expect(rows(page).first().locator('a')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(rows(page).nth(1).locator('a')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`#/customers/${second}$`))
  // Esc in the search clears it.
  await page.goBack()
  await page.getByTestId('customer-search').locator('input').fill('zzz')
  await page.getByTestId('customer-search').locator('input').press('Escape')
  await expect(page.getByTestId('customer-search').locator('input')).toHaveValue('')
})

test.describe('against a dead API (fast backoff)', () => {
  test.use({ harnessOptions: { retry: fastRetry } })
  test('a workspace that could never be read says so, instead of claiming it has no customers', async ({ page, harness }) => {
    // A profile whose API is not there at all (a closed port on loopback).
    const p = await rpc<{ id: string }>(harness, 'profiles:create', {
      name: 'Unreachable',
      dataCenter: 'custom',
      customBaseUrl: 'http://127.0.0.1:9',
      environment: 'test',
      apiToken: 'wrk-e2e-unreachable-0001',
    })
    await rpc(harness, 'profiles:setActive', { profileId: p.id })
    await page.goto(`${harness.url}/#/customers`)
    await expect(page.getByTestId('customers-unreadable')).toBeVisible({ timeout: 30_000 })
    await expect(page.getByTestId('customers-refresh-error')).toContainText('Could not reach the Workato API')
    await expect(page.getByTestId('customers-count')).not.toContainText('0 customers')
    await expect(page.getByTestId('customers-empty')).toHaveCount(0)
    await expect(page.getByTestId('stale-tag')).toHaveText('could not load · API unreachable')
    await expect(page.locator('body')).not.toContainText('No customers in this workspace yet')
  })
})
