/**
 * Workato's documented per-family rate limits for the Embedded API (reference §6.2, with §2.1, §3.1, §4.1, §4.6,
 * §5.1–§5.3). They are shared by the whole partner (Embed admin) account. One table, used by the API client's
 * limiter (electron/core/api) and by the emulator of the API (electron/emulator).
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
  jwt_key: { limit: 60, windowMs: MINUTE }, // PUT /account/signature_verification_key
  folders: { limit: 60, windowMs: MINUTE }, // §5.1, inferred from the Developer API
  rlcm_imports: { limit: 1000, windowMs: MINUTE }, // POST imports (§5.2)
  rlcm_import_status: { limit: 1000, windowMs: MINUTE }, // GET imports/:package_id (§5.2, "each")
} as const satisfies Record<string, { limit: number; windowMs: number }>

export type DocumentedRateFamily = keyof typeof documentedRateLimits
