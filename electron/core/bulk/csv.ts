/** A bulk run's per-target results as CSV (RFC 4180), for a ticket or a spreadsheet. */
import type { BulkRun } from '../../../shared/contract/bulk'

/**
 * Quotes a cell when needed, and defuses spreadsheet formulas: customer and recipe names come from the partner's
 * customers, and a name such as `=HYPERLINK(...)` must open as text (OWASP "CSV injection").
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return ''
  let s = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const CSV_COLUMNS = [
  'customer_id',
  'customer_name',
  'recipe_id',
  'recipe_name',
  'action',
  'result',
  'problems',
  'config_errors',
  'error_code',
  'at',
] as const

export function runToCsv(run: BulkRun): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const t of run.targets) {
    lines.push(
      [t.customerId, t.customerName, t.recipeId, t.recipeName, run.action, t.status, t.problems.join(' | '), t.configErrors, t.errorCode, t.at]
        .map(csvCell)
        .join(','),
    )
  }
  return lines.join('\r\n') + '\r\n'
}
