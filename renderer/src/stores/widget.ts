import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { describeWidgetRejection, type WidgetRejection } from '@shared/domain/widget'
import type { ConnectionCheck, PopupEvent, TokenView, WidgetAttempt, WidgetLogEntry } from '@shared/contract/widget'
import { parseBoundedJson } from '@shared/widget-bounds'
import { api, onEvent } from '@/bridge'
import { errorMessage } from '@/lib/errors'
import { useWidgetLog } from '@/composables/use-widget-log'
import { useWidgetSender } from '@/composables/use-widget-sender'
import { useWidgetDiagnosis } from '@/composables/use-widget-diagnosis'
import { useConnectionsStore } from './connections'

/** "No message within a few seconds of load" (issue 6.4). */
export const SILENCE_MS = 6_000
/** Polling the API after "continue in the system browser": every 3 s, for at most 10 minutes. */
export const POLL_INTERVAL_MS = 3_000
export const POLL_MAX_MS = 10 * 60_000
export { RENDERER_LOG_CAPACITY } from '@/composables/use-widget-log'
export { RETRY_BASE_MS, RETRY_MAX_MS, SEND_BATCH, SEND_QUEUE_CAP } from '@/composables/use-widget-sender'

export type WidgetPhase = 'idle' | 'opening' | 'loading' | 'live' | 'closed' | 'failed'

export interface WidgetErrorView {
  message: string
  reason: string | null
  rejection: WidgetRejection | null
  /** Read from the widget page itself (it posted nothing), not from an `error` message. */
  fromPage?: boolean
}

/**
 * The live widget attempt shown on the Widget screen: its lifecycle (open, load, silence, API check, polling
 * after "continue in the browser", close, history), built from two parts with their own files: the sender
 * (composables/use-widget-sender.ts: ingest, batching, retry) and the inspector's log view
 * (composables/use-widget-log.ts). Transport-agnostic: the frame component (webview in the app, iframe in the
 * harness) hands relayed records to `ingest`; core re-checks them and keeps the attempt's history; this store
 * reacts to the accepted ones.
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

  const log = useWidgetLog()
  const sender = useWidgetSender({ attempt: () => attempt.value, onEntry: accept })
  const diagnosis = useWidgetDiagnosis(() => attempt.value)
  const inCount = ref(0)
  const acceptedInCount = ref(0)
  /**
   * The widget itself said "connected" (an accepted connectionStatusChange with `connected: true`) in this
   * attempt. Only then may the screen say "the widget reported a status change" next to an API check.
   */
  const widgetReportedConnected = ref(false)

  let silenceTimer: ReturnType<typeof setTimeout> | null = null
  let pollTimer: ReturnType<typeof setTimeout> | null = null
  let unsubscribePopup: (() => void) | null = null
  let unsubscribePage: (() => void) | null = null

  const connected = computed(() => check.value?.connected === true)

  function resetLive() {
    sender.reset()
    log.reset()
    inCount.value = 0
    acceptedInCount.value = 0
    widgetReportedConnected.value = false
    check.value = null
    checkError.value = null
    widgetError.value = null
    silent.value = false
    loadedAt.value = null
    popup.value = null
    token.value = null
    tokenError.value = null
    height.value = 480
    diagnosis.reset()
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
      void sender.flush()
    })
    // The widget page showed a reason and posted nothing (reference §7.4, §8.4): say it now, with the facts.
    unsubscribePage ??= onEvent('widget:page', (e) => {
      if (e.attemptId !== attempt.value?.attemptId || !e.reason) return
      if (!widgetError.value || widgetError.value.fromPage) {
        widgetError.value = { message: e.text, reason: e.reason, rejection: describeWidgetRejection(e.reason) ?? null, fromPage: true }
      }
      void sender.flush()
      void diagnosis.run()
    })
  }

  async function open(req: { profileId: string; customerId: number; connectionId: number; memberId?: number }) {
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
      if (acceptedInCount.value === 0 && phase.value !== 'closed') {
        silent.value = true
        if (!diagnosis.result.value && !diagnosis.loading.value) void diagnosis.run()
      }
    }, SILENCE_MS)
  }

  function accept(e: WidgetLogEntry) {
    log.push(e)
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
      widgetError.value = {
        message: typeof payload?.message === 'string' ? payload.message : 'The widget reported an error.',
        reason,
        rejection: reason ? (describeWidgetRejection(reason) ?? null) : null,
      }
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
      await sender.readBack()
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
      // "close" is sent now.
      await sender.drain(a.attemptId)
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
      openError.value = "That attempt is no longer in this session's history."
      return
    }
    resetLive()
    attempt.value = a
    readOnly.value = true
    phase.value = a.closedAt ? 'closed' : 'live'
    let after = -1
    let coreEvicted = 0
    const read: WidgetLogEntry[] = []
    for (;;) {
      const res = await api.widget.messages({ attemptId, afterSeq: after, limit: 10_000 })
      coreEvicted = res.evicted
      for (const e of res.entries) {
        read.push(e)
        if (e.direction === 'in') inCount.value++
        if (e.direction === 'in' && e.accepted && e.type === 'connectionStatusChange' && payloadOf(e)?.connected === true)
          widgetReportedConnected.value = true
      }
      if (res.entries.length < 10_000) break
      after = res.entries[res.entries.length - 1]?.seq ?? after
    }
    log.load(read, coreEvicted)
    sender.reset(log.last()?.seq ?? -1)
  }

  async function exportLog(): Promise<{ fileName: string; json: string; path: string | null } | null> {
    const a = attempt.value
    if (!a) return null
    await sender.flush()
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
    diagnosis: diagnosis.result,
    diagnosing: diagnosis.loading,
    diagnosisError: diagnosis.error,
    diagnose: diagnosis.run,
    loadedAt,
    popup,
    polling,
    token,
    tokenError,
    history,
    readOnly,
    entries: log.entries,
    version: log.version,
    paused: log.paused,
    inCount,
    acceptedInCount,
    widgetReportedConnected,
    dropped: log.dropped,
    cleared: log.cleared,
    unsent: sender.unsent,
    unsentDropped: sender.unsentDropped,
    refusedAfterClose: sender.refusedAfterClose,
    recordError: sender.recordError,
    open,
    hostLoaded,
    ingest: sender.ingest,
    flush: sender.flush,
    confirm,
    continueInBrowser,
    startPolling,
    stopPolling,
    loadToken,
    close,
    loadHistory,
    reopen,
    setPaused: log.setPaused,
    clearLog: log.clear,
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
