/**
 * Ticket work on jobs (issue 14): a failed job found in "Failed, all recipes", opened, copied for a ticket and
 * re-run; a re-run of 26 jobs (split into requests of 25 and 1, one a second, §4.6); a job id that does not exist.
 */
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { customerWithFailedJobs, recipeWithJobs } from './jobs-helpers'

const clipboardText = (page: Page) => page.evaluate(() => navigator.clipboard.readText())
/** The `text/html` form a rich ticket editor would paste. */
const clipboardHtml = (page: Page) =>
  page.evaluate(async () => {
    for (const item of await navigator.clipboard.read()) if (item.types.includes('text/html')) return (await item.getType('text/html')).text()
    return ''
  })

test('a failed job from "Failed, all recipes": opened, copied for a ticket and re-run with the result shown', async ({ page, harness, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const { customerId, newest } = customerWithFailedJobs(harness)

  await page.goto(`${harness.url}/#/customers/${customerId}?tab=jobs`)
  await page.getByTestId('jobs-mode-failed').click()
  await expect(page).toHaveURL(/jobs=failed/)
  const firstRow = page.locator('[data-testid="jobs-table"] tbody tr').first()
  // Newest first across every recipe, each with its recipe named.
  await expect(firstRow.getByTestId('job-id')).toHaveText(newest.job.id)
  await expect(firstRow.getByTestId('job-recipe')).toHaveText(newest.recipeName)
  await expect(page.getByTestId('jobs-failed-counts')).toContainText('newest first')

  await firstRow.getByTestId('job-id').click()
  await expect(page).toHaveURL(new RegExp(`/customers/${customerId}/recipes/${newest.recipeId}/jobs/${newest.job.id}$`))
  await expect(page.getByTestId('job-detail-status')).toHaveText('failed')
  await expect(page.getByTestId('job-detail-id')).toHaveText(newest.job.id)
  const parts = newest.job.error_parts
  await expect(page.getByTestId('job-error-adapter')).toHaveText(parts?.adapter ?? '')
  await expect(page.getByTestId('job-error-type')).toHaveText(parts?.error_type ?? '')
  await expect(page.getByTestId('job-error-message')).toHaveText(newest.job.error ?? '')
  const firstInputKey = Object.keys((parts?.input ?? {}) as Record<string, unknown>)[0] ?? ''
  await expect(page.getByTestId('job-error-input')).toContainText(`"${firstInputKey}"`)

  // Copy the job id, then the ticket summary (plain text and HTML in one click), then its Markdown form.
  await page.getByRole('button', { name: 'Copy job id' }).click()
  expect(await clipboardText(page)).toBe(newest.job.id)
  await page.getByTestId('copy-ticket').click()
  await expect(page.getByText(`Copied a ticket summary of job ${newest.job.id}`)).toBeVisible()
  const plain = await clipboardText(page)
  expect(plain).toContain(`Job ${newest.job.id} failed`)
  expect(plain).toMatch(new RegExp(`Customer: +.*\\(id ${customerId}`))
  expect(plain).toMatch(new RegExp(`Recipe: +${escape(newest.recipeName)} \\(id ${newest.recipeId}\\)`))
  expect(plain).toMatch(new RegExp(`Error: +${escape(newest.job.error ?? '')}`))
  expect(plain).toMatch(/Data center: +Built-in Sandbox/)
  expect(plain).toMatch(/Time: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d) \(/)
  expect(plain).toContain(`embedded-console://job/${newest.recipeId}/${newest.job.id}`)
  expect(await clipboardHtml(page)).toContain(`<a href="embedded-console://job/${newest.recipeId}/${newest.job.id}">`)
  await page.getByTestId('copy-ticket-more').click()
  await page.getByText('Copy as Markdown').click()
  await expect(page.getByText(`Copied a Markdown ticket summary of job ${newest.job.id}`)).toBeVisible()
  expect(await clipboardText(page)).toContain(`| Link | <embedded-console://job/${newest.recipeId}/${newest.job.id}> |`)

  // Re-run: the confirmation names the job; the result says what Workato did with it.
  await page.getByTestId('job-rerun').click()
  await expect(page.getByTestId('rerun-confirm-jobs')).toContainText(`${newest.job.id} (${newest.recipeName}, recipe ${newest.recipeId})`)
  await page.getByRole('button', { name: 'Re-run 1 job' }).click()
  const result = page.getByTestId('rerun-result')
  await expect(result).toContainText('Re-run: 1 accepted (1 request)')
  await expect(result.getByTestId('rerun-job')).toHaveAttribute('data-outcome', 'accepted')
  await expect(result.getByTestId('rerun-job')).toContainText('Re-run started')
})

test('a re-run of 26 jobs goes out as requests of 25 and 1, one a second, with every job’s result', async ({ page, harness }) => {
  // A recipe whose recent jobs are exactly 26, so "select all" picks 26.
  const { customerId, recipeId, recipeName, jobs } = recipeWithJobs(harness, 26, 26)
  const ids = jobs.map((j) => j.id)
  await page.goto(`${harness.url}/#/customers/${customerId}?tab=jobs&recipe=${recipeId}`)
  await expect(page.locator('[data-testid="jobs-table"] tbody tr')).toHaveCount(26)
  await page.locator('[data-testid="jobs-table"] thead .n-checkbox').click()
  await expect(page.getByTestId('jobs-selection')).toContainText('26 jobs selected')
  await expect(page.getByTestId('jobs-selection-plan')).toContainText('sent as 2 requests')

  await page.getByTestId('jobs-rerun').click()
  const confirm = page.getByTestId('rerun-confirm')
  await expect(confirm).toContainText('2 repeat_jobs requests')
  await expect(confirm.locator('li')).toHaveCount(26)
  await expect(confirm.locator('li').last()).toContainText(`${ids[25]} (${recipeName}, recipe ${recipeId})`)
  await page.getByRole('button', { name: 'Re-run 26 jobs' }).click()

  const result = page.getByTestId('rerun-result')
  await expect(result).toContainText('Re-run: 26 accepted (2 requests)')
  await expect(result.getByTestId('rerun-job')).toHaveCount(26)
  await expect(result.locator('[data-testid="rerun-job"][data-outcome="accepted"]')).toHaveCount(26)
  await expect(result.getByTestId('rerun-job').last()).toContainText(ids[25] ?? '')
  // The selection is cleared, and the new jobs are one click away.
  await expect(page.getByTestId('jobs-selection')).toHaveCount(0)
  await result.getByTestId('rerun-refresh').click()
  await expect(page.locator('[data-testid="jobs-table"] tbody tr').first().getByTestId('job-status')).toHaveText('succeeded')
})

test('a job id that does not exist gets a clear not-found message and a way back', async ({ page, harness }) => {
  const { customerId, recipeId } = recipeWithJobs(harness, 1)
  await page.goto(`${harness.url}/#/customers/${customerId}/recipes/${recipeId}/jobs/j-doesnotexist`)
  const error = page.getByTestId('job-error')
  await expect(error).toContainText(`Job j-doesnotexist was not found in recipe ${recipeId} of customer ${customerId}.`)
  await expect(error).toContainText('Workato job ids look like j-')
  await error.getByRole('button', { name: "Back to the recipe's jobs" }).click()
  await expect(page).toHaveURL(new RegExp(`/customers/${customerId}\\?.*tab=jobs`))
  await expect(page.getByTestId('jobs-table')).toBeVisible()
})

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
