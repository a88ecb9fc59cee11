/**
 * Small JSON files that must survive crashes and never stop the app: written atomically (temp file in the same
 * directory, then rename, so a reader sees the old or the new file, never half of one), and read leniently
 * (a file that does not parse or does not match its schema is deleted and treated as absent, and `onCorrupt` is
 * told so the user hears about it once; a leading byte-order mark is tolerated).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { z } from 'zod'
import { log } from '../log'

export type CorruptListener = (file: string, reason: string) => void

export async function readJsonFile<S extends z.ZodType>(file: string, schema: S, onCorrupt?: CorruptListener): Promise<z.output<S> | null> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    log.warn(`cache file ${file} could not be read (${(e as Error).message}); ignoring it`)
    return null
  }
  let parsed: z.ZodSafeParseResult<z.output<S>> | null = null
  try {
    parsed = schema.safeParse(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text))
  } catch {
    parsed = null
  }
  if (parsed?.success) return parsed.data
  // A cache is only a copy of what the API holds: a damaged one is dropped and refilled, never fatal.
  const reason = parsed ? 'it does not match the expected format' : 'it is not valid JSON'
  log.warn(`cache file ${file} is corrupt (${reason}); discarding it`)
  await rm(file, { force: true }).catch(() => undefined)
  try {
    onCorrupt?.(file, reason)
  } catch (e) {
    log.warn(`cache corruption listener failed: ${e instanceof Error ? e.message : String(e)}`)
  }
  return null
}

/** Our temp files (`<file>.<pid>.<8 hex>.tmp`, see writeJsonAtomic), left when a save was killed before its rename. */
const OWN_TEMP = /^.+\.json\.\d+\.[0-9a-f]{8}\.tmp$/

/**
 * Removes our temp files older than `minAgeMs` under `dir`, recursively (younger ones may be a save in flight).
 * Returns how many were removed. Never throws: a tree that cannot be read (Node's recursive readdir) is left alone.
 */
export async function sweepStaleTempFiles(dir: string, now: number, minAgeMs = 60_000): Promise<number> {
  let removed = 0
  let entries: import('node:fs').Dirent[]
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  } catch {
    return 0
  }
  for (const e of entries) {
    if (!e.isFile() || !OWN_TEMP.test(e.name)) continue
    const full = path.join(e.parentPath, e.name)
    try {
      if (now - (await stat(full)).mtimeMs < minAgeMs) continue
      await rm(full, { force: true })
      removed++
    } catch {
      // gone already
    }
  }
  if (removed) log.info(`cache: removed ${removed} temp file(s) left by interrupted saves under ${dir}`)
  return removed
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(tmp, JSON.stringify(value), 'utf8')
    await rename(tmp, file)
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined)
    throw e
  }
}

/** Serialises read-modify-write cycles per file inside this process. */
export class FileLocks {
  private readonly tails = new Map<string, Promise<unknown>>()

  run<T>(file: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(file) ?? Promise.resolve()
    const next = prev.then(fn, fn)
    const tail = next.catch(() => undefined)
    this.tails.set(file, tail)
    void tail.then(() => {
      if (this.tails.get(file) === tail) this.tails.delete(file)
    })
    return next
  }
}
