/**
 * Workato's documented per-family rate limits for the Embedded API (reference §6.2). They are shared by the whole
 * partner (Embed admin) account, so the client keeps one bucket per family per profile and classifies every
 * request into exactly one family here.
 */
import {
  documentedRateLimits,
  resolveRateLimits,
  type DocumentedRateFamily,
  type FamilyLimit,
  type RateLimitSetting as SharedRateLimitSetting,
} from '../../../shared/rate-limits'

/** The documented families (shared/rate-limits.ts), plus 'other' for anything not in the table. */
export type RateFamily = DocumentedRateFamily | 'other'
export const rateFamilies: readonly RateFamily[] = [...(Object.keys(documentedRateLimits) as DocumentedRateFamily[]), 'other']

export type { FamilyLimit }

export const documentedLimits: Record<RateFamily, FamilyLimit> = {
  ...documentedRateLimits,
  // anything not in the table: the most conservative documented value
  other: { limit: 60, windowMs: 60_000 },
}

/** Human names for hints ("60 requests a minute for listing/reading customers"). */
export const familyLabels: Record<RateFamily, string> = {
  customers: 'customer list/get/update calls',
  customers_create: 'customer create calls',
  connections_list: 'connection list calls',
  connections: 'connection changes',
  recipes_list: 'recipe list calls',
  recipes_get: 'recipe reads',
  recipes: 'recipe start/stop and other recipe calls',
  jobs: 'job calls',
  jobs_repeat: 'job re-run requests',
  jwt_key: 'signing-key calls',
  folders: 'folder calls',
  rlcm_imports: 'package imports',
  rlcm_import_status: 'package import status reads',
  other: 'other calls',
}

/** The pacer's setting: the shared shape over the client's families ('other' included). */
export type RateLimitSetting = SharedRateLimitSetting<RateFamily>

export function resolveLimits(setting: RateLimitSetting): Record<RateFamily, FamilyLimit> | null {
  return resolveRateLimits(setting, documentedLimits)
}

/**
 * Which family a request counts against. `path` is the part after `/api`, without the query string,
 * e.g. `/managed_users/E42/connections/7/disconnect`.
 */
export function classify(method: string, path: string): RateFamily {
  const m = method.toUpperCase()
  const seg = path.split('/').filter(Boolean)
  if (seg[0] === 'account' && seg[1] === 'signature_verification_key') return 'jwt_key'
  if (seg[0] !== 'managed_users') return 'other'
  if (seg.length === 1) return m === 'POST' ? 'customers_create' : 'customers'
  if (seg.length === 2) return 'customers'
  const sub = seg[2]
  if (sub === 'connections') return m === 'GET' && seg.length === 3 ? 'connections_list' : 'connections'
  if (sub === 'recipes') {
    if (seg.length >= 5 && seg[4] === 'jobs') return 'jobs'
    if (seg.length === 5 && seg[4] === 'repeat_jobs') return 'jobs_repeat'
    if (m === 'GET' && seg.length === 3) return 'recipes_list'
    if (m === 'GET' && seg.length === 4) return 'recipes_get'
    return 'recipes'
  }
  if (sub === 'folders') return 'folders'
  if (sub === 'imports') return m === 'POST' ? 'rlcm_imports' : 'rlcm_import_status'
  return 'customers'
}
