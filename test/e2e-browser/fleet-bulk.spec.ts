/**
 * Bulk start (issue 13 item 5): a dry run, a confirmed run in which one target is refused with Workato's
 * config_errors, the harness stopped mid-run and a new one started on the same data folder, and a resume that
 * never starts again what the first run already started.
 *
 * About 15 s: it starts two harnesses (and two Sandboxes) by design, since the restart is what it tests.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test, expect } from '@playwright/test'
import type { EmulatorHandle } from '../../electron/emulator'
import { BulkRunStore } from '../../electron/core/bulk/run-store'
import { startHarness, type Harness } from '../harness/server'
import { createMemoryVault } from '../support/memory-vault'

interface Target {
  customerId: number
  recipeId: number
}

/**
 * Picks four stopped recipes with bound slots in the first customers and sets their connections: three ready, the
 * last one's connection failed, so Workato refuses its start with config_errors (reference §4.4). The seed makes the
 * same choice on a fresh Sandbox, which is how the second harness gets the same targets.
 */
function prepare(sandbox: EmulatorHandle): { targets: Target[]; refused: Target } {
  const picked: Target[] = []
  const used = new Set<number>()
  let refusedConn: number | null = null
  for (const c of sandbox.state.listCustomers().slice(0, 40)) {
    const ws = sandbox.state.workspace(c)
    for (const r of [...ws.recipes.values()].sort((a, b) => a.id - b.id)) {
      if (picked.length === 4) break
      const ids = r.config.map((s) => s.account_id)
      if (!ids.length || ids.some((id) => id === null || !ws.connections.has(id))) continue
      const conns = ids.flatMap((id) => (id === null ? [] : [ws.connections.get(id)]))
      const last = picked.length === 3
      // The refused one must not share a connection with the ready ones, and vice versa.
      if (conns.some((cn) => cn && (last ? used.has(cn.id) : cn.id === refusedConn))) continue
      r.running = false
      for (const cn of conns) {
        if (!cn) continue
        if (last) {
          sandbox.state.setConnected(cn, false, 'Invalid credentials')
          refusedConn = cn.id
        } else {
          sandbox.state.setConnected(cn, true)
          used.add(cn.id)
        }
      }
      picked.push({ customerId: c.id, recipeId: r.id })
    }
    if (picked.length === 4) break
  }
  const refused = picked[3]
  if (!refused) throw new Error('the Sandbox has too few recipes with bound connections for this test')
  return { targets: picked, refused }
}

function running(sandbox: EmulatorHandle, t: Target): boolean {
  const c = sandbox.state.getCustomer(t.customerId)
  if (!c) throw new Error(`no customer ${t.customerId}`)
  return sandbox.state.workspace(c).recipes.get(t.recipeId)?.running ?? false
}

function sandboxOf(h: Harness): EmulatorHandle {
  const s = h.core.sandbox()
  if (!s) throw new Error('the harness has no Sandbox running')
  return s
}

let dataDir = ''
const open: Harness[] = []
test.beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-bulk-e2e-'))
})
test.afterEach(async () => {
  for (const h of open.splice(0)) await h.close().catch(() => {})
  await rm(dataDir, { recursive: true, force: true })
})

