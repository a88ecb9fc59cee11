/**
 * The audit trail as CSV (RFC 4180) for a ticket or a compliance request. Written by hand: no CSV library is a
 * dependency, and the format needs two rules beyond quoting: a cell that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR at the start) is prefixed with `'` (OWASP "CSV injection"), and every cell is
 * redacted again, in case a secret was learnt after its line was written.
 */
import type { AuditLine } from '../../../shared/contract/audit'
import { redactDeep } from '../../../shared/redact-deep'

export const AUDIT_CSV_COLUMNS = [
  'at',
  'user',
  'action',
  'outcome',
  'profileId',
  'customerId',
  'target',
  'correlationId',
  'detail',
  'attemptId',
  'seq',
  'hash',
] as const satisfies readonly (keyof AuditLine)[]

function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function auditCsv(lines: readonly AuditLine[], secrets: readonly string[]): string {
  const rows = [AUDIT_CSV_COLUMNS.join(',')]
  for (const line of redactDeep(lines, secrets)) rows.push(AUDIT_CSV_COLUMNS.map((c) => cell(line[c])).join(','))
  return rows.join('\r\n') + '\r\n'
}
