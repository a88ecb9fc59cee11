/** Finding (and shaping) seeded jobs for the jobs specs and scripts/screenshots.ts, in the harness's emulator state. */
import type { Harness } from '../harness/server'
import type { JobRecord } from '../../electron/emulator/records'
import { sandboxState } from './flows-helpers'

interface Found {
  customerId: number
  recipeId: number
  recipeName: string
  jobs: JobRecord[]
}

function* recipesWithJobs(h: Harness): Generator<Found> {
  const state = sandboxState(h)
  for (const c of state.listCustomers().slice(0, 60)) {
    const ws = state.workspace(c)
    for (const r of ws.recipes.values()) yield { customerId: c.id, recipeId: r.id, recipeName: r.name, jobs: state.jobs(ws, r) }
  }
}

/** The first seeded customer with failed jobs, and its newest failed job across every recipe (one with step input). */
export function customerWithFailedJobs(h: Harness): { customerId: number; newest: { recipeId: number; recipeName: string; job: JobRecord } } {
  let current: number | null = null
  let best: { recipeId: number; recipeName: string; job: JobRecord } | null = null
  const done = () => (current !== null && best?.job.error_parts?.input ? { customerId: current, newest: best } : null)
  for (const f of recipesWithJobs(h)) {
    if (f.customerId !== current) {
      const found = done()
      if (found) return found
      current = f.customerId
      best = null
    }
    for (const j of f.jobs) {
      if (j.status === 'failed' && (!best || j.started_at > best.job.started_at)) best = { recipeId: f.recipeId, recipeName: f.recipeName, job: j }
    }
  }
  const found = done()
  if (found) return found
  throw new Error('No seeded customer has failed jobs')
}

/** The first seeded recipe with at least `min` recent jobs; with `exactly`, its list is cut to that many. */
export function recipeWithJobs(h: Harness, min: number, exactly?: number): Found {
  for (const f of recipesWithJobs(h)) {
    if (f.jobs.length < min) continue
    if (exactly !== undefined) f.jobs.splice(exactly)
    return f
  }
  throw new Error(`No seeded recipe has ${min} jobs`)
}
