/**
 * Workato's documented per-family rate limits for the Embedded API (reference §6.2, with §2.1, §3.1, §4.1, §4.6,
 * §5.1–§5.3). They are shared by the whole partner (Embed admin) account. One table, used by the API client's
 * pacer (electron/core/workato) and by the emulator of the API (electron/emulator).
 */
const MINUTE = 60_000

export const documentedRateLimits = {
  customers: { limit: 60, windowMs: MINUTE }, // list, get, update, delete customer
  customers_create: { limit: 1000, windowMs: MINUTE }, // POST /managed_users
  connections_list: { limit: 1000, windowMs: MINUTE }, // GET connections
  connections: { limit: 60, windowMs: MINUTE }, // create, update, disconnect, delete
  recipes_list: { limit: 2000, windowMs: MINUTE }, // "GET list, GET one: 2,000/min each"
  recipes_get: { limit: 2000, windowMs: MINUTE },
  recipes: { limit: 1000, windowMs: MINUTE }, // start, stop and the other recipe calls
  jobs: { limit: 1000, windowMs: MINUTE }, // list, get
  // §4.6: repeat_jobs is 1 request a second (and at most 25 job ids per request), its own rule beside the jobs family.
  jobs_repeat: { limit: 1, windowMs: 1000 },
  jwt_key: { limit: 60, windowMs: MINUTE }, // PUT /account/signature_verification_key
  folders: { limit: 60, windowMs: MINUTE }, // §5.1, inferred from the Developer API
  rlcm_imports: { limit: 1000, windowMs: MINUTE }, // POST imports (§5.2)
  rlcm_import_status: { limit: 1000, windowMs: MINUTE }, // GET imports/:package_id (§5.2, "each")
} as const satisfies Record<string, { limit: number; windowMs: number }>

export type DocumentedRateFamily = keyof typeof documentedRateLimits

/** Requests allowed in any window of `windowMs`. */
export interface FamilyLimit {
  limit: number
  windowMs: number
}

/**
 * How a side applies the limits: the documented table, none ('off': limits lifted), or the table with every
 * limit multiplied by `scale` (e.g. 10 → 600/min) and per-family overrides. The client's pacer and the emulator's
 * enforcer take the same setting, so tests and the bench configure both sides alike.
 */
export type RateLimitSetting<F extends string = DocumentedRateFamily> =
  'documented' | 'off' | { scale?: number; overrides?: Partial<Record<F, FamilyLimit>> }

/** The limits a setting means for a table of families; null when limits are off. */
export function resolveRateLimits<F extends string>(setting: RateLimitSetting<F>, table: Record<F, FamilyLimit>): Record<F, FamilyLimit> | null {
  if (setting === 'off') return null
  const out = { ...table }
  if (setting === 'documented') return out
  const scale = setting.scale ?? 1
  for (const f of Object.keys(table) as F[]) {
    const base = table[f]
    out[f] = setting.overrides?.[f] ?? { limit: Math.max(1, Math.round(base.limit * scale)), windowMs: base.windowMs }
  }
  return out
}
