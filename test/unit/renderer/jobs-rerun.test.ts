/**
 * The renderer half of re-runs and "Copy for ticket": how a selection goes out (requests of 25, one a second,
 * §4.6; more than 100 refused with the reason), the per-job result kept from core's answer, and the ticket button
 * writing the plain and HTML forms in one click (and Markdown on request).
 */
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { h } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import CopyForTicket from '@/components/CopyForTicket.vue'
import { rerunPlan, useJobRerunStore, type RerunPick } from '@/stores/job-rerun'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})
afterEach(() => {
  vi.unstubAllGlobals()
})

const picks = (n: number, recipeId = 42): RerunPick[] => Array.from({ length: n }, (_, i) => ({ recipeId, recipeName: 'Sync', jobId: `j-${i}` }))

describe('rerunPlan', () => {
  it('counts one request per recipe per 25 jobs', () => {
    expect(rerunPlan(picks(25))).toEqual({ requests: 1, recipes: 1, tooMany: null })
    expect(rerunPlan(picks(26))).toEqual({ requests: 2, recipes: 1, tooMany: null })
    expect(rerunPlan([...picks(3, 1), ...picks(3, 2)])).toMatchObject({ requests: 2, recipes: 2 })
  })

  it('refuses more than 100 with the reason and what to do', () => {
    expect(rerunPlan(picks(101)).tooMany).toBe(
      '101 jobs are selected; at most 100 can be re-run at once (Workato takes 25 per request, one request a second). Clear some and re-run the rest in a second batch.',
    )
  })
})

describe('useJobRerunStore', () => {
  it('sends the picked jobs and keeps core’s per-job result', async () => {
    fake.answer('jobs:rerun', (req) => ({
      requests: [{ recipeId: 42, jobIds: req.jobs.map((j) => j.jobId), outcome: 'accepted', error: null }],
      jobs: req.jobs.map((j) => ({ ...j, outcome: 'accepted', message: 'Re-run started' })),
    }))
    const s = useJobRerunStore()
    await s.rerun({ profileId: 'p1', customerId: 7 }, picks(2))
    expect(fake.requestsOf('jobs:rerun')).toEqual([
      {
        profileId: 'p1',
        customerId: 7,
        jobs: [
          { recipeId: 42, jobId: 'j-0' },
          { recipeId: 42, jobId: 'j-1' },
        ],
      },
    ])
    expect(s.result?.jobs.map((j) => j.outcome)).toEqual(['accepted', 'accepted'])
    expect(s.running).toBe(false)
  })
})

describe('CopyForTicket', () => {
  it('one click writes the plain and the HTML forms, nothing as bare text', async () => {
    const written: Record<string, string>[] = []
    const texts: string[] = []
    class FakeItem {
      constructor(readonly parts: Record<string, Blob>) {}
    }
    vi.stubGlobal('ClipboardItem', FakeItem)
    vi.stubGlobal('navigator', {
      clipboard: {
        async write(items: FakeItem[]) {
          for (const it of items)
            written.push(Object.fromEntries(await Promise.all(Object.entries(it.parts).map(async ([k, b]) => [k, await b.text()]))))
        },
        async writeText(t: string) {
          texts.push(t)
        },
      },
    })
    const job = { id: 'j-AbC', status: 'failed', error: 'Record not found: 404' }
    const w = mount({
      render: () => h(NMessageProvider, () => h(CopyForTicket, { subject: { kind: 'job', customer: { id: 7 }, recipe: { id: 42 }, job } })),
    })
    await w.get('[data-testid="copy-ticket"]').trigger('click')
    await flushPromises()
    expect(written).toHaveLength(1)
    expect(written[0]?.['text/plain']).toMatch(/^Job j-AbC failed\n/)
    expect(written[0]?.['text/plain']).toContain('embedded-console://job/42/j-AbC')
    expect(written[0]?.['text/html']).toContain('<table>')
    expect(texts).toEqual([])
  })
})
