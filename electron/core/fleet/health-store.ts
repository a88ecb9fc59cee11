/**
 * The last known health of every customer of one profile, on disk so a restart shows it at once. Layout under
 * `<dataDir>/fleet/<profileId>/`:
 *
 *   health.jsonl   one line per customer check (`HealthEntry`), appended as each check ends; the last line of a
 *                  customer wins. Appending costs one small write per customer, so a sweep killed at any moment
 *                  loses at most the customer being written (a torn last line is skipped on load), and a resumed
 *                  sweep knows exactly which customers it already read. Rewritten compactly when it holds more
 *                  than twice as many lines as customers.
 *   sweep.json     the current or last run (`SweepRun`): when it started and whether it finished.
 *
 * Only derived facts are kept (the problems and the failed-job counts the next check compares with), not the
 * raw lists, so 10,000 customers stay a few megabytes.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { appErrorSchema } from '../../../shared/errors'
import { problemSchema } from '../../../shared/domain/health'
import { readJsonFile, writeJsonAtomic } from '../directory/json-file'
import { log } from '../log'

export const healthEntrySchema = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  checkedAt: z.string(),
  /** The check before this one, so "changed since the last check" can be told. */
  previousCheckedAt: z.string().nullable(),
  source: z.enum(['sweep', 'viewed']),
  /** This check failed: `problems` and `failed` are the previous check's, kept as the last known health. */
  error: appErrorSchema.nullable(),
  /** `[recipeId, job_failed_count]` of running recipes, for the next check's `failed_jobs_rising`. */
  failed: z.array(z.tuple([z.number().int(), z.number().int()])),
  problems: z.array(problemSchema),
})
export type HealthEntry = z.infer<typeof healthEntrySchema>

export const sweepRunSchema = z.object({
  version: z.literal(1),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  state: z.enum(['running', 'cancelled', 'done', 'failed']),
  /** When the run before this one started, for the triage view's "changed since the last sweep". */
  previousStartedAt: z.string().nullable(),
  message: z.string().nullable(),
})
export type SweepRun = z.infer<typeof sweepRunSchema>

export class HealthStore {
  private readonly entries = new Map<number, HealthEntry>()
  private lines = 0
  private loaded: Promise<void> | null = null
  private tail: Promise<unknown> = Promise.resolve()
  private run: SweepRun | null = null
  /** The file ends in a line cut short (a kill mid-append): the next append starts on a fresh line. */
  private torn = false

  constructor(readonly dir: string) {}

  private get file(): string {
    return path.join(this.dir, 'health.jsonl')
  }
  private get runFile(): string {
    return path.join(this.dir, 'sweep.json')
  }

  /** Reads both files once; later calls share the first read. */
  load(): Promise<void> {
    this.loaded ??= this.read()
    return this.loaded
  }

  private async read(): Promise<void> {
    let text = ''
    try {
      text = await readFile(this.file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`health store ${this.file} could not be read: ${(e as Error).message}`)
    }
    this.torn = text.length > 0 && !text.endsWith('\n')
    let bad = 0
    for (const line of text.split('\n')) {
      if (!line) continue
      this.lines++
      let parsed: z.ZodSafeParseResult<HealthEntry> | null = null
      try {
        parsed = healthEntrySchema.safeParse(JSON.parse(line))
      } catch {
        parsed = null
      }
      if (parsed?.success) this.entries.set(parsed.data.customerId, parsed.data)
      else bad++
    }
    // A line cut by a kill mid-write, or damaged on disk: that customer is read again by the next sweep.
    if (bad) log.warn(`health store ${this.file}: ${bad} unreadable line(s) skipped`)
    this.run = await readJsonFile(this.runFile, sweepRunSchema)
  }

  get(customerId: number): HealthEntry | undefined {
    return this.entries.get(customerId)
  }

  all(): HealthEntry[] {
    return [...this.entries.values()]
  }

  get size(): number {
    return this.entries.size
  }

  /** Keeps the entry and appends it to the file; writes are serialised so lines never interleave. */
  record(entry: HealthEntry): Promise<void> {
    this.entries.set(entry.customerId, entry)
    this.lines++
    const line = `${this.torn ? '\n' : ''}${JSON.stringify(entry)}\n`
    this.torn = false
    const compact = this.lines > 2 * this.entries.size + 1000
    const write = this.tail.then(async () => {
      await mkdir(this.dir, { recursive: true })
      if (compact) await this.compact()
      else await appendFile(this.file, line, 'utf8')
    })
    this.tail = write.catch(() => undefined)
    return write
  }

  /** Rewrites the file with one line per customer (atomically: the old file stays until the new one is whole). */
  private async compact(): Promise<void> {
    const text = [...this.entries.values()].map((e) => JSON.stringify(e)).join('\n') + '\n'
    const tmp = `${this.file}.compact`
    await writeFile(tmp, text, 'utf8')
    await rename(tmp, this.file)
    this.lines = this.entries.size
  }

  /** Bytes the entries take as stored (one JSON line each): what the bench holds to its budget. */
  storedBytes(): number {
    let n = 0
    for (const e of this.entries.values()) n += Buffer.byteLength(JSON.stringify(e)) + 1
    return n
  }

  getRun(): SweepRun | null {
    return this.run
  }

  async setRun(run: SweepRun): Promise<void> {
    this.run = run
    const write = this.tail.then(() => writeJsonAtomic(this.runFile, run))
    this.tail = write.catch(() => undefined)
    await write
  }

  /** Waits for every write queued so far (tests, shutdown). */
  flush(): Promise<void> {
    return this.tail.then(() => undefined)
  }
}
