/**
 * The customer directory in Chromium with 10,000 customers (browser harness, real core and sandbox):
 *  1. keystroke → table updated: a query typed one key at a time; for each key the page records the keydown's
 *     timestamp and the moment the table shows the expected result (match count and first row) with layout
 *     done — the p95 must stay under one frame (16 ms);
 *  2. keystroke → next frame: the same plus waiting for the following animation frame (reported; includes up to
 *     one vsync of idle waiting, which is not work);
 *  3. rows in the DOM: the virtualised table renders only what is visible, not 10,000 rows.
 * Needs the built renderer (`npm run build`).
 */
import { cpus, loadavg } from 'node:os'
import { chromium, type Page } from '@playwright/test'
import type { Customer } from '../../../shared/domain/workato'
import { startHarness } from '../../harness/server'
import { chromiumArgs, chromiumExecutable } from '../../support/chromium'
import { rpc } from '../../e2e-browser/console-helpers'
import type { BenchResult, BenchSection } from '../types'

const CUSTOMERS = 10_000

/**
 * What the table must show for a query, worked out independently of the renderer's code (the renderer is not
 * part of the node project): the same rule — every word in name, id or external id, case-insensitive — and
 * the default sort, name A→Z with the id breaking ties.
 */
interface Expected {
  id: number
  key: string
}
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true })
export function expectedRows(items: Customer[]): Expected[] {
  return [...items]
    .sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id)
    .map((c) => ({ id: c.id, key: `${c.name}\u0000${c.id}\u0000${c.external_id ?? ''}`.toLowerCase() }))
}
export function matching(rows: Expected[], query: string): Expected[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean)
  return words.length ? rows.filter((r) => words.every((w) => r.key.includes(w))) : rows
}
const nf = new Intl.NumberFormat('en-US')

export interface Sample {
  dom: number
  frame: number
  ok: boolean
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN
}

/**
 * The in-page probe, as source text: tsx would wrap named functions in a `__name` helper the page lacks.
 * `__arm(count, first)` resolves `__probe` when the table shows that match count and first row, timed from
 * the next keydown's timestamp.
 */
export const PROBE = `
window.__arm = function (expectCount, expectFirst) {
  window.__probe = new Promise(function (resolve) {
    var t0 = -1, inputSeen = false, done = false
    var view = document.querySelector('[data-testid="customers-view"]')
    var obs = new MutationObserver(function () { check() })
    function check() {
      if (done || !inputSeen) return
      var countEl = document.querySelector('[data-testid="customers-count"]')
      var count = countEl ? countEl.textContent.trim() : ''
      var row = document.querySelector('[data-testid="customers-table"] [data-customer-id]')
      var first = row ? row.getAttribute('data-customer-id') : null
      if (count !== expectCount || first !== expectFirst) return
      view.getBoundingClientRect() // laid out, not only patched
      var dom = performance.now() - t0
      done = true
      obs.disconnect()
      requestAnimationFrame(function () {
        var ch = new MessageChannel()
        ch.port1.onmessage = function () { resolve({ dom: dom, frame: performance.now() - t0, ok: true }) }
        ch.port2.postMessage(0)
      })
    }
    obs.observe(view, { subtree: true, childList: true, characterData: true, attributes: true })
    document.addEventListener('keydown', function (e) { t0 = e.timeStamp }, { capture: true, once: true })
    // Bubble phase on document: runs after the input's own handler has queued Vue's update flush, so this
    // microtask runs right after the flush. A keystroke that leaves the table looking the same is still timed to
    // the end of its work (patch + layout), and paint and vsync waits are left out.
    document.addEventListener('input', function () {
      queueMicrotask(function () { inputSeen = true; check() })
    }, { once: true })
    setTimeout(function () {
      if (done) return
      done = true
      obs.disconnect()
      resolve({ dom: NaN, frame: NaN, ok: false })
    }, 3000)
  })
}
`

