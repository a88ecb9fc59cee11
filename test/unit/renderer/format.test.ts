import { describe, expect, it } from 'vitest'
import { connectionStatus, describeStopCause, formatDuration, jobStatusType, relativeTime } from '@/lib/format'

describe('relativeTime', () => {
  const now = Date.parse('2026-11-21T12:00:00Z')
  it('says how old the data is in words', () => {
    expect(relativeTime(null, now)).toBe('never')
    expect(relativeTime('2026-11-21T11:59:50Z', now)).toBe('just now')
    expect(relativeTime('2026-11-21T11:57:00Z', now)).toBe('3 min ago')
    expect(relativeTime('2026-11-21T10:00:00Z', now)).toBe('2 h ago')
    expect(relativeTime('2026-11-20T12:00:00Z', now)).toBe('yesterday')
    expect(relativeTime('2026-11-16T12:00:00Z', now)).toBe('5 days ago')
  })
})

describe('describeStopCause', () => {
  it('explains every documented stop cause in words (reference §4.3)', () => {
    expect(describeStopCause('trigger_errors_limit')).toBe('Stopped after too many consecutive trigger errors')
    expect(describeStopCause('action_quota_limit')).toBe("Stopped: the plan's task limit was exceeded")
    expect(describeStopCause('trial_expired')).toMatch(/trial expired/)
    expect(describeStopCause('txn_quota_limit')).toMatch(/transaction limit/)
  })
  it('names an unknown cause instead of hiding it, and says nothing when there is none', () => {
    expect(describeStopCause('new_cause')).toBe('Stopped by Workato (new_cause)')
    expect(describeStopCause(null)).toBeNull()
  })
})

describe('connectionStatus', () => {
  it('maps authorization_status to a label and badge colour', () => {
    expect(connectionStatus('success')).toEqual({ label: 'Connected', type: 'success' })
    expect(connectionStatus('failed')).toEqual({ label: 'Failed', type: 'error' })
    expect(connectionStatus(null)).toEqual({ label: 'Not connected', type: 'default' })
    expect(connectionStatus('weird').label).toBe('weird')
  })
})

describe('jobs', () => {
  it('colours job statuses and formats durations', () => {
    expect(jobStatusType('failed')).toBe('error')
    expect(jobStatusType('succeeded')).toBe('success')
    expect(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:00:00.250Z')).toBe('250 ms')
    expect(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:01:30Z')).toBe('1 min 30 s')
    expect(formatDuration('2026-01-01T00:00:00Z', null)).toBe('—')
  })
})

describe('dates', () => {
  // Local-time formatting: build the inputs in local time so the test holds in every time zone.
  const sept = new Date(2026, 8, 5, 8, 4, 9)

  it('one shape on every screen: day, short month, year; 24-hour times', async () => {
    const { formatDate, formatDateTime, formatTimestamp, formatTime } = await import('@/lib/format')
    expect(formatDate(sept.toISOString())).toBe('5 Sep 2026')
    expect(formatDateTime(sept.toISOString())).toBe('5 Sep 2026 08:04')
    expect(formatTimestamp(sept.getTime())).toBe('5 Sep 2026 08:04:09')
    expect(formatTime(sept)).toBe('08:04:09')
    expect(formatDateTime(new Date(2025, 11, 31, 23, 59).toISOString())).toBe('31 Dec 2025 23:59')
  })

  it('shows nothing as a dash and a non-date as given', async () => {
    const { formatDate, formatDateTime } = await import('@/lib/format')
    expect(formatDate(null)).toBe('—')
    expect(formatDateTime('')).toBe('—')
    expect(formatDateTime('not a date')).toBe('not a date')
  })
})
