/** The onboarding import belongs to one customer: shown only for it, forgotten on a new start, still stoppable while it runs. */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useFlowsStore } from '@/stores/flows'

let finishAfter = 1
let statusReads = 0

vi.mock('@/bridge', () => ({
  errorMessage: (e: unknown) => (e instanceof Error ? e.message : String(e)),
  onEvent: () => () => {},
  api: {
    flows: {
      importStart: async () => ({ package: { id: 9000001, status: 'processing' }, folderId: 5 }),
      importStatus: async () => {
        statusReads++
        const done = statusReads >= finishAfter
        return { finished: done, package: { id: 9000001, status: done ? 'completed' : 'in_progress' }, recipes: [] }
      },
    },
  },
}))

const a = { profileId: 'sandbox', customerId: 1 }
const b = { profileId: 'sandbox', customerId: 2 }
const zip = () => new File([new Uint8Array([80, 75, 3, 4])], 'p.zip', { type: 'application/zip' })
const opts = { folder: { create: 'X' }, restartRecipes: false, intervalMs: 1 }

beforeEach(() => {
  setActivePinia(createPinia())
  finishAfter = 1
  statusReads = 0
})

describe('package import scope', () => {
  it('a finished import is for its customer only, and a new start forgets it', async () => {
    const store = useFlowsStore()
    await store.runPackageImport(a, zip(), opts)
    expect(store.pkgResult?.package.status).toBe('completed')
    expect(store.pkgIsFor(a)).toBe(true)
    expect(store.pkgIsFor(b)).toBe(false)
    expect(store.pkgIsFor({ profileId: 'other', customerId: 1 })).toBe(false)
    store.resetPackageImport()
    expect(store.pkgSteps).toEqual([])
    expect(store.pkgResult).toBeNull()
    expect(store.pkgIsFor(a)).toBe(false)
  })

  it('a running import survives a reset (still stoppable) and stops when asked', async () => {
    finishAfter = 1_000
    const store = useFlowsStore()
    const run = store.runPackageImport(a, zip(), opts)
    await vi.waitFor(() => expect(store.pkgSteps.length).toBeGreaterThan(1))
    store.resetPackageImport()
    expect(store.pkgRunning).toBe(true)
    expect(store.pkgIsFor(a)).toBe(true)
    store.cancelPackageImport()
    expect(await run).toBeNull()
    expect(store.pkgRunning).toBe(false)
    expect(store.pkgSteps.at(-1)?.status).toBe('stopped')
  })
})
