import { describe, expect, it } from 'vitest'
import { RingBuffer } from '../../../shared/ring-buffer'

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity, oldest first, and counts what it pushed out', () => {
    const ring = new RingBuffer<number>(3)
    const out = [0, 1, 2, 3, 4, 5, 6].map((i) => ring.push(i))
    expect(out).toEqual([undefined, undefined, undefined, 0, 1, 2, 3])
    expect(ring.size).toBe(3)
    expect(ring.toArray()).toEqual([4, 5, 6])
    expect([0, 1, 2, 3].map((i) => ring.at(i))).toEqual([4, 5, 6, undefined])
    expect(ring.evicted).toBe(4)
  })

  it('reads in order before it first wraps', () => {
    const ring = new RingBuffer<string>(4)
    ring.push('a')
    ring.push('b')
    expect(ring.toArray()).toEqual(['a', 'b'])
    expect(ring.at(1)).toBe('b')
    expect(ring.at(-1)).toBeUndefined()
  })

  it('clear empties it and resets the eviction count', () => {
    const ring = new RingBuffer<number>(2)
    for (let i = 0; i < 5; i++) ring.push(i)
    ring.clear()
    expect(ring.size).toBe(0)
    expect(ring.evicted).toBe(0)
    ring.push(9)
    expect(ring.toArray()).toEqual([9])
  })

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError)
    expect(() => new RingBuffer(1.5)).toThrow(RangeError)
  })
})
