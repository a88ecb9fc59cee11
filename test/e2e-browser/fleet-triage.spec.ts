/**
 * The health sweep and the triage view against the Sandbox: a sweep with visible progress, then the triage view
 * lists exactly the problems the Sandbox says it holds (`handle.truth()`, worked out by the emulator from its own
 * records, not from what the API answered). A first sweep has no earlier failed-job counts and no switch has run,
 * so neither side has `failed_jobs_rising` (test/integration/fleet/fleet-truth.test.ts covers that one through
 * core). Stopped recipes chosen in the triage view go to the bulk screen, whose dry run lists exactly them.
 */
import { healthKindLabels as kindLabels } from '../../shared/domain/health'
import type { HealthKind, HealthProblemRef } from '../../shared/domain/health-kinds'
import type { ProblemsResult, SweepStatus } from '../../shared/contract/fleet'
import { test, expect } from './fixtures'
import { activeProfileId, rpc } from './console-helpers'
import type { Harness } from '../harness/server'

/** What both sides must agree on: the kind, the customer and the object the problem is about. */
const ref = (p: Pick<HealthProblemRef, 'kind' | 'customerId' | 'targetId'>): string => `${p.kind}:${p.customerId}:${p.targetId}`

function sandboxTruth(h: Harness): HealthProblemRef[] {
  const sandbox = h.core.sandbox()
  if (!sandbox) throw new Error('the harness has no Sandbox running')
  return sandbox.truth()
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
  expect(shown.problems.map(ref).sort()).toEqual(truth.map(ref).sort())
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

  // Two stopped recipes go to the bulk screen; its dry run reads exactly those two.
  const rows = page.getByTestId('triage-row')
  const chosen: string[] = []
  for (const i of [0, 1]) {
    const row = rows.nth(i)
    const [, customerId, , recipeId] = (await row.getAttribute('data-key'))?.split(':') ?? []
    chosen.push(`${customerId}:${recipeId}`)
    await row.locator('.n-checkbox').click()
  }
  await expect(page).toHaveURL(/#\/fleet$/)
  await page.getByTestId('triage-start-recipes').click()
  await expect(page).toHaveURL(/#\/fleet\/bulk$/)
  await expect(page.getByTestId('bulk-source-targets')).toContainText('Handed over (2)')
  await page.getByTestId('bulk-dry-run').click()
  await expect(page.getByTestId('bulk-plan-row')).toHaveCount(2)
  const listed = await page.getByTestId('bulk-plan-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-target')))
  expect(listed.sort()).toEqual(chosen.sort())
  await page.getByTestId('bulk-back-to-fleet').click()

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

test('a sweep can be cancelled and resumed; after a fail-jobs switch the next sweep shows that recipe as the one change', async ({
  page,
  harness,
}) => {
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

  // failed_jobs_rising end to end: new failed jobs on one running recipe, a new sweep, and "Changed since the last
  // check" keeps exactly that recipe.
  const sandbox = harness.core.sandbox()
  if (!sandbox) throw new Error('the harness has no Sandbox running')
  const target = sandbox.state
    .listCustomers()
    .flatMap((c) => [...sandbox.state.workspace(c).recipes.values()].filter((r) => r.running).map((r) => ({ customerId: c.id, recipeId: r.id })))[0]
  if (!target) throw new Error('the Sandbox has no running recipe')
  expect(sandbox.scenario({ action: 'fail-jobs', ...target, count: 2 })).toMatchObject({ ok: true })
  // Two full sweeps in a minute would wait on the console's share of the list limits (§6.2), which is not under test.
  harness.core.pacers.configure('off')
  const profileId = await activeProfileId(harness)
  const before = await rpc<SweepStatus>(harness, 'fleet:sweepStatus', { profileId })
  await page.getByTestId('sweep-start').click()
  await expect
    .poll(
      async () => {
        const s = await rpc<SweepStatus>(harness, 'fleet:sweepStatus', { profileId })
        return s.startedAt !== before.startedAt && s.state === 'done'
      },
      { message: 'the second sweep finishes', timeout: 30_000 },
    )
    .toBe(true)
  await expect(page.getByTestId('sweep-state')).toHaveText('Finished')
  await page.getByTestId('filter-changed').click()
  const changed = page.getByTestId('triage-row')
  await expect(changed).toHaveCount(1)
  await expect(changed).toHaveAttribute('data-key', `failed_jobs_rising:${target.customerId}:recipe:${target.recipeId}`)
  await expect(changed).toContainText('2 new failed jobs')
})
