/**
 * Page-number pagination for the Embedded API (reference §6.3): no totals and no next links, so a list ends at
 * the first page shorter than `per_page`. Pages can be fetched several at a time; they are still yielded in order.
 */
import { cancelledError } from './api-errors'

export interface PageOptions {
  perPage: number
  /**
   * Pages in flight at once after the first. The first page is fetched alone, so a short list (the common case
   * for one customer's recipes) costs exactly one call; only a full first page opens the window.
   */
  concurrency?: number
  signal?: AbortSignal
}

type Settled<T> = { ok: true; value: T[] } | { ok: false; error: unknown }

export async function* paginate<T>(
  fetchPage: (page: number, signal: AbortSignal) => Promise<T[]>,
  opts: PageOptions,
): AsyncGenerator<T[], void, undefined> {
  const k = Math.max(1, Math.floor(opts.concurrency ?? 1))
  // Our own controller: pages launched past the end are cancelled (and, if still queued in the limiter, never sent).
  const inner = new AbortController()
  const onAbort = () => inner.abort()
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  const inflight = new Map<number, Promise<Settled<T>>>()
  let next = 1
  const launch = (width: number) => {
    while (inflight.size < width) {
      const page = next++
      inflight.set(
        page,
        fetchPage(page, inner.signal).then(
          (value): Settled<T> => ({ ok: true, value }),
          (error: unknown): Settled<T> => ({ ok: false, error }),
        ),
      )
    }
  }
  try {
    for (let want = 1; ; want++) {
      if (opts.signal?.aborted) throw cancelledError()
      launch(want === 1 ? 1 : k)
      const pending = inflight.get(want)
      if (!pending) throw new Error(`page ${want} was never requested`)
      const result = await pending
      inflight.delete(want)
      if (!result.ok) throw result.error
      const items = result.value
      yield items
      if (items.length < opts.perPage) return
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort)
    inner.abort()
  }
}

/** Collects every page. */
export async function collectPages<T>(pages: AsyncIterable<T[]>, onPage?: (items: T[], soFar: number) => void): Promise<T[]> {
  const all: T[] = []
  for await (const items of pages) {
    all.push(...items)
    onPage?.(items, all.length)
  }
  return all
}
