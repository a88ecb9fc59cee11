/**
 * The health sweep and the triage view against the Sandbox: a sweep with visible progress, then the triage view
 * lists exactly the problems the Sandbox holds. The truth is computed from the emulator's own records (its state,
 * not the API), with the shared rules of shared/domain/health.ts; a first sweep has no earlier failed-job counts,
 * so `failed_jobs_rising` cannot appear and is not expected.
 */
import { deriveProblems, healthKindLabels as kindLabels } from '../../shared/domain/health'
import type { HealthKind } from '../../shared/domain/health-kinds'
import { connectionSchema, customerSchema, recipeSchema } from '../../shared/domain/workato'
import type { ProblemsResult } from '../../shared/contract/fleet'
import { test, expect } from './fixtures'
import { activeProfileId, rpc } from './console-helpers'
import { sandboxState } from './flows-helpers'
import type { Harness } from '../harness/server'

function sandboxTruth(h: Harness): { key: string; kind: HealthKind; customerId: number }[] {
  const state = sandboxState(h)
  return state.listCustomers().flatMap((c) => {
    const ws = state.workspace(c)
    return deriveProblems({
      // Read through the API's own schemas, as the console reads the API's answers.
      customer: customerSchema.parse(c),
      connections: connectionSchema.array().parse([...ws.connections.values()]),
      recipes: recipeSchema.array().parse([...ws.recipes.values()]),
      previousFailed: null,
      now: new Date().toISOString(),
    }).map((p) => ({ key: p.key, kind: p.kind, customerId: p.customerId }))
  })
}

test('a sweep shows its progress, then the triage view lists exactly the Sandbox problems', async ({ page, harness }) => {
  const profileId = await activeProfileId(harness)
  // Slow answers while the progress is checked (so it is on screen for sure), then fast ones to finish.
  harness.core.sandbox()?.setFaults({ latencyMs: 300 })
  await page.goto(`${harness.url}/#/fleet`)
  await expect(page.getByTestId('sweep-state')).toHaveText('Not run yet')
  await expect(page.getByTestId('triage-empty')).toContainText('No customer has been checked yet')

  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-state')).toHaveText('Sweeping')
  await expect(page.getByTestId('sweep-progress')).toBeVisible()
  await expect(page.getByTestId('sweep-progress-text')).toContainText(/of 250 customers checked/)
  await expect(page.getByTestId('sweep-eta')).toContainText('lists a minute')
  harness.core.sandbox()?.setFaults({})
  await expect(page.getByTestId('sweep-state')).toHaveText('Finished', { timeout: 30_000 })

  const truth = sandboxTruth(harness)
  const shown = await rpc<ProblemsResult>(harness, 'fleet:problems', { profileId })
  expect(shown.customers).toHaveLength(250)
  expect(shown.failures).toEqual([])
  expect(shown.problems.map((p) => p.key).sort()).toEqual(truth.map((p) => p.key).sort())
  expect(truth.length).toBeGreaterThan(0)

  await expect(page.getByTestId('triage-count')).toContainText(`${truth.length.toLocaleString('en-US')} problems across 250 customers checked`)
  // Grouped by kind, each group with its count (the first is on screen; the others below it).
  const first = page.getByTestId('triage-group').first()
  const firstKind = (await first.getAttribute('data-kind')) as HealthKind
  await expect(first).toContainText(`· ${truth.filter((p) => p.kind === firstKind).length.toLocaleString('en-US')}`)

  // A kind filter leaves exactly that kind's problems.
  const stopped = truth.filter((p) => p.kind === 'recipe_stopped_by_cause')
  await page.getByTestId('filter-kind').click()
  await page.locator('.n-base-select-option', { hasText: kindLabels.recipe_stopped_by_cause }).click()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('triage-count')).toContainText(
    `${stopped.length.toLocaleString('en-US')} of ${truth.length.toLocaleString('en-US')} problems`,
  )

  // A row opens the customer's Recipes tab.
  const row = page.getByTestId('triage-row').first()
  const key = await row.getAttribute('data-key')
  const customerId = Number(key?.split(':')[1])
  await row.locator('[data-testid="triage-sentence"]').click()
  await expect(page).toHaveURL(new RegExp(`#/customers/${customerId}\\?tab=recipes`))

  // The Customers table shows each customer's health, and "Has problems" keeps exactly the customers with some.
  const withProblems = new Set(truth.map((p) => p.customerId)).size
  await page.goto(`${harness.url}/#/customers`)
  await expect(page.getByTestId('customer-health').first()).toHaveText(/^(OK|\d+ problems?)$/)
  await page.getByTestId('customers-has-problems').locator('.n-checkbox').click()
  await expect(page.getByTestId('customers-has-problems')).toContainText(`Has problems (${withProblems.toLocaleString('en-US')})`)
  await expect(page.getByTestId('customer-health').first()).toHaveText(/^\d+ problems?$/)
})

test('a sweep can be cancelled and resumed; what was read stays', async ({ page, harness }) => {
  harness.core.sandbox()?.setFaults({ latencyMs: 300 })
  await page.goto(`${harness.url}/#/fleet`)
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-progress-text')).toContainText(/[1-9]\d* of 250 customers checked/)
  await page.getByTestId('sweep-cancel').click()
  await expect(page.getByTestId('sweep-state')).toHaveText('Cancelled')
  await expect(page.getByTestId('sweep-message')).toContainText('Resume goes on from there')
  harness.core.sandbox()?.setFaults({})
  await page.getByTestId('sweep-resume').click()
  await expect(page.getByTestId('sweep-state')).toHaveText('Finished', { timeout: 30_000 })
  await expect(page.getByTestId('sweep-progress-text')).toContainText('250 of 250 customers checked')
})