test('bulk start: dry run, one refusal with config_errors, harness restarted mid-run, resumed without a second start', async ({ page }) => {
  // One keychain across both harnesses, as on a real machine between two launches of the app.
  const vault = createMemoryVault()
  const first = await startHarness({ dataDir, vault })
  open.push(first)
  const sandbox1 = sandboxOf(first)
  const { targets, refused } = prepare(sandbox1)
  const query = targets.map((t) => `${t.customerId}:${t.recipeId}`).join(',')

  await page.goto(`${first.url}/#/fleet/bulk?targets=${query}`)
  await expect(page.getByTestId('bulk-source-targets')).toContainText('Handed over (4)')
  await page.getByTestId('bulk-dry-run').click()
  const plan = page.getByTestId('bulk-plan')
  await expect(plan).toContainText('3 to start')
  await expect(plan).toContainText('1 not ready')
  // The dry run says why the refused one is not ready (the checklist's words) and changes nothing.
  await expect(page.getByTestId('bulk-plan-table')).toContainText('failed to authorise (Invalid credentials)')
  expect(targets.map((t) => running(sandbox1, t))).toEqual([false, false, false, false])

  await page.getByTestId('bulk-include-not-ready').click()
  await expect(page.getByTestId('bulk-confirm-count')).toHaveText('4')
  const runButton = page.getByTestId('bulk-run-button')
  await page.getByTestId('bulk-confirm-input').locator('input').fill('3')
  await expect(runButton).toBeDisabled()
  await page.getByTestId('bulk-confirm-input').locator('input').fill('4')
  // The Sandbox takes one recipe start a minute: the first goes through, the second is answered 429 with a
  // Retry-After of about a minute, which the client waits out. The harness is stopped during that wait.
  sandbox1.setRateLimits({ overrides: { recipes: { limit: 1, windowMs: 60_000 } } })
  await runButton.click()
  const [firstTarget, secondTarget] = targets
  if (!firstTarget || !secondTarget) throw new Error('no target')
  await expect(page.getByTestId(`bulk-status-${firstTarget.recipeId}`)).toHaveText('Done')
  await expect(page.getByTestId(`bulk-status-${secondTarget.recipeId}`)).toHaveText('Sending…')
  // The wait is said out loud, with its reason, in the app-wide wait notice.
  await expect(page.getByTestId('api-wait').first()).toContainText('Workato answered 429 (too many recipe start/stop')
  await first.close()
  open.splice(open.indexOf(first), 1)

  const stopped = await new BulkRunStore(path.join(dataDir, 'bulk')).latest('sandbox')
  expect(stopped?.state).toBe('interrupted')
  const doneBefore = (stopped?.targets ?? []).filter((t) => t.status === 'succeeded').map((t) => t.recipeId)
  expect(doneBefore).toEqual([firstTarget.recipeId])
  // The start cut off by the shutdown is kept as sent-but-unanswered, to be read back before anything is sent.
  expect(stopped?.targets[1]?.status).toBe('in_flight')
  for (const t of targets) if (doneBefore.includes(t.recipeId)) expect(running(sandbox1, t)).toBe(true)

  // A new harness on the same data folder: a fresh Sandbox from the same seed, where nothing is running yet.
  const second = await startHarness({ dataDir, vault })
  open.push(second)
  const sandbox2 = sandboxOf(second)
  prepare(sandbox2)
  await page.goto(`${second.url}/#/fleet/bulk`)
  await expect(page.getByTestId('bulk-unfinished')).toContainText('did not finish')
  await page.getByTestId('bulk-resume').click()
  await expect(page.getByTestId('bulk-run-state')).toHaveText('Finished', { timeout: 20_000 })

  // Every target started before the restart was not sent again: on the fresh Sandbox it is still stopped.
  for (const t of targets) {
    if (doneBefore.includes(t.recipeId)) expect(running(sandbox2, t), `recipe ${t.recipeId} started twice`).toBe(false)
    else if (t !== refused) expect(running(sandbox2, t), `recipe ${t.recipeId} was not started on resume`).toBe(true)
  }
  expect(running(sandbox2, refused)).toBe(false)
  await expect(page.getByTestId(`bulk-status-${refused.recipeId}`)).toHaveText('Refused')
  await expect(page.getByTestId(`bulk-detail-${refused.recipeId}`)).toContainText('is not connected')
  await expect(page.getByTestId('bulk-progress')).toContainText('4 of 4')

  const download = page.waitForEvent('download')
  await page.getByTestId('bulk-export').click()
  const csv = await (await download).path()
  expect(csv).toBeTruthy()
})
