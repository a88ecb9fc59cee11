/** The onboarding import as the package-import store keeps it, over the typed fake bridge. */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { importTask } from '@shared/contract/flows'
import { appError } from '@shared/errors'
import { installFakeBridge } from '../../../support/fake-bridge'
import { usePackageImportStore } from '@/stores/package-import'

const fake = installFakeBridge()

const a = { profileId: 'sandbox', customerId: 1 }
const b = { profileId: 'sandbox', customerId: 2 }
const zip = () => new File([new Uint8Array([80, 75, 3, 4])], 'p.zip', { type: 'application/zip' })
const opts = { folder: { create: 'X' }, restartRecipes: false }
const pkg = (status: string) => ({ id: 9000001, operation_type: 'import' as const, status })
const status = (s: string, finished = s === 'completed' || s === 'failed') => ({ package: pkg(s), finished, recipes: [] })

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
  fake.answer('flows:importStart', () => ({ package: pkg('processing'), folderId: 5 }))
})

describe('package import', () => {
  it('shows each status read core reports, then the result; the result is for its customer only', async () => {
    fake.answer('flows:importWatch', (req) => {
      const task = importTask(req.profileId, req.packageId)
      fake.emit('importProgress', { task, poll: 1, status: status('in_progress') })
      // Another import's progress is not this one's step.
      fake.emit('importProgress', { task: importTask(req.profileId, 1), poll: 1, status: status('in_progress') })
      fake.emit('importProgress', { task, poll: 2, status: status('completed') })
      return status('completed')
    })
    const store = usePackageImportStore()
    await store.run(a, zip(), opts)
    expect(store.steps.map((s) => s.note)).toEqual([
      'Uploading p.zip (0.0 KB)…',
      'Package 9000001 accepted into folder (id 5); Workato imports it in the background.',
      'Status read 1: in progress',
      'Completed: 0 recipes imported.',
    ])
    expect(fake.requestsOf('flows:importWatch')).toEqual([{ ...a, packageId: 9000001 }])
    expect(store.result?.package.status).toBe('completed')
    expect(store.isFor(a)).toBe(true)
    expect(store.isFor(b)).toBe(false)
    expect(store.isFor({ profileId: 'other', customerId: 1 })).toBe(false)
    store.reset()
    expect(store.steps).toEqual([])
    expect(store.result).toBeNull()
    expect(store.isFor(a)).toBe(false)
  })

  it('a running import survives a reset (still stoppable); Stop asks core to stop watching', async () => {
    let stop: () => void = () => {}
    fake.answer('flows:importWatch', (req) => {
      fake.emit('importProgress', { task: importTask(req.profileId, req.packageId), poll: 1, status: status('in_progress') })
      return new Promise((_resolve, reject) => (stop = () => reject(appError('cancelled', 'Stopped waiting for the import.'))))
    })
    fake.answer('flows:importCancel', () => {
      stop()
      return { ok: true }
    })
    const store = usePackageImportStore()
    const run = store.run(a, zip(), opts)
    await vi.waitFor(() => expect(store.steps.at(-1)?.note).toBe('Status read 1: in progress'))
    store.reset()
    expect(store.running).toBe(true)
    expect(store.isFor(a)).toBe(true)
    await store.cancel()
    expect(await run).toBeNull()
    expect(fake.requestsOf('flows:importCancel')).toEqual([{ profileId: 'sandbox', packageId: 9000001 }])
    expect(store.running).toBe(false)
    expect(store.error).toBeNull()
    expect(store.steps.at(-1)?.status).toBe('stopped')
  })

  it('a watch that fails (e.g. core gave up after its maximum wait) shows core’s words', async () => {
    fake.fail('flows:importWatch', appError('timeout', 'Import 9000001 was still running after 750 status reads.'))
    const store = usePackageImportStore()
    expect(await store.run(a, zip(), opts)).toBeNull()
    expect(store.error).toBe('Import 9000001 was still running after 750 status reads.')
  })

  it('refuses a package over 20 MB before reading it', async () => {
    const { readPackage } = await import('@/stores/package-import')
    const big = new File([new Uint8Array(21 * 1024 * 1024)], 'huge.zip')
    await expect(readPackage(big)).rejects.toThrow(/huge\.zip is 21\.0 MB; the console sends packages of at most 20 MB/)
  })
})
