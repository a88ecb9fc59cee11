/**
 * The local audit log of widget attempts (issue 6.8): one JSON line per event in `<dataDir>/audit/widget.jsonl`,
 * saying who (the OS user), which profile, customer and connection, when, and how it ended. Never the token:
 * entries are built from named fields only, and every string passes the redactor on the way out.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { redactValue } from '../../../shared/redact'

export const auditEntrySchema = z.object({
  at: z.string(),
  /** OS account that ran the console. */
  user: z.string(),
  action: z.enum(['widget.open', 'widget.close', 'widget.open_failed', 'widget.external_browser']),
  attemptId: z.string(),
  profileId: z.string(),
  customerId: z.number().int(),
  connectionId: z.number().int(),
  /** The token's jti, to match a Workato-side log line; not a secret (the token is). */
  jti: z.string().nullable(),
  outcome: z.string().nullable(),
  detail: z.string().nullable(),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

/**
 * A staff action that changed something or touched a secret (issue 14, "Audit trail"): what every part of core
 * records through `AuditLog.record`. Never a secret: callers pass ids and names, and every string is redacted.
 */
export const auditRecordSchema = z.object({
  /** A dotted verb: `recipe.start`, `connection.delete`, `bulk.start`, `job.rerun`, `profile.update`, … */
  action: z.string().min(1).max(64),
  profileId: z.string().max(64).nullable(),
  customerId: z.number().int().nullable(),
  /** What was acted on, for a person: `recipe 42 "Sync orders"`, `jobs j-1, j-2`. */
  target: z.string().max(500).nullable(),
  outcome: z.enum(['ok', 'failed', 'cancelled', 'started']),
  /** Workato's correlation id when the call failed with one (reference §3.3). */
  correlationId: z.string().max(200).nullable(),
  detail: z.string().max(2000).nullable(),
})
export type AuditRecord = z.infer<typeof auditRecordSchema>
const storedRecordSchema = auditRecordSchema.extend({ at: z.string(), user: z.string() })

export interface AuditLog {
  readonly file: string
  append(entry: Omit<AuditEntry, 'at' | 'user'>): Promise<void>
  /** Appends one staff action (any part of core; see AuditRecord). */
  record(entry: AuditRecord): Promise<void>
  /** Every entry, oldest first (lines that do not parse are skipped). */
  read(): Promise<AuditEntry[]>
}

function osUser(): string {
  try {
    return os.userInfo().username
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown'
  }
}

export function createAuditLog(opts: { dataDir: string; now?: () => Date; user?: () => string; knownSecrets?: () => readonly string[] }): AuditLog {
  const dir = path.join(opts.dataDir, 'audit')
  const file = path.join(dir, 'widget.jsonl')
  const actionsFile = path.join(dir, 'actions.jsonl')
  const now = opts.now ?? (() => new Date())
  const user = opts.user ?? osUser
  // Appends are serialised so two attempts closing together never interleave half lines.
  let chain: Promise<void> = Promise.resolve()
  const write = (target: string, value: unknown) => {
    const line = JSON.stringify(redactValue(value, opts.knownSecrets?.() ?? [])) + '\n'
    const run = chain.then(async () => {
      await mkdir(dir, { recursive: true })
      await appendFile(target, line, { encoding: 'utf8', mode: 0o600 })
    })
    chain = run.catch(() => {})
    return run
  }
  return {
    file,
    append(entry) {
      return write(file, auditEntrySchema.parse({ at: now().toISOString(), user: user(), ...entry }))
    },
    record(entry) {
      return write(actionsFile, storedRecordSchema.parse({ at: now().toISOString(), user: user(), ...entry }))
    },
    async read() {
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch {
        return []
      }
      const out: AuditEntry[] = []
      for (const line of text.split('\n')) {
        if (!line.trim()) continue
        try {
          const r = auditEntrySchema.safeParse(JSON.parse(line))
          if (r.success) out.push(r.data)
        } catch {
          /* a torn line from a crash: skip it */
        }
      }
      return out
    },
  }
}
