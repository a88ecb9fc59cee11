/**
 * Fleet health through the real core and the in-process Sandbox: a customer opened in the console (its two list
 * reads) counts as checked, and the health store survives a restart on the same data dir.
 */
import os from 'node:os'
import { mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startHarness } from '../../harness/server'

const ctx = () => ({ signal: new AbortController().signal })

let dataDir: string
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-fleet-core-'))
})
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

describe('fleet health in core', () => {
  it('records a viewed customer, and shows it again after a restart', async () => {
    const h = await startHarness({ dataDir, rendererDir: os.tmpdir() })
    let customerId = 0
    try {
      const { activeId } = await h.core.handlers['profiles:list'](undefined, ctx())
      const profileId = activeId ?? ''
      await h.core.handlers['customers:refresh']({ profileId }, ctx())
      customerId = (await h.core.handlers['customers:list']({ profileId }, ctx())).items[0]?.id ?? 0
      await h.core.handlers['connections:list']({ profileId, customerId, filters: { include_runtime_connections: true } }, ctx())
      await h.core.handlers['recipes:list']({ profileId, customerId }, ctx())
      const res = await h.core.handlers['fleet:problems']({ profileId }, ctx())
      expect(res.customers).toMatchObject([{ customerId, source: 'viewed' }])
    } finally {
      await h.close()
    }
    const again = await startHarness({ dataDir, rendererDir: os.tmpdir() })
    try {
      const { activeId } = await again.core.handlers['profiles:list'](undefined, ctx())
      const res = await again.core.handlers['fleet:problems']({ profileId: activeId ?? '' }, ctx())
      expect(res.customers.map((c) => c.customerId)).toEqual([customerId])
    } finally {
      await again.close()
    }
  })
})
