/**
 * Widget attempts outlive the session: the last MAX_ATTEMPTS_PERSISTED attempts (their summary and the last
 * PERSISTED_LOG_TAIL lines of each log) are kept in `<dataDir>/widget/attempts.json`, so the history screen still
 * lists yesterday's attempt when a customer calls back about it. The file is redacted again before each write
 * (the log lines already are), written atomically, and a damaged file is set aside as a miss, never fatal.
 */
import path from 'node:path'
import { z } from 'zod'
import { widgetAttemptSchema, widgetLogEntrySchema, type WidgetAttempt, type WidgetLogEntry } from '../../../shared/contract/widget'
import { redactValue } from '../../../shared/redact'
import { truncatePreview } from '../../../shared/widget-bounds'
import { readJsonFile, writeJsonAtomic } from '../directory/json-file'
import { log } from '../log'

/** Attempts kept on disk (newest first); the oldest are dropped beyond this. */
export const MAX_ATTEMPTS_PERSISTED = 200
/** Log lines kept per attempt on disk: enough to see how it ended, small enough for 200 attempts. */
export const PERSISTED_LOG_TAIL = 50
/** A kept line's raw text is cut to this preview (a full message can be 64 KiB). */
export const PERSISTED_RAW_CHARS = 2048

const VERSION = 1
const fileSchema = z.object({
  version: z.literal(VERSION),
  attempts: z.array(z.object({ view: widgetAttemptSchema, tail: z.array(widgetLogEntrySchema), total: z.number().int().nonnegative() })),
})
type Saved = z.infer<typeof fileSchema>['attempts'][number]

export interface AttemptHistory {
  /** Reads the file once at start; attempts a crash left open are marked abandoned. */
  load(): Promise<void>
  /** Kept attempts, newest first. */
  list(): WidgetAttempt[]
  /** Records an attempt's current state and the tail of its log (written in the background, in order). */
  save(view: WidgetAttempt, tail: WidgetLogEntry[], total: number): void
  /** The kept tail of an attempt's log, for reopening it after a restart. */
  messages(attemptId: string): { entries: WidgetLogEntry[]; total: number; evicted: number } | undefined
  /** Waits for the writes in flight (quit). */
  flush(): Promise<void>
}

export function createAttemptHistory(opts: {
  dataDir: string
  secrets: () => readonly string[]
  onCorrupt?: (file: string, reason: string) => void
}): AttemptHistory {
  const file = path.join(opts.dataDir, 'widget', 'attempts.json')
  let saved: Saved[] = []
  let writing: Promise<void> = Promise.resolve()
  /** A write is queued and has not yet taken its snapshot: later saves ride on it. */
  let queued = false

  // Saves coalesce: however many arrive while a write is queued, one snapshot of the latest state is redacted and
  // written. (Copying and redacting 200 attempts per save made a burst of saves quadratic.)
  function persist(): void {
    if (queued) return
    queued = true
    writing = writing
      .then(() => {
        queued = false
        // A plain copy first: redactValue cuts an object it meets twice (its cycle guard), and saved views share `claims`.
        const snapshot = { version: VERSION, attempts: redactValue(JSON.parse(JSON.stringify(saved)) as Saved[], [...opts.secrets()]) }
        return writeJsonAtomic(file, snapshot)
      })
      .catch((e: unknown) => log.warn(`widget history could not be saved: ${e instanceof Error ? e.message : String(e)}`))
  }

  return {
    async load() {
      const data = await readJsonFile(file, fileSchema, opts.onCorrupt)
      saved = (data?.attempts ?? []).slice(0, MAX_ATTEMPTS_PERSISTED).map((s) =>
        // Still open when the app last stopped (a crash or a kill): it did not end by anyone's choice.
        s.view.closedAt ? s : { ...s, view: { ...s.view, closedAt: s.view.openedAt, outcome: s.view.outcome ?? 'abandoned' } },
      )
    },
    list: () => saved.map((s) => ({ ...s.view })),
    save(view, tail, total) {
      const kept = tail
        .slice(-PERSISTED_LOG_TAIL)
        .map((e) => (e.raw.length > PERSISTED_RAW_CHARS ? { ...e, raw: truncatePreview(e.raw, PERSISTED_RAW_CHARS) } : e))
      saved = [{ view: { ...view }, tail: kept, total }, ...saved.filter((s) => s.view.attemptId !== view.attemptId)].slice(0, MAX_ATTEMPTS_PERSISTED)
      persist()
    },
    messages(attemptId) {
      const s = saved.find((x) => x.view.attemptId === attemptId)
      return s ? { entries: s.tail.map((e) => ({ ...e })), total: s.total, evicted: Math.max(0, s.total - s.tail.length) } : undefined
    },
    flush: () => writing,
  }
}
