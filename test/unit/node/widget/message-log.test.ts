import { describe, expect, it } from 'vitest'
import { createMessageLog } from '../../../../electron/core/widget/message-log'

const entry = (i: number) => ({
  at: i,
  direction: 'in' as const,
  origin: 'o',
  type: 't',
  accepted: true,
  reason: null,
  detail: null,
  size: 1,
  raw: String(i),
})

describe('widget message log', () => {
  it('keeps the newest entries up to its capacity and counts what it evicted', () => {
    const log = createMessageLog(5)
    for (let i = 0; i < 12; i++) log.append(entry(i))
    expect(log.size).toBe(5)
    expect(log.total).toBe(12)
    expect(log.evicted).toBe(7)
    expect(log.after(-1, 100).map((e) => e.raw)).toEqual(['7', '8', '9', '10', '11'])
    expect(log.after(9, 100).map((e) => e.seq)).toEqual([10, 11])
    expect(log.after(-1, 2).map((e) => e.seq)).toEqual([7, 8])
  })

  it('keeps counting sequence numbers across a clear', () => {
    const log = createMessageLog(3)
    log.append(entry(0))
    log.append(entry(1))
    log.clear()
    expect(log.size).toBe(0)
    expect(log.append(entry(2)).seq).toBe(2)
    expect(log.after(-1, 10).map((e) => e.seq)).toEqual([2])
  })
})
