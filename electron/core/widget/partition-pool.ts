/**
 * A bounded set of in-memory session partitions for widget attempts (architecture.md, "The live widget" 1).
 *
 * Electron keeps every session `session.fromPartition` ever returned alive until the app quits (there is no API
 * to destroy one), so a fresh `widget-<uuid>` per attempt grows memory for the life of the app. Instead a few
 * partitions are reused, and only after the previous attempt's wipe (storage, cookies, caches, auth, host
 * resolver, connections) has finished: a partition is handed out again only once `release` resolved. A
 * partition whose wipe failed is never handed out again, so one customer's state cannot reach another; the pool
 * then has one fewer slot.
 */

/** Concurrent attempts; the console shows one at a time, a few more cover overlapping close/open. */
export const WIDGET_PARTITION_POOL_SIZE = 4

export interface PartitionPool {
  /** A clean partition name, or null when every partition is in use (or retired). */
  acquire(): string | null
  /** Give a partition back after its wipe: `wiped` false retires it for good. */
  release(partition: string, wiped: boolean): void
  /** Every name this pool can ever return (never more than its size). */
  readonly names: readonly string[]
  inUse(): string[]
}

export function createPartitionPool(size = WIDGET_PARTITION_POOL_SIZE): PartitionPool {
  // Never `persist:`: an in-memory partition has nothing on disk to outlive the app.
  const names = Array.from({ length: size }, (_, i) => `widget-slot-${i + 1}`)
  // Least recently released first, so a just-wiped partition rests as long as possible.
  const free = [...names]
  const busy = new Set<string>()
  return {
    names,
    acquire() {
      const p = free.shift()
      if (p === undefined) return null
      busy.add(p)
      return p
    },
    release(partition, wiped) {
      if (!busy.delete(partition)) return
      if (wiped) free.push(partition)
    },
    inUse: () => [...busy],
  }
}
