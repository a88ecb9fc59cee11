/** One-line summaries and labels for the inspector's rows (reference §8.3 payloads). */
import type { WidgetLogEntry } from '@shared/contract/widget'
import { rejectReasonText, type RejectReason } from '@shared/widget-relay'
import { parseBoundedJson } from '@shared/widget-bounds'

/**
 * Parsed only within the widget message bounds (shared/widget-bounds.ts): the JSON tree renders recursively, so
 * a line over them (a preview of a rejected message, or one logged before the bounds) shows as raw text only.
 */
function parse(raw: string): unknown {
  return parseBoundedJson(raw)
}

export function parsedRaw(e: Pick<WidgetLogEntry, 'raw'>): unknown {
  return parse(e.raw)
}

const consoleNoteText: Record<string, string> = {
  popupAllowed: 'Consent popup allowed',
  popupBlocked: 'Popup blocked',
  'popup:opened': 'Consent popup opened',
  'popup:closed': 'Consent popup closed',
  'popup:refused_embedded': 'Provider refused the embedded browser',
  externalBrowser: 'Opened in the system browser',
}

export function summarize(e: WidgetLogEntry): string {
  const v = parse(e.raw) as ({ payload?: Record<string, unknown> } & Record<string, unknown>) | undefined
  if (e.direction === 'console') {
    if (e.type === 'apiCheck' && v) {
      // A null authorization_status is a connection never authorised: "not connected" says it all.
      if (v.connected) return `API: connected (${String(v.authorization_status)})`
      return `API: not connected${v.authorization_status ? ` (${String(v.authorization_status)})` : ''}`
    }
    if (v && typeof v.url === 'string') {
      const what = consoleNoteText[e.type] ?? e.type
      return `${what}${v.url ? ` · ${v.url}` : ''}${typeof v.reason === 'string' ? ` (${v.reason})` : ''}`
    }
    return e.raw.slice(0, 160)
  }
  if (!e.accepted) {
    // The status column already names the reason; the summary shows what was actually received.
    return `${e.detail ? `${e.detail} · ` : ''}${e.raw.slice(0, 120)}`
  }
  const p = v?.payload ?? {}
  switch (e.type) {
    case 'heightChange':
      return `height ${String(p.height)} px`
    case 'connectionStatusChange':
      return `connection ${String(p.id)} (${String(p.provider)}) ${p.connected === true ? 'connected' : p.connected === false ? 'disconnected' : 'changed'}${p.error ? `: ${String(p.error)}` : ''}`
    case 'error': {
      const d = p.details as { reason?: unknown } | undefined
      return `${String(p.message ?? 'error')}${d?.reason ? ` [${String(d.reason)}]` : ''}`
    }
    case 'loaded':
    case 'navigated':
      return String(p.url ?? '')
    default:
      return e.raw.slice(0, 120)
  }
}

export function reasonText(reason: string | null): string {
  return reason && reason in rejectReasonText ? rejectReasonText[reason as RejectReason] : ''
}

/** "08:49:12.345": the inspector's time column, where the milliseconds order a burst of messages. */
export function formatRowTime(at: number): string {
  const d = new Date(at)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}
