/**
 * The audit trail (issue 14, item 2): one hash-chained JSON line per staff action or widget attempt event, in
 * `<dataDir>/audit/audit.jsonl` (rotated). The renderer lists, filters and exports it through these operations;
 * only core reads or writes the files.
 */
import { z } from 'zod'
import { op } from './define'
import { AUDIT_LIMITS } from './limits'

const profileId = z.string().max(64)
const customerId = z.number().int().positive()

/** One stored line. `prev` is the previous line's `hash`; `hash` is sha256 over the canonical line without it. */
export const auditLineSchema = z.object({
  /** Position in the whole chain (continues across rotated files). */
  seq: z.number().int().nonnegative(),
  at: z.string(),
  /** OS account that ran the console. */
  user: z.string(),
  /** A dotted verb: `recipe.start`, `profile.update`, `widget.open`, `audit.chain_restarted`, … */
  action: z.string(),
  profileId: z.string().nullable(),
  customerId: z.number().int().nullable(),
  /** What was acted on, for a person: `recipe 42`, `connection 7 (attempt a-1)`. */
  target: z.string().nullable(),
  /** `ok`, `failed`, `cancelled`, `started`, or a widget attempt's outcome (`authorised`, `abandoned`, …). */
  outcome: z.string().nullable(),
  /** Workato's id for a failed call (docs/workato.md §6.1), what Workato support asks for. */
  correlationId: z.string().nullable(),
  detail: z.string().nullable(),
  /** Widget attempt lines keep their own ids (the token's jti matches a Workato-side log line; it is not a secret). */
  attemptId: z.string().optional(),
  connectionId: z.number().int().optional(),
  jti: z.string().nullable().optional(),
  prev: z.string(),
  hash: z.string(),
})
export type AuditLine = z.infer<typeof auditLineSchema>

export const chainStatusSchema = z.object({
  /** True when every line of every kept file parses and chains to the one before it. */
  ok: z.boolean(),
  lines: z.number().int().nonnegative(),
  /** The trail's files, oldest first (`audit.2.jsonl`, `audit.1.jsonl`, `audit.jsonl`). */
  files: z.array(z.string()),
  /** The first line that does not match its hash or its predecessor (1-based within its file). */
  firstBad: z.object({ file: z.string(), line: z.number().int().positive(), reason: z.string() }).nullable(),
  /** Files that could not be read and were kept aside (`audit.corrupt-<time>.jsonl`); a new chain started after each. */
  setAside: z.array(z.string()),
})
export type ChainStatus = z.infer<typeof chainStatusSchema>

export const auditQuerySchema = z.object({
  text: z.string().trim().max(AUDIT_LIMITS.search, `Search text can be at most ${AUDIT_LIMITS.search} characters.`).optional(),
  actions: z.array(z.string().max(64)).max(AUDIT_LIMITS.filterValues).optional(),
  outcomes: z.array(z.string().max(64)).max(AUDIT_LIMITS.filterValues).optional(),
  profileId: profileId.optional(),
  customerId: customerId.optional(),
  /** ISO times, inclusive. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
})
export type AuditQuery = z.infer<typeof auditQuerySchema>

export const auditListSchema = z.object({
  /** Newest first, at most AUDIT_LIMITS.rows. */
  entries: z.array(auditLineSchema),
  /** Lines that matched the query (may exceed `entries.length`). */
  matched: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** What the filters can choose from, over the whole trail. */
  facets: z.object({ actions: z.array(z.string()), outcomes: z.array(z.string()), profiles: z.array(z.string()) }),
  chain: chainStatusSchema,
  /** The current trail file, for "show in folder". */
  file: z.string(),
})
export type AuditList = z.infer<typeof auditListSchema>

export const auditOps = {
  'audit:list': op(auditQuerySchema, auditListSchema, 'The audit trail, newest first, filtered, with the hash chain verified'),
  'audit:verify': op(z.undefined(), chainStatusSchema, "Re-check every line's hash and link to the one before"),
  'audit:export': op(
    auditQuerySchema,
    z.object({ fileName: z.string(), path: z.string(), rows: z.number().int().nonnegative() }),
    'Write the filtered trail as CSV (redacted) under the data folder and return where',
  ),
} as const
