/**
 * Small JSON files that must survive crashes and never stop the app: written atomically (temp file in the same
 * directory, then rename, so a reader sees the old or the new file, never half of one), and read leniently
 * (a file that does not parse or does not match its schema is deleted and treated as absent).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { z } from 'zod'
import { log } from '../log'

export async function readJsonFile<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S> | null> {
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
    parsed = schema.safeParse(JSON.parse(text))
  } catch {
    parsed = null
  }
  if (parsed?.success) return parsed.data
  // A cache is only a copy of what the API holds: a damaged one is dropped and refilled, never fatal.
  log.warn(`cache file ${file} is corrupt; discarding it`)
  await rm(file, { force: true }).catch(() => undefined)
  return null
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
