import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import { describeWidgetRejection, type WidgetRejection } from '@shared/domain/widget'
import type { ConnectionCheck, PopupEvent, TokenView, WidgetAttempt, WidgetLogEntry } from '@shared/contract/widget'
import { MAX_RECORDS_PER_CALL, relayedMessageSchema, WIDGET_ATTEMPT_CLOSED } from '@shared/contract/widget'
import type { RelayedMessage } from '@shared/widget-relay'
import { parseBoundedJson, previewValue } from '@shared/widget-bounds'
import { RingBuffer } from '@shared/ring-buffer'
import { api, errorMessage, onEvent } from '@/bridge'
import { useConnectionsStore } from './connections'

/** Per attempt, in the renderer too: the last 100,000 entries (architecture.md budget). */
export const RENDERER_LOG_CAPACITY = 100_000
/** "No message within a few seconds of load" (issue 6.4). */
export const SILENCE_MS = 6_000
/** Polling the API after "continue in the system browser": every 3 s, for at most 10 minutes. */
export const POLL_INTERVAL_MS = 3_000
export const POLL_MAX_MS = 10 * 60_000
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

export type WidgetPhase = 'idle' | 'opening' | 'loading' | 'live' | 'closed' | 'failed'

export interface WidgetErrorView {
  message: string
  reason: string | null
  rejection: WidgetRejection | null
}

/**
 * The live widget attempt shown on the Widget screen, and the inspector's log. Transport-agnostic: the frame
 * component (webview in the app, iframe in the harness) hands relayed records to `ingest`; this store sends them
 * to core (which re-checks and keeps the attempt's history) and reacts to the accepted ones.
 */
