/**
 * The per-attempt message log: a fixed-capacity ring buffer of compact entries, so a widget that floods the
 * host (or a week-long session) cannot grow memory without bound (architecture.md, performance budgets:
 * 100,000 messages held with bounded memory). Sequence numbers keep counting after old entries are evicted,
 * so a reader can ask "everything after seq N" and learn how many it missed.
 */
import type { WidgetLogEntry } from '../../../shared/contract/widget'

export const DEFAULT_LOG_CAPACITY = 100_000

export type NewLogEntry = Omit<WidgetLogEntry, 'seq'>

export interface MessageLog {
  append(entry: NewLogEntry): WidgetLogEntry
  /** Entries with seq > afterSeq, oldest first, at most `limit`. */
  after(afterSeq: number, limit: number): WidgetLogEntry[]
  /** Entries currently held. */
  readonly size: number
  /** Entries ever appended (held + evicted). */
  readonly total: number
  readonly evicted: number
  readonly capacity: number
  clear(): void
}

export function createMessageLog(capacity = DEFAULT_LOG_CAPACITY): MessageLog {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer')
  // Grows as entries arrive (an idle attempt costs nothing), then wraps at `capacity`.
  let buf: WidgetLogEntry[] = []
  let next = 0 // seq of the next entry
  let held = 0
  return {
    append(entry) {
      const e: WidgetLogEntry = { seq: next, ...entry }
      buf[next % capacity] = e
      next++
      if (held < capacity) held++
      return e
    },
    after(afterSeq, limit) {
      const first = next - held
      const start = Math.max(first, afterSeq + 1)
      const end = Math.min(next, start + Math.max(0, limit))
      const out: WidgetLogEntry[] = []
      for (let s = start; s < end; s++) {
        const e = buf[s % capacity]
        if (e && e.seq === s) out.push(e)
      }
      return out
    },
    get size() {
      return held
    },
    get total() {
      return next
    },
    get evicted() {
      return next - held
    },
    capacity,
    clear() {
      // Sequence numbers keep counting, so a reader holding "after seq N" stays correct.
      buf = []
      held = 0
    },
  }
}
