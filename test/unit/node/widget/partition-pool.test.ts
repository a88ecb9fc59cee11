import { describe, expect, it } from 'vitest'
import { createPartitionPool, WIDGET_PARTITION_POOL_SIZE } from '../../../../electron/core/widget/partition-pool'

describe('widget partition pool', () => {
  it('hands out at most its size of in-memory partitions, and a released one only after it was wiped', () => {
    const pool = createPartitionPool(2)
    const a = pool.acquire()
    const b = pool.acquire()
    expect([a, b]).toEqual(['widget-slot-1', 'widget-slot-2'])
    expect(pool.acquire()).toBeNull()
    if (!a) throw new Error('no partition')
    pool.release(a, true)
    expect(pool.acquire()).toBe(a)
    expect(pool.names.every((n) => !n.startsWith('persist:'))).toBe(true)
  })

  it('reuses the least recently released partition first', () => {
    const pool = createPartitionPool(3)
    const got = [pool.acquire(), pool.acquire(), pool.acquire()]
    pool.release('widget-slot-2', true)
    pool.release('widget-slot-1', true)
    expect(got).toHaveLength(3)
    expect(pool.acquire()).toBe('widget-slot-2')
  })

  it('retires a partition whose wipe failed, and ignores releasing one it did not hand out', () => {
    const pool = createPartitionPool(2)
    const a = pool.acquire()
    if (!a) throw new Error('no partition')
    pool.release(a, false)
    pool.release(a, true) // a late second release cannot bring it back
    pool.release('widget-slot-9', true)
    expect(pool.acquire()).toBe('widget-slot-2')
    expect(pool.acquire()).toBeNull()
    expect(pool.inUse()).toEqual(['widget-slot-2'])
  })

  it('is small by default', () => {
    expect(createPartitionPool().names).toHaveLength(WIDGET_PARTITION_POOL_SIZE)
    expect(WIDGET_PARTITION_POOL_SIZE).toBeLessThanOrEqual(8)
  })
})

describe('the widget service gives partitions back when an open fails', () => {
  it('a failed signing or publishing leaves no grant behind and the partition free again', async () => {
    const { setup } = await import('./fakes')
    const t = await setup()
    t.mint.mockRejectedValueOnce(new Error('key locked'))
    await expect(t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })).rejects.toThrow('key locked')
    const publish = t.host.publish.bind(t.host)
    t.host.publish = async () => {
      throw new Error('protocol busy')
    }
    await expect(t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })).rejects.toThrow('protocol busy')
    expect(t.host.released).toEqual(['widget-slot-1', 'widget-slot-2'])
    expect(t.grants.grant('widget-slot-2')).toBeUndefined()
    t.host.publish = publish
    const opened = []
    for (let i = 0; i < WIDGET_PARTITION_POOL_SIZE; i++) opened.push(await t.service.open({ profileId: 'acme', customerId: 6 + i, connectionId: 11 }))
    expect(opened).toHaveLength(WIDGET_PARTITION_POOL_SIZE)
  })
})