export const useWidgetStore = defineStore('widget', () => {
  const attempt = ref<WidgetAttempt | null>(null)
  const phase = ref<WidgetPhase>('idle')
  const openError = ref<string | null>(null)
  const height = ref(480)
  const check = ref<ConnectionCheck | null>(null)
  const checking = ref(false)
  const checkError = ref<string | null>(null)
  const widgetError = ref<WidgetErrorView | null>(null)
  const silent = ref(false)
  const loadedAt = ref<number | null>(null)
  const popup = ref<PopupEvent | null>(null)
  const polling = ref(false)
  const pollStartedAt = ref<number | null>(null)
  const token = ref<TokenView | null>(null)
  const tokenError = ref<string | null>(null)
  const history = ref<WidgetAttempt[]>([])
  /** True when the shown attempt is a closed one reopened from history (no frame, log read from core). */
  const readOnly = ref(false)

  // Not reactive on purpose: 100,000 proxied entries would cost more than the entries; `version` says when to re-read.
  const ring = markRaw(new RingBuffer<WidgetLogEntry>(RENDERER_LOG_CAPACITY))
  const version = ref(0)
  const entries = shallowRef<readonly WidgetLogEntry[]>([])
  const paused = ref(false)
  const inCount = ref(0)
  const acceptedInCount = ref(0)
  /**
   * The widget itself said "connected" (an accepted connectionStatusChange with `connected: true`) in this
   * attempt. Only then may the screen say "the widget reported a status change" next to an API check.
   */
  const widgetReportedConnected = ref(false)
  /** Messages no longer in the view: pushed out by the cap (here or in core's log) or removed by "Clear". */
  const dropped = ref(0)
  const cleared = ref(0)
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
  let silenceTimer: ReturnType<typeof setTimeout> | null = null
  let pollTimer: ReturnType<typeof setTimeout> | null = null
  let refreshScheduled = false
  let unsubscribePopup: (() => void) | null = null

  const connected = computed(() => check.value?.connected === true)

  function scheduleRefresh() {
    version.value++
    if (paused.value || refreshScheduled) return
    refreshScheduled = true
    // One re-read per frame however fast messages arrive (1,000/s must not mean 1,000 list rebuilds).
    const run = () => {
      refreshScheduled = false
      if (!paused.value) entries.value = Object.freeze(ring.toArray())
    }
    // Copying a 100,000-entry ring every frame would eat the frame budget; big logs refresh 4 times a second.
    if (ring.size > 5_000 || typeof requestAnimationFrame !== 'function') setTimeout(run, ring.size > 5_000 ? 250 : 16)
    else requestAnimationFrame(run)
  }

  function resetSender() {
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

  function resetLive() {
    lastSeq = -1
    resetSender()
    ring.clear()
    entries.value = []
    version.value++
    inCount.value = 0
    acceptedInCount.value = 0
    widgetReportedConnected.value = false
    dropped.value = 0
    cleared.value = 0
    check.value = null
    checkError.value = null
    widgetError.value = null
    silent.value = false
    loadedAt.value = null
    popup.value = null
    token.value = null
    tokenError.value = null
    height.value = 480
    stopPolling()
    clearSilenceTimer()
  }

  function clearSilenceTimer() {
    if (silenceTimer) clearTimeout(silenceTimer)
    silenceTimer = null
  }

  function ensurePopupEvents() {
    unsubscribePopup ??= onEvent('widget:popup', (e) => {
      if (e.attemptId !== attempt.value?.attemptId) return
      popup.value = e
      // Core wrote a console line about it; pull it into the log now rather than with the next message.
      void flush()
    })
  }

  async function open(req: { profileId: string; customerId: number; connectionId: number }) {
    ensurePopupEvents()
    if (attempt.value && !attempt.value.closedAt && !readOnly.value) await close()
    resetLive()
    readOnly.value = false
    phase.value = 'opening'
    openError.value = null
    try {
      attempt.value = await api.widget.open(req)
      phase.value = 'loading'
    } catch (e) {
      attempt.value = null
      phase.value = 'failed'
      openError.value = errorMessage(e)
    }
  }

  /** The frame reports its host page loaded; the silence clock starts now (issue 6.4). */
  function hostLoaded() {
    if (!attempt.value || readOnly.value) return
    loadedAt.value = Date.now()
    clearSilenceTimer()
    silenceTimer = setTimeout(() => {
      if (acceptedInCount.value === 0 && phase.value !== 'closed') silent.value = true
    }, SILENCE_MS)
  }

  /** Records from the relay (webview `ipc-message` or the harness host iframe's postMessage). */
  function ingest(records: unknown[]) {
    const a = attempt.value
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
    if (flushing) return flushing.then(() => (pending.length && attempt.value && !retryTimer ? flush() : undefined))
    if (retryTimer) {
      clearTimeout(retryTimer)
      retryTimer = null
    }
    flushing = (async () => {
      let sync = true // one call even with nothing pending: pulls console notes written by core
      while ((pending.length || sync) && attempt.value) {
        sync = false
        const a = attempt.value
        // Sent, not removed: a record leaves the queue only once core has it (a failed call used to lose the batch).
        const batch = pending.slice(0, SEND_BATCH)
        const firstIndex = pendingStart
        try {
          const res = await api.widget.record({ attemptId: a.attemptId, records: batch, afterSeq: lastSeq, firstIndex })
          if (attempt.value?.attemptId !== a.attemptId) return
          confirmSent(res.received ?? firstIndex + batch.length)
          failures = 0
          recordError.value = null
          for (const e of res.entries) {
            if (e.seq <= lastSeq) continue
            lastSeq = e.seq
            accept(e)
          }
        } catch (e) {
          if (attempt.value?.attemptId !== a.attemptId) return
          if (closedReason(e)) {
            // Core closed the attempt (flush first, then close: these came after): say how many, keep nothing.
            refusedAfterClose.value += pending.length
            confirmSent(pendingStart + pending.length)
            recordError.value = `${refusedAfterClose.value.toLocaleString('en-US')} widget messages arrived after the attempt was closed and were not recorded.`
            return
          }
          failures++
          const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(failures - 1, 16))
          recordError.value = `Could not record widget messages: ${errorMessage(e)} Retrying in ${Math.ceil(delay / 1000)} s; ${pending.length.toLocaleString('en-US')} waiting.`
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

  function accept(e: WidgetLogEntry) {
    ring.push(e)
    dropped.value = ring.evicted
    scheduleRefresh()
    if (e.direction !== 'in') return
    inCount.value++
    if (!e.accepted) return
    acceptedInCount.value++
    silent.value = false
    if (phase.value === 'loading') phase.value = 'live'
    const payload = payloadOf(e)
    if (e.type === 'heightChange' && payload && typeof payload.height === 'number') {
      height.value = Math.max(120, Math.min(4000, Math.round(payload.height)))
    } else if (e.type === 'connectionStatusChange') {
      if (payload?.connected === true) widgetReportedConnected.value = true
      // A hint only: the API decides (architecture.md, "The live widget" 5).
      void confirm()
    } else if (e.type === 'error') {
      const details = payload?.details as { reason?: unknown } | undefined
      const reason = typeof details?.reason === 'string' ? details.reason : null
      widgetError.value = { message: typeof payload?.message === 'string' ? payload.message : 'The widget reported an error.', reason, rejection: reason ? (describeWidgetRejection(reason) ?? null) : null }
    }
  }

  async function confirm(): Promise<ConnectionCheck | null> {
    const a = attempt.value
    if (!a) return null
    checking.value = true
    checkError.value = null
    try {
      const c = await api.widget.check({ attemptId: a.attemptId })
      if (attempt.value?.attemptId !== a.attemptId) return c
      // The log's "API check" line first, then the verdict: the status never runs ahead of the log that explains it.
      await readBackConsoleNotes()
      if (attempt.value?.attemptId !== a.attemptId) return c
      check.value = c
      attempt.value = { ...attempt.value, confirmedConnected: attempt.value.confirmedConnected || c.connected }
      if (c.connected) {
        stopPolling()
        // The customer's connection list shows the new status without a manual refresh.
        void useConnectionsStore().load({ profileId: a.profileId, customerId: a.customerId })
      }
      return c
    } catch (e) {
      checkError.value = errorMessage(e)
      return null
    } finally {
      checking.value = false
    }
  }

  /** Console-side lines (API checks, popups) are written by core; a record call with no records pulls them. */
  async function readBackConsoleNotes() {
    await flush()
    if (pending.length === 0) await flush()
  }

  async function continueInBrowser() {
    const a = attempt.value
    if (!a) return
    try {
      await api.widget.continueInBrowser({ attemptId: a.attemptId })
      startPolling()
    } catch (e) {
      checkError.value = errorMessage(e)
    }
  }

  function startPolling() {
    stopPolling()
    polling.value = true
    pollStartedAt.value = Date.now()
    const tick = async () => {
      if (!polling.value) return
      const c = await confirm()
      if (c?.connected || !polling.value) return
      if (Date.now() - (pollStartedAt.value ?? 0) > POLL_MAX_MS) {
        stopPolling()
        checkError.value = 'Stopped waiting after 10 minutes. Check the connection again when the customer has finished in the browser.'
        return
      }
      pollTimer = setTimeout(() => void tick(), POLL_INTERVAL_MS)
    }
    pollTimer = setTimeout(() => void tick(), POLL_INTERVAL_MS)
  }

  function stopPolling() {
    polling.value = false
    if (pollTimer) clearTimeout(pollTimer)
    pollTimer = null
  }

  async function loadToken() {
    const a = attempt.value
    if (!a) return
    tokenError.value = null
    try {
      token.value = await api.widget.token({ attemptId: a.attemptId })
    } catch (e) {
      tokenError.value = errorMessage(e)
    }
  }

  let closing: Promise<void> | null = null
  function close(): Promise<void> {
    const a = attempt.value
    clearSilenceTimer()
    stopPolling()
    if (!a || a.closedAt || readOnly.value) return closing ?? Promise.resolve()
    closing ??= (async () => {
      // Flush first, then close: core refuses records once it starts closing, so everything relayed before
      // "close" is sent now. What a failing core still could not take is counted, not silently lost.
      await flush()
      if (pending.length && attempt.value?.attemptId === a.attemptId) {
        unsentDropped.value += pending.length
        confirmSent(pendingStart + pending.length)
        if (retryTimer) clearTimeout(retryTimer)
        retryTimer = null
      }
      try {
        const closed = await api.widget.close({ attemptId: a.attemptId })
        if (attempt.value?.attemptId === a.attemptId) attempt.value = closed
      } catch (e) {
        checkError.value = errorMessage(e)
      }
      if (attempt.value?.attemptId === a.attemptId) phase.value = 'closed'
    })().finally(() => {
      closing = null
    })
    return closing
  }

  async function loadHistory() {
    // Leaving the widget screen closes its attempt; list it as closed, not as still open.
    if (closing) await closing
    try {
      history.value = await api.widget.attempts()
    } catch (e) {
      openError.value = errorMessage(e)
    }
  }

  /** Reopen an attempt's log (closed or still open elsewhere) from core, with its claims. */
  async function reopen(attemptId: string) {
    if (attempt.value && !attempt.value.closedAt && !readOnly.value && attempt.value.attemptId !== attemptId) await close()
    openError.value = null
    await loadHistory()
    const a = history.value.find((h) => h.attemptId === attemptId)
    if (!a) {
      openError.value = 'That attempt is no longer in this session\'s history.'
      return
    }
    resetLive()
    attempt.value = a
    readOnly.value = true
    phase.value = a.closedAt ? 'closed' : 'live'
    let after = -1
    let coreEvicted = 0
    for (;;) {
      const res = await api.widget.messages({ attemptId, afterSeq: after, limit: 10_000 })
      coreEvicted = res.evicted
      for (const e of res.entries) {
        ring.push(e)
        if (e.direction === 'in') inCount.value++
        if (e.direction === 'in' && e.accepted && e.type === 'connectionStatusChange' && payloadOf(e)?.connected === true) widgetReportedConnected.value = true
      }
      if (res.entries.length < 10_000) break
      after = res.entries[res.entries.length - 1]?.seq ?? after
    }
    dropped.value = coreEvicted + ring.evicted
    const held = ring.toArray()
    lastSeq = held[held.length - 1]?.seq ?? -1
    scheduleRefresh()
  }

  function setPaused(p: boolean) {
    paused.value = p
    if (!p) scheduleRefresh()
  }

  function clearLog() {
    // Everything received so far is now out of view, including what the cap had already pushed out.
    cleared.value += ring.size + dropped.value
    dropped.value = 0
    ring.clear()
    entries.value = []
    version.value++
  }

  async function exportLog(): Promise<{ fileName: string; json: string; path: string | null } | null> {
    const a = attempt.value
    if (!a) return null
    await flush()
    return api.widget.export({ attemptId: a.attemptId })
  }

  return {
    attempt,
    phase,
    openError,
    height,
    check,
    checking,
    checkError,
    connected,
    widgetError,
    silent,
    loadedAt,
    popup,
    polling,
    token,
    tokenError,
    history,
    readOnly,
    entries,
    version,
    paused,
    inCount,
    acceptedInCount,
    widgetReportedConnected,
    dropped,
    cleared,
    unsent,
    unsentDropped,
    refusedAfterClose,
    recordError,
    open,
    hostLoaded,
    ingest,
    flush,
    confirm,
    continueInBrowser,
    startPolling,
    stopPolling,
    loadToken,
    close,
    loadHistory,
    reopen,
    setPaused,
    clearLog,
    exportLog,
  }
})

export function payloadOf(e: Pick<WidgetLogEntry, 'raw'>): Record<string, unknown> | null {
  // Within the message bounds only: a log line over them has no payload to act on.
  const v = parseBoundedJson(e.raw)
  if (v && typeof v === 'object' && 'payload' in v) {
    const p = (v as { payload?: unknown }).payload
    return p && typeof p === 'object' ? (p as Record<string, unknown>) : null
  }
  return null
}

/** A failed `widget:record` that says the attempt is closed (core's `conflict` with details.reason `attempt_closed`). */
function closedReason(e: unknown): boolean {
  const data = (e as { data?: { code?: unknown; details?: unknown } } | null)?.data
  const details = data?.details as { reason?: unknown } | undefined
  return data?.code === 'conflict' && details?.reason === WIDGET_ATTEMPT_CLOSED
}
