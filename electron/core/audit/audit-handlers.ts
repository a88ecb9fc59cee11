/** `audit:*` operations: the trail for the Audit screen, filtered in core so the renderer never holds every file. */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { AuditLine, AuditQuery } from '../../../shared/contract/audit'
import { AUDIT_LIMITS } from '../../../shared/contract/limits'
import type { DomainHandlers } from '../rpc/types'
import { auditCsv } from './audit-csv'
import type { AuditLog } from './audit-log'

/** The lines a query selects, oldest first. Text matches any shown field, case-insensitively. */
export function filterAudit(lines: readonly AuditLine[], q: AuditQuery): AuditLine[] {
  const text = q.text?.toLowerCase()
  const actions = q.actions?.length ? new Set(q.actions) : null
  const outcomes = q.outcomes?.length ? new Set(q.outcomes) : null
  const from = q.from ? Date.parse(q.from) : null
  const to = q.to ? Date.parse(q.to) : null
  return lines.filter((l) => {
    if (actions && !actions.has(l.action)) return false
    if (outcomes && !outcomes.has(l.outcome ?? '')) return false
    if (q.profileId && l.profileId !== q.profileId) return false
    if (q.customerId && l.customerId !== q.customerId) return false
    const at = Date.parse(l.at)
    if (from !== null && at < from) return false
    if (to !== null && at > to) return false
    if (text) {
      const hay = [l.action, l.user, l.profileId, l.customerId, l.target, l.outcome, l.correlationId, l.detail, l.attemptId, l.jti]
        .filter((v) => v !== null && v !== undefined)
        .join('\u0000')
        .toLowerCase()
      if (!hay.includes(text)) return false
    }
    return true
  })
}

const distinct = (values: Iterable<string | null | undefined>) => [...new Set([...values].filter((v): v is string => !!v))].sort()

export function auditHandlers(deps: {
  audit: AuditLog
  exportDir: string
  now?: () => Date
  knownSecrets: () => readonly string[]
}): DomainHandlers<'audit'> {
  const now = deps.now ?? (() => new Date())
  return {
    'audit:list': async (q) => {
      const { lines, status } = await deps.audit.read()
      const matched = filterAudit(lines, q)
      return {
        entries: matched.slice(-AUDIT_LIMITS.rows).reverse(),
        matched: matched.length,
        total: lines.length,
        facets: {
          actions: distinct(lines.map((l) => l.action)),
          outcomes: distinct(lines.map((l) => l.outcome)),
          profiles: distinct(lines.map((l) => l.profileId)),
        },
        chain: status,
        file: deps.audit.file,
      }
    },
    'audit:verify': async () => (await deps.audit.read()).status,
    'audit:export': async (q) => {
      const { lines } = await deps.audit.read()
      const rows = filterAudit(lines, q)
      const fileName = `audit-${now().toISOString().replace(/[:.]/g, '-')}.csv`
      await mkdir(deps.exportDir, { recursive: true })
      const file = path.join(deps.exportDir, fileName)
      await writeFile(file, auditCsv(rows, deps.knownSecrets()), { encoding: 'utf8', mode: 0o600 })
      return { fileName, path: file, rows: rows.length }
    },
  }
}
