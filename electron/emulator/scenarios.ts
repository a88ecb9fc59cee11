/**
 * The Sandbox at fleet scale: what it seeded, as data (`seededTruth`), and switches that make one thing go wrong
 * on purpose (`runScenario`): fail a connection, stop a recipe with a cause, fail a recipe's jobs, or drop an
 * origin so the widget falls silent. The same commands reach the emulator from the handle (`handle.scenarios`),
 * over HTTP (`/__emulator/…`, see `scenarioHttpHandler`) and from the command line (`--scenario`, parsed by
 * `parseScenarioArg`), so a test, a demo and a person at a terminal use one vocabulary.
 *
 * The truth applies the rules of `shared/domain/health-kinds.ts` to the emulator's current records, so it follows
 * every change (an API start, a widget reconnect, a switch) and a test can compare a sweep with it directly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { SANDBOX_LIMITS } from '../../shared/contract/limits'
import { scenarioCommandSchema, type ScenarioCommand } from '../../shared/domain/sandbox-scenarios'
import {
  connectionsInUse,
  documentedStopCauseSchema,
  healthKinds,
  inUseConnectionKind,
  isRuntimeUserConnection,
  isStoppedByCause,
  isTaskUsageNearLimit,
  type HealthKind,
  type HealthProblemRef,
} from '../../shared/domain/health-kinds'
import { isConnected } from '../../shared/domain/workato'
import { isAuthorized } from './auth'
import { normalizeOrigin } from './origins'
import type { ConnectionRecord, CustomerRecord, JobRecord, RecipeRecord, Workspace } from './records'
import type { EmulatorState } from './state'

/** The most jobs one `fail-jobs` switch adds (shared/contract/limits.ts). */
export const MAX_FAILED_JOBS_PER_SWITCH = SANDBOX_LIMITS.failedJobsPerSwitch
export { scenarioCommandSchema, type ScenarioCommand }

export type ScenarioResult = { ok: true; summary: string } | { ok: false; code: 'not_found' | 'invalid'; message: string }

const notFound = (message: string): ScenarioResult => ({ ok: false, code: 'not_found', message })

function findCustomer(state: EmulatorState, customerId: number): CustomerRecord | undefined {
  return state.getCustomer(customerId)
}

function findIn<T>(state: EmulatorState, customerId: number, pickOne: (ws: Workspace) => T | undefined): { ws: Workspace; item: T } | string {
  const c = findCustomer(state, customerId)
  if (!c) return `Customer ${customerId} does not exist in this Sandbox.`
  const ws = state.workspace(c)
  const item = pickOne(ws)
  return item === undefined ? '' : { ws, item }
}

