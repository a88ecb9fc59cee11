/**
 * Workato reports a refused recipe start as HTTP 200 `{ success: false, code_errors, config_errors }`
 * (reference §4.4). The entries are terse tuples; this turns them into one sentence per problem, e.g.
 * "Step 1 · Salesforce: connection is not connected (connection 42)".
 *
 * Shapes seen: config_errors `[step, [[field_name, account_id|null, message], ...]]` or a plain string;
 * code_errors `[step, [[field_label, account_id|null, message, field_path], ...]]`.
 */

import { providerTitle } from '../../../shared/providers'

// Field names in config errors are app keys (`netsuite`): shown by their brand names ("NetSuite").
const humanizeName = providerTitle

function asText(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === null || v === undefined) return ''
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

function describeField(step: string | null, entry: unknown, kind: 'config' | 'code'): string {
  const prefix = step !== null ? `Step ${step}` : kind === 'config' ? 'Recipe setup' : 'Recipe'
  if (!Array.isArray(entry)) return `${prefix}: ${asText(entry)}`
  const [field, accountId, message, path] = entry as unknown[]
  const fieldName = asText(field)
  const label = fieldName ? ` · ${humanizeName(fieldName)}` : ''
  const msg = asText(message) || (kind === 'config' ? 'is not set up correctly' : 'is invalid')
  const where: string[] = []
  if (typeof accountId === 'number' || (typeof accountId === 'string' && accountId)) where.push(`connection ${accountId}`)
  const p = Array.isArray(path) ? path.map(asText).join('.') : asText(path)
  if (kind === 'code' && p && p !== fieldName) where.push(`field ${p}`)
  const suffix = where.length ? ` (${where.join(', ')})` : ''
  // Workato (and the sandbox) often repeat the app in the message ("Salesforce is not connected"): say it once.
  const human = humanizeName(fieldName)
  if (fieldName && msg.toLowerCase().startsWith(`${human.toLowerCase()} `)) return `${prefix} · ${msg}${suffix}`
  return `${prefix}${label}: ${msg}${suffix}`
}

function describeList(list: unknown, kind: 'config' | 'code'): string[] {
  if (list === null || list === undefined) return []
  if (!Array.isArray(list)) return [asText(list)].filter(Boolean)
  const out: string[] = []
  for (const item of list) {
    if (typeof item === 'string') {
      out.push(item)
      continue
    }
    if (Array.isArray(item) && item.length === 2 && Array.isArray(item[1])) {
      const step = item[0] === null || item[0] === undefined ? null : asText(item[0])
      const fields = item[1] as unknown[]
      // `[step, [field, id, msg]]` (one field, not wrapped) is tolerated too.
      if (fields.length && !Array.isArray(fields[0])) out.push(describeField(step, fields, kind))
      else for (const f of fields) out.push(describeField(step, f, kind))
      continue
    }
    out.push(describeField(null, item, kind))
  }
  return out
}

/** Readable reasons, configuration problems first (they are the usual cause: a missing connection). */
export function describeStartErrors(body: { config_errors?: unknown; code_errors?: unknown }): string[] {
  return [...describeList(body.config_errors, 'config'), ...describeList(body.code_errors, 'code')]
}