export async function arm(page: Page, expectCount: string, expectFirst: string | null): Promise<void> {
  await page.evaluate(`window.__arm(${JSON.stringify(expectCount)}, ${JSON.stringify(expectFirst)})`)
}

async function run(): Promise<BenchResult[]> {
  const h = await startHarness({ sandbox: { customers: CUSTOMERS } })
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs })
  try {
    const { activeId } = await rpc<{ activeId: string | null }>(h, 'profiles:list', undefined)
    if (!activeId) throw new Error('no active profile')
    await rpc(h, 'customers:refresh', { profileId: activeId })
    const list = await rpc<{ items: Customer[] }>(h, 'customers:list', { profileId: activeId })
    const sorted = expectedRows(list.items)

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`${h.url}/#/customers`)
    await page
      .getByTestId('customers-count')
      .getByText(`${nf.format(list.items.length)} customers`)
      .waitFor({ timeout: 60_000 })
    await page.locator('[data-customer-id]').first().waitFor()
    const rowsInDom = await page.locator('[data-testid="customers-table"] [data-customer-id]').count()

    await page.evaluate(PROBE)
    const search = page.getByTestId('customer-search').locator('input')
    await search.focus()
    // A real name near the end of the directory, typed the way a person would look it up.
    const target = list.items.find((c) => c.id === 100_000 + Math.floor(CUSTOMERS * 0.77)) ?? list.items[0]
    const once = [(target?.name ?? 'acme').toLowerCase(), String(target?.id ?? '1000'), 'cust-0']
    // Three rounds: on a shared machine one busy moment should not decide the p95 alone.
    const queries = [...once, ...once, ...once]
    const samples: Sample[] = []
    for (const q of queries) {
      await search.fill('')
      await page
        .getByTestId('customers-count')
        .getByText(`${nf.format(list.items.length)} customers`)
        .waitFor()
      for (let i = 1; i <= q.length; i++) {
        const prefix = q.slice(0, i)
        const matches = matching(sorted, prefix)
        const expectCount = prefix.trim()
          ? `${nf.format(matches.length)} of ${nf.format(list.items.length)} match`
          : `${nf.format(list.items.length)} customers`
        const expectFirst = matches[0] ? String(matches[0].id) : null
        await arm(page, expectCount, expectFirst)
        await page.keyboard.type(q.charAt(i - 1))
        const smp = (await page.evaluate('window.__probe')) as Sample
        if (process.env.UI_BENCH_DEBUG) console.log(JSON.stringify(prefix), matches.length, smp.dom.toFixed(1), smp.frame.toFixed(1))
        samples.push(smp)
      }
    }
    const good = samples.filter((s) => s.ok)
    const p95 = percentile(
      good.map((s) => s.dom),
      0.95,
    )
    const p50 = percentile(
      good.map((s) => s.dom),
      0.5,
    )
    const frameP95 = percentile(
      good.map((s) => s.frame),
      0.95,
    )
    return [
      {
        section: 'ui',
        name: 'keystroke → table updated, p95 (10,000 customers)',
        value: p95,
        unit: 'ms',
        target: '< 16',
        pass: good.length === samples.length && p95 < 16,
        note: `p50 ${p50.toFixed(1)} ms, max ${Math.max(...good.map((s) => s.dom)).toFixed(1)} ms over ${samples.length} keystrokes; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs${good.length < samples.length ? `; ${samples.length - good.length} never showed the expected result` : ''}`,
      },
      { section: 'ui', name: 'keystroke → next frame painted, p95', value: frameP95, unit: 'ms', note: 'includes waiting for the next vsync' },
      {
        section: 'ui',
        name: 'customer rows in the DOM',
        value: rowsInDom,
        unit: 'rows',
        target: '< 100',
        pass: rowsInDom < 100,
        note: `of ${nf.format(list.items.length)} customers loaded (virtualised)`,
      },
    ]
  } finally {
    await browser.close()
    await h.close()
  }
}

const section: BenchSection = { name: 'ui', run }
export default section