/** Carries one switch out on the emulator's records. `now` is injectable so tests get fixed timestamps. */
export function runScenario(state: EmulatorState, cmd: ScenarioCommand, now = Date.now()): ScenarioResult {
  const at = new Date(now).toISOString()
  switch (cmd.action) {
    case 'fail-connection': {
      const found = findIn(state, cmd.customerId, (ws) => ws.connections.get(cmd.connectionId))
      if (typeof found === 'string')
        return notFound(found || `Connection ${cmd.connectionId} does not belong to customer ${cmd.customerId}: list its connections to find the id.`)
      const conn: ConnectionRecord = found.item
      const reason =
        cmd.reason ?? (cmd.lost ? 'Connection lost: the app no longer accepts these credentials' : 'Invalid credentials: 401 Unauthorized')
      // §3.3: a failed authorisation carries its error; a lost one also says when and why.
      conn.authorization_status = 'failed'
      conn.authorization_error = reason
      conn.connection_lost_at = cmd.lost ? at : null
      conn.connection_lost_reason = cmd.lost ? reason : null
      conn.updated_at = at
      const users = state.runningRecipesUsing(found.ws, conn.id).length
      return {
        ok: true,
        summary: `Connection ${conn.id} (${conn.name}) is now ${cmd.lost ? 'lost' : 'unauthorised'}; ${users} running recipe(s) use it.`,
      }
    }
    case 'stop-recipe': {
      const found = findIn(state, cmd.customerId, (ws) => ws.recipes.get(cmd.recipeId))
      if (typeof found === 'string') return notFound(found || `Recipe ${cmd.recipeId} does not belong to customer ${cmd.customerId}.`)
      const recipe: RecipeRecord = found.item
      recipe.running = false
      recipe.stop_cause = cmd.cause
      recipe.stopped_at = at
      recipe.updated_at = at
      return { ok: true, summary: `Recipe ${recipe.id} (${recipe.name}) stopped with stop_cause ${cmd.cause}.` }
    }
    case 'fail-jobs': {
      const found = findIn(state, cmd.customerId, (ws) => ws.recipes.get(cmd.recipeId))
      if (typeof found === 'string') return notFound(found || `Recipe ${cmd.recipeId} does not belong to customer ${cmd.customerId}.`)
      const recipe: RecipeRecord = found.item
      const jobs = state.jobs(found.ws, recipe)
      const added = state.failedJobsAdded.get(recipe.id) ?? 0
      const fresh: JobRecord[] = []
      for (let i = cmd.count; i >= 1; i--) fresh.push(failedJob(recipe, added + i, now - (cmd.count - i) * 1000))
      jobs.unshift(...fresh)
      recipe.job_failed_count += cmd.count
      recipe.last_run_at = at
      state.failedJobsAdded.set(recipe.id, added + cmd.count)
      return {
        ok: true,
        summary: `Recipe ${recipe.id} has ${cmd.count} new failed job(s): job_failed_count ${recipe.job_failed_count}${recipe.running ? '' : ' (the recipe is stopped, so no rise is reported)'}.`,
      }
    }
    case 'drop-origin': {
      const origin = parseOrigin(cmd.origin)
      if (origin === null) return { ok: false, code: 'invalid', message: `"${cmd.origin}" is not an origin such as https://app.vendor.example.` }
      const wasVendor = state.vendorOrigins.includes(origin)
      state.vendorOrigins = state.vendorOrigins.filter((o) => o !== origin)
      let customers = 0
      for (const c of state.listCustomers()) {
        if (c.origin_url !== null && parseOrigin(c.origin_url) === origin) {
          c.origin_url = null
          customers++
        }
      }
      state.droppedOrigins.add(origin)
      // §8.4: a page whose origin is not allowlisted gets the widget but no messages; a token naming it is refused.
      return {
        ok: true,
        summary: `${origin} is no longer allowlisted (${wasVendor ? 'account origin' : 'not an account origin'}; cleared from ${customers} customer(s)); widgets embedded there fall silent until restore-origin.`,
      }
    }
    case 'restore-origin': {
      const origin = parseOrigin(cmd.origin)
      if (origin === null) return { ok: false, code: 'invalid', message: `"${cmd.origin}" is not an origin such as https://app.vendor.example.` }
      if (!state.droppedOrigins.delete(origin)) return notFound(`${origin} was not dropped.`)
      if (!state.vendorOrigins.includes(origin)) state.vendorOrigins.push(origin)
      return { ok: true, summary: `${origin} is allowlisted again as an account origin.` }
    }
    case 'reset-baseline':
      state.failedJobsAdded.clear()
      return { ok: true, summary: 'Failed-job counts as they are now are the new baseline.' }
  }
}

/** An http(s) origin in its normal form, or null when the text is not one. */
function parseOrigin(text: string): string | null {
  if (!URL.canParse(text)) return null
  const u = new URL(text)
  return u.protocol === 'https:' || u.protocol === 'http:' ? normalizeOrigin(text) : null
}

function failedJob(recipe: RecipeRecord, n: number, startedMs: number): JobRecord {
  const message = 'Request timed out after 40s'
  const started = new Date(startedMs).toISOString()
  return {
    id: `j-scenario-${recipe.id}-${n}`,
    flow_run_id: recipe.id * 10_000 + 9_000 + n,
    title: `${recipe.name.split(/ (from|in) /)[0]} (scenario failure ${n})`,
    started_at: started,
    completed_at: started,
    is_error: true,
    is_poll_error: false,
    error: message,
    error_parts: {
      adapter: recipe.trigger_application,
      error_type: 'Workato::Adapters::Error',
      message,
      error_id: `scenario${n}`,
      error_at: started,
      input: {},
      inner_message: null,
    },
    status: 'failed',
    is_repeat: false,
  }
}

/**
 * Workspace-level problems of workspaces nobody has touched, per state and customer id. Such a workspace is a pure
 * function of (seed, customer), so its problems are worked out once; a touched workspace is read live every time.
 */
const untouchedProblems = new WeakMap<EmulatorState, Map<number, HealthProblemRef[]>>()

