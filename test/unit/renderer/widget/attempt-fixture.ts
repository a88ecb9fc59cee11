/** One open widget attempt as core answers `widget:open`, for the renderer's widget tests. */
import type { WidgetAttempt } from '@shared/contract/widget'

export function openAttempt(overrides: Partial<WidgetAttempt> = {}): WidgetAttempt {
  return {
    attemptId: 'a1b2c3d4-0000-4000-8000-000000000001',
    profileId: 'sandbox',
    customerId: 5,
    connectionId: 11,
    partition: 'widget-slot-1',
    hostUrl: 'http://127.0.0.1:5000/__embedded_console/widget-host?attempt=a1',
    hostOrigin: 'http://127.0.0.1:5000',
    appOrigin: 'http://127.0.0.1:4000',
    embed: 'iframe',
    openedAt: '2026-11-26T00:00:00.000Z',
    closedAt: null,
    outcome: null,
    claims: { sub: 'v:5' },
    messageCount: 0,
    rejectedCount: 0,
    confirmedConnected: false,
    lastErrorReason: null,
    ...overrides,
  }
}
