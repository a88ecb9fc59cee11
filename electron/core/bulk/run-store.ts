/**
 * Where bulk runs live between restarts: `<dataDir>/bulk/<profileId>/<runId>.json` holds the run as planned
 * (written once, atomically), and `<runId>.jsonl` gets one line per change (a target's result, the run's state).
 * Appending a line after each target costs little at 500 targets a minute, where rewriting a file of 5,000
 * targets each time would not; a line torn by a crash is skipped on load, and that target is simply read again.
 */
import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import {
  bulkRunSchema,
  bulkRunStateSchema,
  bulkRunTargetSchema,
  type BulkRun,
  type BulkRunState,
  type BulkRunTarget,
} from '../../../shared/contract/bulk'
import { FileLocks, writeJsonAtomic } from '../directory/json-file'

/** Runs kept per profile; older ones are removed when a new run is created. */
export const KEPT_RUNS = 20

const journalLineSchema = z.union([
  z.object({ t: bulkRunTargetSchema }),
  z.object({ state: bulkRunStateSchema, note: z.string().nullable(), at: z.string() }),
])

export const INTERRUPTED_NOTE = 'The console stopped during this run (it was closed or crashed). Resume to send the rest.'

export class BulkRunStore {
  private readonly locks = new FileLocks()

  constructor(private readonly dir: string) {}

  private base(profileId: string, runId: string): string {
    return path.join(this.dir, profileId, runId)
  }

  async create(run: BulkRun): Promise<void> {
    await writeJsonAtomic(`${this.base(run.profileId, run.runId)}.json`, { ...run, wait: null, etaMs: null })
    await this.prune(run.profileId, run.runId)
  }

  appendTarget(run: Pick<BulkRun, 'profileId' | 'runId'>, t: BulkRunTarget): Promise<void> {
    return this.append(run, { t })
  }

  appendState(run: Pick<BulkRun, 'profileId' | 'runId'>, state: BulkRunState, note: string | null, at: string): Promise<void> {
    return this.append(run, { state, note, at })
  }

  private append(run: Pick<BulkRun, 'profileId' | 'runId'>, line: z.input<typeof journalLineSchema>): Promise<void> {
    const file = `${this.base(run.profileId, run.runId)}.jsonl`
    return this.locks.run(file, async () => {
      await mkdir(path.dirname(file), { recursive: true })
      await appendFile(file, JSON.stringify(line) + '\n', { encoding: 'utf8', mode: 0o600 })
    })
  }

  /** The run with every journal line applied; a run left `running` by a crash comes back `interrupted`. */
  async load(profileId: string, runId: string): Promise<BulkRun | null> {
    const base = this.base(profileId, runId)
    let run: BulkRun
    try {
      const parsed = bulkRunSchema.safeParse(JSON.parse(await readFile(`${base}.json`, 'utf8')))
      if (!parsed.success) return null
      run = parsed.data
    } catch {
      return null
    }
    let journal = ''
    try {
      journal = await readFile(`${base}.jsonl`, 'utf8')
    } catch {
      /* nothing done yet */
    }
    const targets = [...run.targets]
    for (const raw of journal.split('\n')) {
      if (!raw.trim()) continue
      let line: z.output<typeof journalLineSchema>
      try {
        const r = journalLineSchema.safeParse(JSON.parse(raw))
        if (!r.success) continue
        line = r.data
      } catch {
        continue
      }
      if ('t' in line) {
        if (line.t.index < targets.length) targets[line.t.index] = line.t
      } else {
        run = { ...run, state: line.state, note: line.note, updatedAt: line.at }
      }
    }
    const state = run.state === 'running' ? 'interrupted' : run.state
    return {
      ...run,
      targets,
      state,
      note: run.state === 'running' ? INTERRUPTED_NOTE : run.note,
      counts: countTargets(targets),
      wait: null,
      etaMs: null,
    }
  }

  /** The profile's newest run. */
  async latest(profileId: string): Promise<BulkRun | null> {
    const ids = await this.runIds(profileId)
    for (const id of ids) {
      const run = await this.load(profileId, id)
      if (run) return run
    }
    return null
  }

  /** Each profile's newest run when it did not finish (cut short by a crash or a quit, or stopped by the person). */
  async unfinished(): Promise<BulkRun[]> {
    let profiles: string[]
    try {
      profiles = await readdir(this.dir)
    } catch {
      return []
    }
    const out: BulkRun[] = []
    for (const p of profiles) {
      const run = await this.latest(p)
      if (run && (run.state === 'interrupted' || run.state === 'cancelled')) out.push(run)
    }
    return out
  }

  /** Run ids, newest first (ids start with a sortable time stamp). */
  private async runIds(profileId: string): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(path.join(this.dir, profileId))
    } catch {
      return []
    }
    return names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .sort()
      .reverse()
  }

  private async prune(profileId: string, keep: string): Promise<void> {
    const ids = (await this.runIds(profileId)).filter((id) => id !== keep)
    for (const id of ids.slice(KEPT_RUNS - 1)) {
      const base = this.base(profileId, id)
      await rm(`${base}.json`, { force: true })
      await rm(`${base}.jsonl`, { force: true })
    }
  }
}

export function countTargets(targets: readonly Pick<BulkRunTarget, 'status'>[]): BulkRun['counts'] {
  const counts: BulkRun['counts'] = { pending: 0, in_flight: 0, succeeded: 0, already: 0, refused: 0, failed: 0, skipped: 0 }
  for (const t of targets) counts[t.status]++
  return counts
}