/**
 * Every problem the emulator holds right now, by the rules of shared/domain/health-kinds.ts, ordered by customer,
 * then kind (in the enum's order), then target id. Reads each workspace without keeping it (`peekWorkspace`).
 */
export function seededTruth(state: EmulatorState): HealthProblemRef[] {
  return customerProblems(state, state.listCustomers())
}

/**
 * The same list, built a slice of customers at a time with a turn of the event loop between slices: in the app the
 * emulator shares the main process, and reading 10,000 untouched workspaces at once would hold it for a second or
 * more. `signal` stops it between slices.
 */
export async function seededTruthInSlices(state: EmulatorState, signal?: AbortSignal, sliceSize = 200): Promise<HealthProblemRef[]> {
  const customers = state.listCustomers()
  const out: HealthProblemRef[] = []
  for (let i = 0; i < customers.length; i += sliceSize) {
    signal?.throwIfAborted()
    out.push(...customerProblems(state, customers.slice(i, i + sliceSize)))
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  return out
}

function customerProblems(state: EmulatorState, customers: readonly CustomerRecord[]): HealthProblemRef[] {
  let cache = untouchedProblems.get(state)
  if (!cache) untouchedProblems.set(state, (cache = new Map()))
  const out: HealthProblemRef[] = []
  for (const c of customers) {
    const mine: HealthProblemRef[] = []
    if (isTaskUsageNearLimit(c)) mine.push({ kind: 'task_usage_near_limit', customerId: c.id, targetType: 'customer', targetId: c.id })
    if (c.in_trial) mine.push({ kind: 'trial_ending', customerId: c.id, targetType: 'customer', targetId: c.id })
    if (state.hasWorkspace(c.id)) {
      cache.delete(c.id)
      mine.push(...workspaceProblems(state, c.id, state.workspace(c)))
    } else {
      let known = cache.get(c.id)
      if (!known) cache.set(c.id, (known = workspaceProblems(state, c.id, state.peekWorkspace(c))))
      mine.push(...known)
    }
    mine.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.targetId - b.targetId)
    out.push(...mine)
  }
  return out
}

const kindOrder = (k: HealthKind): number => healthKinds.indexOf(k)

function workspaceProblems(state: EmulatorState, customerId: number, ws: Workspace): HealthProblemRef[] {
  const mine: HealthProblemRef[] = []
  const add = (kind: HealthKind, targetType: HealthProblemRef['targetType'], targetId: number): void => {
    mine.push({ kind, customerId, targetType, targetId })
  }
  // The rules are health-kinds.ts's, on the emulator's records; only failed_jobs_rising is the emulator's own: it
  // counts what `fail-jobs` added since the baseline, where a sweep compares with its previous check.
  for (const r of ws.recipes.values()) {
    if (r.running && (state.failedJobsAdded.get(r.id) ?? 0) > 0) add('failed_jobs_rising', 'recipe', r.id)
    else if (isStoppedByCause(r)) add('recipe_stopped_by_cause', 'recipe', r.id)
  }
  const used = connectionsInUse(ws.recipes.values())
  const parents = new Set<number>()
  for (const conn of ws.connections.values()) if (isRuntimeUserConnection(conn) && conn.parent_id !== null) parents.add(conn.parent_id)
  for (const conn of ws.connections.values()) {
    const kind = used.has(conn.id) ? inUseConnectionKind(conn) : null
    if (kind) add(kind, 'connection', conn.id)
    if (parents.has(conn.id) && !isConnected(conn)) add('default_connection_unauthorized_for_runtime_users', 'connection', conn.id)
  }
  return mine
}

/** Problems per kind, every kind present (0 where none): the CLI's summary line and a quick test check. */
export function countByKind(problems: readonly HealthProblemRef[]): Record<HealthKind, number> {
  const counts = Object.fromEntries(healthKinds.map((k) => [k, 0])) as Record<HealthKind, number>
  for (const p of problems) counts[p.kind]++
  return counts
}

// ---------- the command line ----------

export const scenarioArgHelp = [
  'fail-connection:CUSTOMER_ID:CONNECTION_ID[:lost]',
  'stop-recipe:CUSTOMER_ID:RECIPE_ID:CAUSE  (CAUSE: ' + documentedStopCauseSchema.options.join(', ') + ')',
  `fail-jobs:CUSTOMER_ID:RECIPE_ID:COUNT  (COUNT 1–${MAX_FAILED_JOBS_PER_SWITCH})`,
  'drop-origin:ORIGIN  (e.g. drop-origin:https://app.vendor.example)',
]

