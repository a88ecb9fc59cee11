/**
 * Screenshots of every main screen, light and dark, into docs/screenshots/<screen>-<light|dark>.png, plus
 * docs/screenshots/first-screen.png (the app as it opens) for the README. Drives the built renderer through the
 * browser harness (real core, in-process sandbox with seeded customers).
 *   npm run build && node --import tsx scripts/screenshots.ts [screen ...]
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from '@playwright/test'
import { startHarness, type Harness } from '../test/harness/server'
import { chromiumArgs, chromiumExecutable } from '../test/support/chromium'
import { findRecipe, rpc } from '../test/e2e-browser/console-helpers'

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
      const recipes = await rpc<{ items: { id: number; last_run_at?: string | null }[] }>(h, 'recipes:list', { profileId: ctx.profileId, customerId: ctx.customerId })
      const withRuns = recipes.items.find((r) => r.last_run_at) ?? recipes.items[0]
      await page.goto(`${h.url}/#/customers/${ctx.customerId}?tab=jobs&recipe=${withRuns?.id ?? ''}`)
      await page.getByTestId('jobs-table').waitFor()
      await page.getByTestId('job-status').first().waitFor().catch(() => undefined)
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

async function main() {
  await mkdir(outDir, { recursive: true })
  const h = await startHarness()
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs })
  try {
    const { activeId } = await rpc<{ activeId: string | null }>(h, 'profiles:list', undefined)
    if (!activeId) throw new Error('No active profile in the harness')
    await rpc(h, 'customers:refresh', { profileId: activeId })
    // Two more workspaces, so the Profiles screen shows what a partner's list looks like (production is red).
    await rpc(h, 'profiles:create', { name: 'Acme production', dataCenter: 'us', environment: 'production', vendorId: 'we9898zgsgsgw38394', apiToken: 'wrkaus-demo-token-not-real' })
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
