/**
 * The audit trail (issue 14, item 2): every staff action that changed something or touched a secret, and every
 * widget attempt event, as one JSON line in `<dataDir>/audit/audit.jsonl`. Append-only and tamper-evident: each
 * line carries `prev` (the previous line's hash) and `hash` (sha256 over the canonical line without `hash`), so an
 * edited, removed or inserted line breaks the chain at a line the screen can name. Rotated by size (the chain
 * continues into the next file); a file that cannot be read is kept aside, never deleted, and a new chain starts
 * with a line that says so. Never a secret: entries are built from named fields only, and every string passes
 * shared/redact-deep (every form a secret can take) on the way to disk.
 */
import { createHash } from 'node:crypto'
import { appendFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { auditLineSchema, type AuditLine, type ChainStatus } from '../../../shared/contract/audit'
import { redactDeep } from '../../../shared/redact-deep'

/** A widget attempt event (issue 6.8), written by the widget service through `append`. */
export const auditEntrySchema = z.object({
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

export interface AuditLog {
  /** The current trail file (`audit.jsonl`). */
  readonly file: string
  readonly dir: string
  /** Appends one widget attempt event. */
  append(entry: AuditEntry): Promise<void>
  /** Appends one staff action (any part of core; see AuditRecord). */
  record(entry: AuditRecord): Promise<void>
  /** Every line of every kept file, oldest first, and whether the chain holds. */
  read(): Promise<{ lines: AuditLine[]; status: ChainStatus }>
}

export interface AuditProblem {
  kind: 'set_aside' | 'broken'
  message: string
}

export interface AuditLogOptions {
  dataDir: string
  now?: () => Date
  user?: () => string
  knownSecrets?: () => readonly string[]
  /** Rotate when the current file would grow past this many bytes. */
  maxBytes?: number
  /** Rotated files kept besides the current one (the oldest is deleted). */
  keepFiles?: number
  /** Told when opening finds a damaged file or a broken chain (core turns it into a notice). */
  onProblem?: (p: AuditProblem) => void
}

export const AUDIT_FILE = 'audit.jsonl'
/** The `prev` of a chain's first line. */
export const GENESIS = '0'.repeat(64)
const LEGACY_FILES = ['widget.jsonl', 'actions.jsonl']
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024
const DEFAULT_KEEP = 5

function osUser(): string {
  try {
    return os.userInfo().username
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown'
  }
}

/** The bytes a line's hash is taken over: its fields but `hash`, keys sorted, so key order on disk cannot matter. */
export function canonicalLine(line: Omit<AuditLine, 'hash'> | AuditLine): string {
  const rest: Record<string, unknown> = { ...line }
  delete rest.hash
  const sorted: Record<string, unknown> = {}
  for (const k of Object.keys(rest).sort()) if (rest[k] !== undefined) sorted[k] = rest[k]
  return JSON.stringify(sorted)
}

export function hashLine(line: Omit<AuditLine, 'hash'>): string {
  return createHash('sha256').update(canonicalLine(line)).digest('hex')
}

const rotatedName = (n: number) => `audit.${n}.jsonl`

type Parsed = { ok: true; line: AuditLine } | { ok: false; reason: string }

function parseLine(text: string): Parsed {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'it is not valid JSON' }
  }
  const r = auditLineSchema.safeParse(raw)
  return r.success ? { ok: true, line: r.data } : { ok: false, reason: 'it is not an audit line (fields missing or of the wrong type)' }
}

/** Splits a file into its lines, keeping 1-based line numbers (blank lines count, so the number matches an editor). */
function linesOf(text: string): { n: number; text: string }[] {
  const out: { n: number; text: string }[] = []
  text.split('\n').forEach((t, i) => {
    if (t.trim()) out.push({ n: i + 1, text: t })
  })
  return out
}

export function createAuditLog(opts: AuditLogOptions): AuditLog {
  const dir = path.join(opts.dataDir, 'audit')
  const file = path.join(dir, AUDIT_FILE)
  const now = opts.now ?? (() => new Date())
  const user = opts.user ?? osUser
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  const keep = opts.keepFiles ?? DEFAULT_KEEP
  const secrets = () => opts.knownSecrets?.() ?? []

  // The tail of the chain, known once the trail has been opened.
  let last = GENESIS
  let seq = 0
  let size = 0
  let opened: Promise<void> | null = null
  // Appends (and the open) are serialised so two actions ending together never interleave or fork the chain.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn)
    queue = run.catch(() => {})
    return run
  }

  async function rotate(): Promise<void> {
    await rm(path.join(dir, rotatedName(keep)), { force: true })
    for (let n = keep - 1; n >= 1; n--) {
      await rename(path.join(dir, rotatedName(n)), path.join(dir, rotatedName(n + 1))).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e
      })
    }
    await rename(file, path.join(dir, rotatedName(1)))
    size = 0
  }

  async function writeLine(fields: Omit<AuditLine, 'seq' | 'prev' | 'hash' | 'at' | 'user'>): Promise<void> {
    const clean = redactDeep({ at: now().toISOString(), user: user(), ...fields }, secrets())
    const body = { seq, ...clean, prev: last }
    const line: AuditLine = { ...body, hash: hashLine(body) }
    const text = JSON.stringify(line) + '\n'
    const bytes = Buffer.byteLength(text)
    if (size > 0 && size + bytes > maxBytes) await rotate()
    await appendFile(file, text, { encoding: 'utf8', mode: 0o600 })
    size += bytes
    last = line.hash
    seq++
  }

  /** The kept files, oldest first. */
  async function trailFiles(): Promise<string[]> {
    const names = await readdir(dir).catch(() => [] as string[])
    const rotated = names
      .map((n) => /^audit\.(\d+)\.jsonl$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(b[1]) - Number(a[1]))
      .map((m) => m[0])
    return [...rotated, ...(names.includes(AUDIT_FILE) ? [AUDIT_FILE] : [])]
  }

  async function readAll(): Promise<{ lines: AuditLine[]; status: ChainStatus; unreadable: { file: string; line: number; reason: string } | null }> {
    const files = await trailFiles()
    const names = await readdir(dir).catch(() => [] as string[])
    const setAside = names.filter((n) => /^audit\.corrupt-.+\.jsonl$/.test(n)).sort()
    const lines: AuditLine[] = []
    let firstBad: ChainStatus['firstBad'] = null
    let unreadable: { file: string; line: number; reason: string } | null = null
    let prev: string | null = null
    for (const name of files) {
      const text = await readFile(path.join(dir, name), 'utf8').catch(() => '')
      for (const { n, text: t } of linesOf(text)) {
        const p = parseLine(t)
        if (!p.ok) {
          unreadable ??= { file: name, line: n, reason: p.reason }
          firstBad ??= { file: name, line: n, reason: `line ${n} of ${name} cannot be read: ${p.reason}` }
          prev = null
          continue
        }
        const { line } = p
        if (!firstBad) {
          if (hashLine(line) !== line.hash) {
            firstBad = { file: name, line: n, reason: `line ${n} of ${name} was changed after it was written (its hash does not match its content)` }
          } else if (line.action === 'audit.chain_restarted' && line.prev === GENESIS) {
            // A new chain started after a damaged file was set aside: it links to nothing on purpose.
          } else if (prev !== null && line.prev !== prev) {
            firstBad = {
              file: name,
              line: n,
              reason: `line ${n} of ${name} does not follow the line before it (a line was removed, inserted or reordered)`,
            }
          } else if (prev === null && lines.length === 0 && name === AUDIT_FILE && files.length === 1 && line.prev !== GENESIS) {
            firstBad = { file: name, line: n, reason: `line ${n} of ${name} is not the start of a chain (lines before it were removed)` }
          }
        }
        prev = line.hash
        lines.push(line)
      }
    }
    return { lines, status: { ok: firstBad === null, lines: lines.length, files, firstBad, setAside }, unreadable }
  }

  /** Folds the files written before the chained trail (widget.jsonl, actions.jsonl) into it, once, keeping them. */
  async function migrateLegacy(): Promise<void> {
    const legacy: Array<{ at: string; fields: Omit<AuditLine, 'seq' | 'prev' | 'hash' | 'at' | 'user'>; user: string }> = []
    for (const name of LEGACY_FILES) {
      const text = await readFile(path.join(dir, name), 'utf8').catch(() => null)
      if (text === null) continue
      for (const { text: t } of linesOf(text)) {
        try {
          const o = z.looseObject({ at: z.string(), user: z.string(), action: z.string() }).parse(JSON.parse(t))
          const w = auditEntrySchema.safeParse(o)
          const r = auditRecordSchema.safeParse(o)
          if (w.success) legacy.push({ at: o.at, user: o.user, fields: widgetFields(w.data) })
          else if (r.success) legacy.push({ at: o.at, user: o.user, fields: r.data })
        } catch {
          /* a torn line from a crash in the old format: nothing to carry over */
        }
      }
      await rename(path.join(dir, name), path.join(dir, `${name}.migrated`))
    }
    legacy.sort((a, b) => a.at.localeCompare(b.at))
    for (const l of legacy) {
      const clean = redactDeep({ at: l.at, user: l.user, ...l.fields }, secrets())
      const body = { seq, ...clean, prev: last }
      const line: AuditLine = { ...body, hash: hashLine(body) }
      const text = JSON.stringify(line) + '\n'
      await appendFile(file, text, { encoding: 'utf8', mode: 0o600 })
      size += Buffer.byteLength(text)
      last = line.hash
      seq++
    }
  }

  async function open(): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const current = await stat(file).catch(() => null)
    if (!current) await migrateLegacy()
    await inspect(true)
  }

  /**
   * Verifies the kept files and acts on what it finds: at open, and again on every read (the screen), so a file
   * damaged while the app runs is caught before the next line is chained onto it.
   */
  async function inspect(atOpen: boolean): Promise<{ lines: AuditLine[]; status: ChainStatus }> {
    // The line this process last chained onto: a chain cannot show lines cut off its end, but a running app knows
    // where its trail ended.
    const known = !atOpen && last !== GENESIS ? { hash: last, seq: seq - 1 } : null
    const { lines, status, unreadable } = await readAll()
    const tail = lines.at(-1)
    last = tail?.hash ?? GENESIS
    seq = tail ? tail.seq + 1 : 0
    size = (await stat(file).catch(() => null))?.size ?? 0
    if (unreadable) {
      // A file with a line that is not an audit line cannot be trusted to continue: keep it byte for byte under a
      // new name and start a chain whose first line records the break (a person can compare the two).
      const aside = `audit.corrupt-${now().toISOString().replace(/[:.]/g, '-')}.jsonl`
      const broken = unreadable.file
      await rename(path.join(dir, broken), path.join(dir, aside))
      if (broken === AUDIT_FILE) size = 0
      last = GENESIS
      const message =
        `The audit file ${broken} could not be read (line ${unreadable.line}: ${unreadable.reason}). ` +
        `It was kept unchanged as ${aside} and a new chain was started.`
      await writeLine({
        action: 'audit.chain_restarted',
        profileId: null,
        customerId: null,
        target: aside,
        outcome: 'failed',
        correlationId: null,
        detail: message,
      })
      opts.onProblem?.({ kind: 'set_aside', message })
      const again = await readAll()
      return { lines: again.lines, status: again.status }
    }
    if (known && !lines.some((l) => l.hash === known.hash)) {
      const kept = linesOf(await readFile(file, 'utf8').catch(() => '')).length
      const reason = `lines were removed from the end of ${AUDIT_FILE}: the trail ended at chain line ${known.seq}, and now ends at ${tail ? `chain line ${tail.seq}` : 'nothing'}`
      const message = `The audit trail's chain is broken: ${reason}.`
      await writeLine({
        action: 'audit.chain_broken',
        profileId: null,
        customerId: null,
        target: `${AUDIT_FILE}:end`,
        outcome: 'failed',
        correlationId: null,
        detail: message,
      })
      opts.onProblem?.({ kind: 'broken', message })
      const again = await readAll()
      const firstBad = again.status.firstBad ?? { file: AUDIT_FILE, line: kept + 1, reason }
      return { lines: again.lines, status: { ...again.status, ok: false, firstBad } }
    }
    if (status.firstBad) {
      const { file: badFile, line } = status.firstBad
      const target = `${badFile}:${line}`
      // Recorded once per break, not at every start: the line after says it was seen.
      const seen = lines.some((l) => l.action === 'audit.chain_broken' && l.target === target)
      const message = `The audit trail's chain is broken: ${status.firstBad.reason}. Lines from there on cannot be trusted.`
      if (!seen) {
        await writeLine({
          action: 'audit.chain_broken',
          profileId: null,
          customerId: null,
          target,
          outcome: 'failed',
          correlationId: null,
          detail: message,
        })
        const again = await readAll()
        if (atOpen) opts.onProblem?.({ kind: 'broken', message })
        return { lines: again.lines, status: again.status }
      }
      if (atOpen) opts.onProblem?.({ kind: 'broken', message })
    }
    return { lines, status }
  }

  const ensureOpen = () =>
    (opened ??= serial(open).catch((e: unknown) => {
      opened = null
      throw e
    }))

  async function write(fields: Omit<AuditLine, 'seq' | 'prev' | 'hash' | 'at' | 'user'>): Promise<void> {
    await ensureOpen()
    return serial(() => writeLine(fields))
  }

  return {
    file,
    dir,
    append(entry) {
      return write(widgetFields(auditEntrySchema.parse(entry)))
    },
    record(entry) {
      return write(auditRecordSchema.parse(entry))
    },
    async read() {
      await ensureOpen()
      return serial(() => inspect(false))
    },
  }
}

function widgetFields(e: AuditEntry): Omit<AuditLine, 'seq' | 'prev' | 'hash' | 'at' | 'user'> {
  return {
    action: e.action,
    profileId: e.profileId,
    customerId: e.customerId,
    target: `connection ${e.connectionId} (attempt ${e.attemptId})`,
    outcome: e.outcome,
    correlationId: null,
    detail: e.detail,
    attemptId: e.attemptId,
    connectionId: e.connectionId,
    jti: e.jti,
  }
}