/** `--scenario fail-jobs:100023:2300105:5` → a command, or a sentence saying what is wrong with the argument. */
export function parseScenarioArg(raw: string): { ok: true; command: ScenarioCommand } | { ok: false; message: string } {
  const at = raw.indexOf(':')
  const action = at < 0 ? raw : raw.slice(0, at)
  const rest = at < 0 ? '' : raw.slice(at + 1)
  const parts = rest === '' ? [] : rest.split(':')
  const num = (s: string | undefined): number => (s !== undefined && /^\d{1,15}$/.test(s) ? Number(s) : NaN)
  let candidate: unknown
  switch (action) {
    case 'fail-connection':
      if (parts.length < 2 || parts.length > 3 || (parts[2] !== undefined && parts[2] !== 'lost'))
        return usage(raw, 'fail-connection:CUSTOMER_ID:CONNECTION_ID[:lost]')
      candidate = { action, customerId: num(parts[0]), connectionId: num(parts[1]), lost: parts[2] === 'lost' }
      break
    case 'stop-recipe':
      if (parts.length !== 3) return usage(raw, scenarioArgHelp[1] ?? '')
      candidate = { action, customerId: num(parts[0]), recipeId: num(parts[1]), cause: parts[2] }
      break
    case 'fail-jobs':
      if (parts.length !== 3) return usage(raw, scenarioArgHelp[2] ?? '')
      candidate = { action, customerId: num(parts[0]), recipeId: num(parts[1]), count: num(parts[2]) }
      break
    case 'drop-origin':
    case 'restore-origin':
      if (rest === '') return usage(raw, `${action}:ORIGIN`)
      candidate = { action, origin: rest }
      break
    default:
      return { ok: false, message: `--scenario "${raw}": unknown switch "${action}". Use one of:\n  ${scenarioArgHelp.join('\n  ')}` }
  }
  const parsed = scenarioCommandSchema.safeParse(candidate)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.') ?? 'value'
    return { ok: false, message: `--scenario "${raw}": ${field} ${issue?.message ?? 'is invalid'}.` }
  }
  return { ok: true, command: parsed.data }
}

function usage(raw: string, form: string): { ok: false; message: string } {
  return { ok: false, message: `--scenario "${raw}" is not of the form ${form}.` }
}

// ---------- over HTTP (test-only namespace) ----------

/** The test-only namespace beside /api: the same Bearer token, never reachable from a widget page (no token there). */
export const scenarioPathPrefix = '/__emulator/'

/**
 * `GET /__emulator/truth` → `{ problems, counts }`; `POST /__emulator/scenarios` with a `ScenarioCommand` body →
 * `{ summary }` or 400/404 `{ message }`. For `npm run harness` / `npm run emulator` users and out-of-process tests.
 */
export function scenarioHttpHandler(
  state: EmulatorState,
  token: () => string,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': String(Buffer.byteLength(text)),
    })
    res.end(text)
  }
  return async (req, res, url) => {
    if (!isAuthorized(req.headers, token())) return send(res, 401, { message: 'Unauthorized' })
    const path = url.pathname.slice(scenarioPathPrefix.length)
    if (path === 'truth' && req.method === 'GET') {
      const problems = seededTruth(state)
      return send(res, 200, { problems, counts: countByKind(problems) })
    }
    if (path === 'scenarios' && req.method === 'POST') {
      let body: unknown
      try {
        body = JSON.parse(await readSmallBody(req))
      } catch {
        return send(res, 400, {
          message: 'The body must be a JSON scenario command, e.g. {"action":"fail-jobs","customerId":100023,"recipeId":2311501,"count":3}.',
        })
      }
      const parsed = scenarioCommandSchema.safeParse(body)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return send(res, 400, { message: `Invalid scenario command: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}.` })
      }
      const result = runScenario(state, parsed.data)
      return result.ok ? send(res, 200, { summary: result.summary }) : send(res, result.code === 'not_found' ? 404 : 400, { message: result.message })
    }
    return send(res, 404, { message: 'Not found: use GET /__emulator/truth or POST /__emulator/scenarios.' })
  }
}

async function readSmallBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > 10_000) throw new Error('body too large')
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}
