/** Small formatting helpers shared by the screens: dates, ages, and the API's codes said in words. */

// One formatter each, made once: `toLocaleDateString` builds a new one per call, which costs milliseconds per
// screenful of rows and showed up as the top cost of a keystroke in the customer table.
const dateFmt = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: '2-digit' })
const dayFmt = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric' })
const timeFmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  // "5 Mar 2025 08:49": one short line in a table cell, unambiguous in every locale.
  return `${dayFmt.format(d)} ${timeFmt.format(d)}`
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return dateFmt.format(d)
}

/** "just now", "3 min ago", "2 h ago", "5 days ago". */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never'
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const s = Math.round((now - t) / 1000)
  if (s < 0) return 'just now'
  if (s < 45) return 'just now'
  const m = Math.round(s / 60)
  if (m < 60) return `${m} min ago`
  const h = Math.round(m / 60)
  if (h < 24) return `${h} h ago`
  const d = Math.round(h / 24)
  return d === 1 ? 'yesterday' : `${d} days ago`
}

/** Reference §4.3 `stop_cause`: why Workato stopped a recipe, in words a support person can repeat. */
export const stopCauseText: Record<string, string> = {
  trigger_errors_limit: 'Stopped after too many consecutive trigger errors',
  action_quota_limit: "Stopped: the plan's task limit was exceeded",
  trial_expired: "Stopped: the customer's trial expired",
  txn_quota_limit: "Stopped: the plan's transaction limit was exceeded",
}

export function describeStopCause(cause: string | null | undefined): string | null {
  if (!cause) return null
  return stopCauseText[cause] ?? `Stopped by Workato (${cause})`
}

export type BadgeType = 'success' | 'warning' | 'error' | 'default' | 'info'

/** Reference §3.3: `authorization_status` "success" = connected; null = a shell never authorised. */
export function connectionStatus(status: string | null | undefined): { label: string; type: BadgeType } {
  switch (status) {
    case 'success':
      return { label: 'Connected', type: 'success' }
    case 'failed':
      return { label: 'Failed', type: 'error' }
    case 'pending':
      return { label: 'Pending', type: 'warning' }
    case null:
    case undefined:
    case '':
      return { label: 'Not connected', type: 'default' }
    default:
      return { label: status, type: 'warning' }
  }
}

export function jobStatusType(status: string | undefined): BadgeType {
  return status === 'succeeded' ? 'success' : status === 'failed' ? 'error' : status === 'pending' ? 'info' : 'default'
}

export function formatDuration(startIso: string | null | undefined, endIso: string | null | undefined): string {
  if (!startIso || !endIso) return '—'
  const ms = Date.parse(endIso) - Date.parse(startIso)
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}
