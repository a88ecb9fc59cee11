/** Small formatting helpers shared by the screens: dates, ages, and the API's codes said in words. */

// One date style across every screen, in the machine's local time: "5 Mar 2025", "5 Mar 2025 08:49",
// "5 Mar 2025 08:49:12", and "08:49:12" for a time within the day. Built by hand rather than with Intl: one
// fixed, unambiguous shape in every locale (Intl's en-GB now writes "Sept"), and cheap enough to run for every
// row of a table on each keystroke (a `toLocale…` call builds a formatter per call, which once topped the
// customer table's keystroke profile).
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const
const two = (n: number) => (n < 10 ? `0${n}` : String(n))

function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null
  const d = v instanceof Date ? v : new Date(v)
  return Number.isNaN(d.getTime()) ? null : d
}
const day = (d: Date) => `${d.getDate()} ${MONTHS[d.getMonth()] ?? ''} ${d.getFullYear()}`
const hm = (d: Date) => `${two(d.getHours())}:${two(d.getMinutes())}`
const hms = (d: Date) => `${hm(d)}:${two(d.getSeconds())}`

/** "5 Mar 2025". A value that is not a date is shown as given; none is "—". */
export function formatDate(v: string | number | Date | null | undefined): string {
  const d = toDate(v)
  return d ? day(d) : v ? String(v) : '—'
}

/** "5 Mar 2025 08:49": one short line in a table cell. */
export function formatDateTime(v: string | number | Date | null | undefined): string {
  const d = toDate(v)
  return d ? `${day(d)} ${hm(d)}` : v ? String(v) : '—'
}

/** "5 Mar 2025 08:49:12": when the second matters (token times, attempts, exports). */
export function formatTimestamp(v: string | number | Date | null | undefined): string {
  const d = toDate(v)
  return d ? `${day(d)} ${hms(d)}` : v ? String(v) : '—'
}

/** "08:49:12": a moment earlier today (checks, progress steps). */
export function formatTime(v: string | number | Date | null | undefined): string {
  const d = toDate(v)
  return d ? hms(d) : v ? String(v) : '—'
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
