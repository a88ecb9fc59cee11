/** The audit line of a widget attempt event (open, failed open, close, system-browser hand-off). */
import type { AuditEntry, AuditLog } from '../audit'

export interface AttemptIds {
  attemptId: string
  profileId: string
  customerId: number
  connectionId: number
}

/** Appends one line. A failed write never fails the attempt it describes: a full disk must not stop a close. */
export function auditAttempt(
  audit: AuditLog,
  action: AuditEntry['action'],
  ids: AttemptIds,
  line: { jti?: string | null; outcome?: AuditEntry['outcome']; detail: string },
): Promise<void> {
  const { attemptId, profileId, customerId, connectionId } = ids
  return audit
    .append({ action, attemptId, profileId, customerId, connectionId, jti: line.jti ?? null, outcome: line.outcome ?? null, detail: line.detail })
    .catch(() => {})
}
