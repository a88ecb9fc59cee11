/**
 * The per-attempt message log: a fixed-capacity ring buffer (shared/ring-buffer.ts) of compact entries, so a widget that floods the
 * host (or a week-long session) cannot grow memory without bound (architecture.md, performance budgets:
 * 100,000 messages held with bounded memory). Sequence numbers keep counting after old entries are evicted,
 * so a reader can ask "everything after seq N" and learn how many it missed.
 */
import type { WidgetLogEntry } from '../../../shared/contract/widget'
import { RingBuffer } from '../../../shared/ring-buffer'
import { truncatePreview, WIDGET_MESSAGE_LIMITS } from '../../../shared/widget-bounds'

export const DEFAULT_LOG_CAPACITY = 100_000
/**
 * Per-entry bounds, the last line of defence whatever the caller: the raw text is at most one message
 * (WIDGET_MESSAGE_LIMITS.bytes), the other fields are short labels. An over-long field is cut to a marked
 * preview, never refused: the line is still logged.
 */
export const MAX_ENTRY_RAW_CHARS = WIDGET_MESSAGE_LIMITS.bytes
export const MAX_ENTRY_LABEL_CHARS = 2048

function bounded(entry: NewLogEntry): NewLogEntry {
  const cut = (s: string, max: number) => (s.length > max ? truncatePreview(s, max) : s)
  return {
    ...entry,
    origin: cut(entry.origin, MAX_ENTRY_LABEL_CHARS),
    type: cut(entry.type, 256),
    reason: entry.reason === null ? null : cut(entry.reason, 256),
    detail: entry.detail === null ? null : cut(entry.detail, MAX_ENTRY_LABEL_CHARS),
    raw: cut(entry.raw, MAX_ENTRY_RAW_CHARS),
  }
}

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
  // The shared ring holds the entries; the log adds sequence numbers that keep counting across evictions and
  // clears, so seq `first + i` is the ring's i-th oldest entry.
  const ring = new RingBuffer<WidgetLogEntry>(capacity)
  let next = 0 // seq of the next entry
  return {
    append(entry) {
      const e: WidgetLogEntry = { seq: next, ...bounded(entry) }
      ring.push(e)
      next++
      return e
    },
    after(afterSeq, limit) {
      const first = next - ring.size
      const start = Math.max(first, afterSeq + 1)
      const end = Math.min(next, start + Math.max(0, limit))
      const out: WidgetLogEntry[] = []
      for (let s = start; s < end; s++) {
        const e = ring.at(s - first)
        if (e) out.push(e)
      }
      return out
    },
    get size() {
      return ring.size
    },
    get total() {
      return next
    },
    get evicted() {
      // Cleared entries count as evicted too: they are gone for a reader that asks after an older seq.
      return next - ring.size
    },
    capacity,
    clear() {
      // Sequence numbers keep counting, so a reader holding "after seq N" stays correct.
      ring.clear()
    },
  }
}
