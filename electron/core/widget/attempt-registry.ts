/**
 * The widget attempts of this session: each attempt's state, which partition it holds, and the history bound
 * (MAX_ATTEMPTS_KEPT closed attempts are kept for reopening; the oldest closed ones go first).
 */
import { appError } from '../../../shared/errors'
import type { WidgetAttempt } from '../../../shared/contract/widget'
import type { MessageLog } from './message-log'

/** Attempts (with their logs) kept for reopening later in the session. */
export const MAX_ATTEMPTS_KEPT = 50

export interface Attempt {
  view: WidgetAttempt
  /** Who opened it (the renderer's id); its reload or death closes the attempt. */
  owner: string | null
  token: string
  log: MessageLog
  popups: Set<string>
  externalBrowser: boolean
  /** The consent URL that answered disallowed_useragent; only this one may go to the system browser. */
  refusedUrl: string | null
  closing: Promise<WidgetAttempt> | null
}

export interface AttemptRegistry {
  add(a: Attempt): void
  /** Throws not_found for an id this session does not know. */
  get(attemptId: string): Attempt
  find(attemptId: string): Attempt | undefined
  /** The attempt that holds `partition`, open or closing. */
  byPartition(partition: string): Attempt | undefined
  /** The open attempt that owns `partition` now (a pooled partition belongs to one attempt at a time). */
  live(partition: string): Attempt | undefined
  /** The partition is going back to the pool: it no longer leads to this attempt. */
  releasePartition(partition: string): void
  all(): Attempt[]
}

export function createAttemptRegistry(maxKept = MAX_ATTEMPTS_KEPT): AttemptRegistry {
  const attempts = new Map<string, Attempt>()
  const partitions = new Map<string, string>() // partition -> attemptId

  function prune(): void {
    for (const [id, a] of attempts) {
      if (attempts.size <= maxKept) break
      if (a.view.closedAt) attempts.delete(id)
    }
  }

  const byPartition = (partition: string): Attempt | undefined => {
    const id = partitions.get(partition)
    return id ? attempts.get(id) : undefined
  }

  return {
    add(a) {
      attempts.set(a.view.attemptId, a)
      partitions.set(a.view.partition, a.view.attemptId)
      prune()
    },
    get(attemptId) {
      const a = attempts.get(attemptId)
      if (!a) throw appError('not_found', 'This widget attempt is not known (it may have been opened in an earlier session).')
      return a
    },
    find: (attemptId) => attempts.get(attemptId),
    byPartition,
    live(partition) {
      const a = byPartition(partition)
      return a && !a.view.closedAt ? a : undefined
    },
    releasePartition: (partition) => void partitions.delete(partition),
    all: () => [...attempts.values()],
  }
}
