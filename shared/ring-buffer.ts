/**
 * A fixed-capacity ring buffer: the oldest item goes when a new one arrives at capacity. The one bounded log
 * of the app: core's per-attempt widget message log (electron/core/widget/message-log.ts) and the widget
 * inspector's view of it in the renderer both keep their entries here, so neither can grow without bound.
 *
 * Storage grows as items arrive (an empty buffer costs nothing) and then wraps in place. Not reactive on
 * purpose: callers in Vue hold it `markRaw` and re-read `toArray()` when they choose.
 */
export class RingBuffer<T> {
  private buf: T[] = []
  /** Index in `buf` of the oldest item once the buffer has wrapped. */
  private head = 0
  private evictedCount = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer')
  }

  /** Adds an item; returns the one it pushed out, if the buffer was full. */
  push(item: T): T | undefined {
    if (this.buf.length < this.capacity) {
      this.buf.push(item)
      return undefined
    }
    const out = this.buf[this.head]
    this.buf[this.head] = item
    this.head = (this.head + 1) % this.capacity
    this.evictedCount++
    return out
  }

  /** Items held now. */
  get size(): number {
    return this.buf.length
  }

  /** Items pushed out by newer ones since the buffer was made or last cleared. */
  get evicted(): number {
    return this.evictedCount
  }

  /** The `i`-th oldest item held (0 = oldest), or undefined outside 0..size-1. */
  at(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.buf.length) return undefined
    return this.buf[(this.head + i) % this.buf.length]
  }

  /** Oldest first. */
  toArray(): T[] {
    return this.head === 0 ? this.buf.slice() : this.buf.slice(this.head).concat(this.buf.slice(0, this.head))
  }

  /** Empties the buffer and resets `evicted`. */
  clear(): void {
    this.buf = []
    this.head = 0
    this.evictedCount = 0
  }
}
