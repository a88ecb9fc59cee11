/** An attempt exported as redacted JSON for a support ticket (`widget:export`), written 0600 under `exports/`. */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { redactDeep } from '../../../shared/redact-deep'
import { parseBoundedJson } from '../../../shared/widget-bounds'
import type { Attempt } from './attempt-registry'

export async function exportAttempt(
  a: Attempt,
  opts: { now: number; secrets: readonly string[]; exportDir?: string },
): Promise<{ fileName: string; json: string; path: string | null }> {
  const entries = a.log.after(-1, a.log.capacity)
  const doc = {
    exportedAt: new Date(opts.now).toISOString(),
    attempt: a.view,
    evicted: a.log.evicted,
    // Parsed within the message bounds (shared/widget-bounds.ts); anything else is exported as its text.
    messages: entries.map((e) => ({ ...e, time: new Date(e.at).toISOString(), parsed: parseBoundedJson(e.raw) ?? e.raw })),
  }
  // Redact value by value (running the redactor over the serialised text could eat a JSON escape), keys
  // included, iteratively: no log line can make the export throw.
  const json = JSON.stringify(redactDeep(doc, opts.secrets), null, 2)
  const stamp = a.view.openedAt.replace(/[:.]/g, '-')
  const fileName = `widget-${a.view.customerId}-${a.view.connectionId}-${stamp}.json`
  let file: string | null = null
  if (opts.exportDir) {
    await mkdir(opts.exportDir, { recursive: true })
    file = path.join(opts.exportDir, fileName)
    await writeFile(file, json, { encoding: 'utf8', mode: 0o600 })
  }
  return { fileName, json, path: file }
}
