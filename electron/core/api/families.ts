/**
 * Workato's documented per-family rate limits for the Embedded API (reference §6.2). They are shared by the whole
 * partner (Embed admin) account, so the client keeps one bucket per family per profile and classifies every
 * request into exactly one family here.
 */
import { documentedRateLimits } from '../../../shared/rate-limits'

export const rateFamilies = [
  'customers', // list, get, update, delete customer: 60/min
  'customers_create', // POST /managed_users: 1,000/min
  'connections_list', // GET connections: 1,000/min
  'connections', // create, update, disconnect, delete: 60/min
  'recipes_list', // GET recipes: 2,000/min
  'recipes_get', // GET recipe: 2,000/min ("each", §6.2)
  'recipes', // start, stop and the other recipe calls: 1,000/min
  'jobs', // list, get: 1,000/min
  'jwt_key', // PUT /account/signature_verification_key: 60/min
  'folders', // 60/min (§5.1, inferred from the Developer API)
  'rlcm_imports', // POST imports: 1,000/min (§5.2)
  'rlcm_import_status', // GET imports/:package_id: 1,000/min (§5.2, "each")
  'other', // anything not in the table: the most conservative documented value
] as const
export type RateFamily = (typeof rateFamilies)[number]

export interface FamilyLimit {
  /** Requests allowed in any window of `windowMs`. */
  limit: number
  windowMs: number
}

export const documentedLimits: Record<RateFamily, FamilyLimit> = {
  ...documentedRateLimits,
  // anything not in the table: the most conservative documented value
  other: { limit: 60, windowMs: 60_000 },
}

/** Human names for hints ("60 requests a minute for listing/reading customers"). */
export const familyLabels: Record<RateFamily, string> = {
  customers: 'customer list/get/update calls',
  customers_create: 'customer creation',
  connections_list: 'connection listing',
  connections: 'connection changes',
  recipes_list: 'recipe listing',
  recipes_get: 'recipe reads',
  recipes: 'recipe start/stop and other recipe calls',
  jobs: 'job calls',
  jwt_key: 'signing-key calls',
  folders: 'folder calls',
  rlcm_imports: 'package imports',
  rlcm_import_status: 'package import status reads',
  other: 'other calls',
}

/**
 * How the limiter is configured: the documented table, nothing (the sandbox with limits lifted), or the table with
 * every limit multiplied by `scale` (e.g. 10 → 600/min) and per-family overrides. Same shape and meaning as the
 * sandbox option, so tests and the bench can configure both sides alike.
 */
export type RateLimitSetting =
  | 'documented'
  | 'off'
  | { scale?: number; overrides?: Partial<Record<RateFamily, FamilyLimit>> }

export function resolveLimits(setting: RateLimitSetting): Record<RateFamily, FamilyLimit> | null {
  if (setting === 'off') return null
  if (setting === 'documented') return { ...documentedLimits }
  const scale = setting.scale ?? 1
  const out = {} as Record<RateFamily, FamilyLimit>
  for (const f of rateFamilies) {
    const base = documentedLimits[f]
    out[f] = setting.overrides?.[f] ?? { limit: Math.max(1, Math.round(base.limit * scale)), windowMs: base.windowMs }
  }
  return out
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
    if (m === 'GET' && seg.length === 3) return 'recipes_list'
    if (m === 'GET' && seg.length === 4) return 'recipes_get'
    return 'recipes'
  }
  if (sub === 'folders') return 'folders'
  if (sub === 'imports') return m === 'POST' ? 'rlcm_imports' : 'rlcm_import_status'
  return 'customers'
}
