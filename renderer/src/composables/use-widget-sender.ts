import { ref } from 'vue'
import type { WidgetAttempt, WidgetLogEntry } from '@shared/contract/widget'
import { MAX_RECORDS_PER_CALL, relayedMessageSchema, WIDGET_ATTEMPT_CLOSED } from '@shared/contract/widget'
import type { RelayedMessage } from '@shared/widget-relay'
import { previewValue } from '@shared/widget-bounds'
import { api } from '@/bridge'
import { errorMessage } from '@/lib/errors'

/**
 * The sender's queue of relayed records not yet confirmed by core. A failed `widget:record` call keeps them and
 * retries after RETRY_BASE_MS, doubling up to RETRY_MAX_MS, for as long as the attempt is open. The queue is
 * bounded: past SEND_QUEUE_CAP the oldest are let go, counted in `unsentDropped` (shown in the inspector) and
 * logged by core as a gap when the next batch arrives.
 */
export const SEND_QUEUE_CAP = 20_000
export const SEND_BATCH = Math.min(500, MAX_RECORDS_PER_CALL)
export const RETRY_BASE_MS = 500
export const RETRY_MAX_MS = 30_000

/**
 * Message ingest for the widget store (stores/widget.ts): records from the relay are checked against the
 * contract's schema, queued, sent to core in batches (`widget:record`) with retry and backoff, and the entries
 * core accepted (its log, after `lastSeq`) are handed to `onEntry` in order.
 */
export function useWidgetSender(opts: { attempt: () => WidgetAttempt | null; onEntry: (e: WidgetLogEntry) => void }) {
  /** Relayed records waiting to be recorded by core (a failed save keeps them here until a retry succeeds). */
  const unsent = ref(0)
  /** Records let go because the send queue hit SEND_QUEUE_CAP while core could not be reached. */
  const unsentDropped = ref(0)
  /** Records core refused because they arrived after the attempt was closed. */
  const refusedAfterClose = ref(0)
  /** Why the last save failed and when the next try is, while records are waiting; null once saves succeed. */
  const recordError = ref<string | null>(null)

  /** Records not yet confirmed by core; `pendingStart` is the running number of `pending[0]` in this attempt. */
  let pending: RelayedMessage[] = []
  let pendingStart = 0
  let failures = 0
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  /** Highest log seq received from core; the next record call asks for everything after it. */
  let lastSeq = -1
  let flushing: Promise<void> | null = null

  /** A new attempt (or a reopened log whose newest entry is `seq`): nothing queued, nothing counted. */
  function reset(seq = -1) {
    lastSeq = seq
    pending = []
    pendingStart = 0
    failures = 0
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = null
    unsent.value = 0
    unsentDropped.value = 0
    refusedAfterClose.value = 0
    recordError.value = null
  }

  /** Records from the relay (webview `ipc-message` or the harness host iframe's postMessage). */
  function ingest(records: unknown[]) {
    const a = opts.attempt()
    if (!a || a.closedAt) return
    for (const r of records) {
      // The same schema as the contract's, so what is queued is always sendable (a record that fails it would
      // fail the whole batch at core, again on every retry).
      const parsed = relayedMessageSchema.safeParse(r)
      // A record the relay could not have produced still gets a line, marked as such: never silently dropped.
      pending.push(
        parsed.success
          ? parsed.data
          : {
              at: Date.now(),
              origin: a.hostOrigin,
              accepted: false,
              reason: 'bad_shape',
              detail: `the host relayed a record of an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`.slice(0, 2048),
              message: null,
              raw: previewValue(r),
              size: 0,
              dataKind: 'other',
            },
      )
    }
    const over = pending.length - SEND_QUEUE_CAP
    if (over > 0) {
      pending.splice(0, over)
      pendingStart += over
      unsentDropped.value += over
    }
    unsent.value = pending.length
    // While a retry is scheduled, new records wait for it: a failing core is not hit once per message.
    if (!retryTimer) void flush()
  }

  async function flush(): Promise<void> {
    // Records that arrive after the running flush left its loop (but before it settled) would otherwise wait
    // for the next message: chain one more round for them (not while a retry is scheduled: the timer sends them).
    if (flushing) return flushing.then(() => (pending.length && opts.attempt() && !retryTimer ? flush() : undefined))
    if (retryTimer) {
      clearTimeout(retryTimer)
      retryTimer = null
    }
    flushing = (async () => {
      let sync = true // one call even with nothing pending: pulls console notes written by core
      for (let a = opts.attempt(); (pending.length || sync) && a; a = opts.attempt()) {
        sync = false
        // Sent, not removed: a record leaves the queue only once core has it (a failed call used to lose the batch).
        const batch = pending.slice(0, SEND_BATCH)
        const firstIndex = pendingStart
        try {
          const res = await api.widget.record({ attemptId: a.attemptId, records: batch, afterSeq: lastSeq, firstIndex })
          if (opts.attempt()?.attemptId !== a.attemptId) return
          confirmSent(res.received ?? firstIndex + batch.length)
          failures = 0
          recordError.value = null
          for (const e of res.entries) {
            if (e.seq <= lastSeq) continue
            lastSeq = e.seq
            opts.onEntry(e)
          }
        } catch (e) {
          if (opts.attempt()?.attemptId !== a.attemptId) return
          if (closedReason(e)) {
            // Core closed the attempt (flush first, then close: these came after): say how many, keep nothing.
            refusedAfterClose.value += pending.length
            confirmSent(pendingStart + pending.length)
            recordError.value = `${refusedAfterClose.value.toLocaleString('en-US')} widget messages arrived after the attempt was closed and were not recorded.`
            return
          }
          failures++
          const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(failures - 1, 16))
          // Some errors end without a full stop ("Failed to fetch"): the retry note is a sentence of its own.
          const why = errorMessage(e).trim()
          recordError.value = `Could not record widget messages: ${/[.!?]$/.test(why) ? why : `${why}.`} Retrying in ${Math.ceil(delay / 1000)} s; ${pending.length.toLocaleString('en-US')} waiting.`
          retryTimer = setTimeout(() => {
            retryTimer = null
            void flush()
          }, delay)
          return
        }
      }
    })().finally(() => {
      flushing = null
    })
    return flushing
  }

  /** Core has every record numbered below `received`: let those go from the queue (the cap may have let some go already). */
  function confirmSent(received: number) {
    const done = Math.min(pending.length, received - pendingStart)
    if (done > 0) {
      pending.splice(0, done)
      pendingStart += done
    }
    unsent.value = pending.length
  }

  /** Console-side lines (API checks, popups) are written by core; a record call with no records pulls them. */
  async function readBack() {
    await flush()
    if (pending.length === 0) await flush()
  }

  /**
   * Before closing: send what is queued (core refuses records once it starts closing). What a failing core still
   * could not take is counted as dropped, not silently lost.
   */
  async function drain(attemptId: string) {
    await flush()
    if (pending.length && opts.attempt()?.attemptId === attemptId) {
      unsentDropped.value += pending.length
      confirmSent(pendingStart + pending.length)
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
    }
  }

  return { unsent, unsentDropped, refusedAfterClose, recordError, reset, ingest, flush, readBack, drain }
}

/** A failed `widget:record` that says the attempt is closed (core's `conflict` with details.reason `attempt_closed`). */
function closedReason(e: unknown): boolean {
  const data = (e as { data?: { code?: unknown; details?: unknown } } | null)?.data
  const details = data?.details as { reason?: unknown } | undefined
  return data?.code === 'conflict' && details?.reason === WIDGET_ATTEMPT_CLOSED
}
