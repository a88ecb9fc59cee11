/** The browser harness cleans up after itself: every E2E test starts one, so leftovers pile up in /tmp. */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startHarness } from '../../harness/server'

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  )

describe('startHarness', () => {
  it('removes the temporary data dir it made when it closes', async () => {
    const h = await startHarness({ rendererDir: os.tmpdir() })
    await h.core.handlers['profiles:list'](undefined, { signal: new AbortController().signal })
    expect(await exists(h.dataDir)).toBe(true)
    await h.close()
    expect(await exists(h.dataDir)).toBe(false)
  })

  it('leaves a data dir it was given', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-harness-test-'))
    try {
      const h = await startHarness({ dataDir, rendererDir: os.tmpdir() })
      await h.close()
      expect(await exists(dataDir)).toBe(true)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
