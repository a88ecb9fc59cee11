/**
 * Deterministic fixtures. Customers are made up front (cheap rows); each customer's workspace (folders,
 * connections, runtime connections, recipes) is made on first touch, and each recipe's jobs on first read, all
 * from streams seeded by (seed, customer, purpose), so 10,000 customers cost little and every run with the same
 * seed sees the same data no matter which customer is touched first.
 *
 * Id scheme (stable per seed): customer #i has id 100000 + i. Seeded folders, connections and recipes of
 * customer #i get ids i * 100 + k (k < 100) in their own id spaces, so the owner of any seeded id can be found
 * without generating every workspace. Objects created through the API take ids from counters far above that.
 */
import { chance, int, mixSeed, mulberry32, pick, token, type Rng } from './prng'
import { JOB_ERRORS, jobErrorParts } from './job-errors'
import { findProvider, seededProviderKeys } from './providers'
import type { ConnectionRecord, CustomerRecord, FolderRecord, JobRecord, RecipeRecord, RecipeSlot, Workspace } from './records'

export const customerIdBase = 100_000
export const seededIdsPerCustomer = 100
/**
 * Recipes beyond a customer's first few (the paging customers, `extraRecipeCount`) live in their own id space,
 * above every `seq * 100 + k` id and below the ids the API hands out (50,000,000 on), so no two customers share one.
 */
export const extraRecipeIdBase = 20_000_000
export const extraRecipeIdsPerCustomer = 500
/** The largest seeded fleet: `extraRecipeIdBase + maxSeededCustomers * extraRecipeIdsPerCustomer` stays below the API's ids. */
export const maxSeededCustomers = 50_000
/** Fixed "now" for fixtures so timestamps do not change between runs. */
const fixtureEpoch = Date.parse('2026-11-01T09:00:00.000Z')
const hour = 3_600_000
const day = 24 * hour

const companyWords = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Wonka',
  'Stark',
  'Wayne',
  'Cyberdyne',
  'Aperture',
  'Massive',
  'Oscorp',
  'Pied Piper',
  'Duff',
  'Gringotts',
  'Monarch',
  'Nakatomi',
]
const companySuffixes = ['Corp', 'Logistics', 'Health', 'Labs', 'GmbH', 'KK', 'Retail', 'Foods', 'Energy', 'Bank', 'Studios', 'Freight']
const plans = ['oem_plan', 'oem_plan', 'business_yearly', 'enterprise', 'free'] as const
const timeZones = ['Pacific Time (US & Canada)', 'Eastern Time (US & Canada)', 'London', 'Berlin', 'Tokyo', 'Singapore', 'Sydney']
const folderNames = ['Sales ops', 'Support', 'Finance', 'Onboarding', 'Marketing', 'Data sync']
const tagPool = ['production', 'crm', 'billing', 'pilot', 'eu', 'legacy']
const failureReasons = {
  oauth: [
    'Refresh token expired or revoked (invalid_grant)',
    'Insufficient privileges: the user lacks the API Enabled permission',
    'Access was revoked by the user in the app settings',
  ],
  api_key: ['Invalid credentials: 401 Unauthorized', 'Host not found: getaddrinfo ENOTFOUND', 'API token expired: 401 Unauthorized'],
}
const recipeVerbs = ['Sync', 'Create', 'Update', 'Notify on', 'Archive', 'Mirror']
const recipeObjects = ['new opportunities', 'closed tickets', 'invoices', 'contacts', 'issues', 'orders', 'deals']
const stopCauses = ['trigger_errors_limit', 'action_quota_limit', 'trial_expired', 'txn_quota_limit'] as const

/**
 * How many recipes customer #seq has beyond its own 1–8, so that paging is exercised at fleet scale: every 100th
 * customer (seq 23, 123, …) gets 11–40 more (over the 10 a recipes page holds by default, §4.2), and every 1,000th
 * (seq 137, 1137, …) 101–180 more (over the 100 a page can hold). Fixed positions, so even the small browser-test
 * Sandbox (250 customers) has both.
 */
export function extraRecipeCount(seed: number, seq: number): number {
  if (seq % 1000 === 137) return int(mulberry32(mixSeed(seed, seq, 9)), 101, 180)
  if (seq % 100 === 23) return int(mulberry32(mixSeed(seed, seq, 9)), 11, 40)
  return 0
}

export function customerIdFor(seq: number): number {
  return customerIdBase + seq
}

export function seqForCustomerId(id: number): number {
  return id - customerIdBase
}

/** Which customer (by seq) a seeded folder/connection/recipe id belongs to, or null for API-created ids. */
export function ownerSeqOfSeededId(id: number, seededCustomers: number): number | null {
  const seq = Math.floor(id / seededIdsPerCustomer)
  return seq >= 1 && seq <= seededCustomers ? seq : null
}

const isoDayPrefix = new Map<number, string>()
const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/**
 * `new Date(ms).toISOString()` for whole-millisecond times from 1970 on, with the date part cached per day: the
 * fixtures format a few dozen timestamps per workspace, and Date's formatter was the largest single cost of
 * generating every workspace of a 10,000-customer Sandbox (its truth reads them all). A unit test compares the two.
 */
export function iso(ms: number): string {
  const dayNo = Math.floor(ms / day)
  let prefix = isoDayPrefix.get(dayNo)
  if (prefix === undefined) {
    prefix = new Date(dayNo * day).toISOString().slice(0, 11)
    isoDayPrefix.set(dayNo, prefix)
  }
  const t = ms - dayNo * day
  return `${prefix}${pad(Math.floor(t / hour), 2)}:${pad(Math.floor(t / 60_000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}Z`
}

function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/** External ids deliberately include `:`, `/` and spaces (reference §1.3: `E` + URL-encoded). */
function externalIdFor(rng: Rng, seq: number): string | null {
  const r = rng()
  if (r < 0.1) return null
  if (r < 0.2) return `AM10:XV${seq}`
  if (r < 0.3) return `acme/eu/${seq}`
  if (r < 0.37) return `Tenant ${seq}`
  if (r < 0.42) return `crm:${seq}/a b`
  return `cust-${String(seq).padStart(5, '0')}`
}

export function makeCustomer(seed: number, seq: number): CustomerRecord {
  const rng = mulberry32(mixSeed(seed, seq, 1))
  const name = `${pick(rng, companyWords)} ${pick(rng, companySuffixes)}${seq > 40 ? ` ${seq}` : ''}`
  const slug = slugify(name)
  const plan = pick(rng, plans)
  const created = fixtureEpoch - int(rng, 30, 900) * day - int(rng, 0, 86_000) * 1000
  const updated = created + int(rng, 0, 25) * day
  const hasOrigin = chance(rng, 0.25)
  const taskLimit = plan === 'free' ? 1000 : pick(rng, [50_000, 100_000, 250_000])
  return {
    id: customerIdFor(seq),
    external_id: externalIdFor(rng, seq),
    name,
    notification_email: `ops@${slug}.example`,
    error_notification_emails: chance(rng, 0.3) ? `alerts@${slug}.example` : null,
    admin_notification_emails: null,
    plan_id: plan,
    in_trial: plan === 'free' ? chance(rng, 0.5) : false,
    trial: plan === 'free',
    origin_url: hasOrigin ? `https://${slug}.vendor.example` : null,
    frame_ancestors: null,
    whitelisted_apps: [],
    time_zone: pick(rng, timeZones),
    task_limit: taskLimit,
    task_count: int(rng, 0, taskLimit),
    created_at: iso(created),
    updated_at: iso(updated),
  }
}

type ConnState = 'connected' | 'shell' | 'failed'

function applyState(c: ConnectionRecord, state: ConnState, rng: Rng, at: number): void {
  if (state === 'connected') {
    c.authorization_status = 'success'
    c.authorized_at = iso(at)
  } else if (state === 'failed') {
    c.authorization_status = 'failed'
    c.authorization_error = pick(rng, failureReasons[findProvider(c.provider)?.kind ?? 'api_key'])
    c.authorized_at = iso(at)
    if (chance(rng, 0.6)) {
      c.connection_lost_at = iso(at + int(rng, 1, 20) * day)
      c.connection_lost_reason = c.authorization_error
    }
  }
}

function seededInput(provider: string, customerSlug: string): Record<string, unknown> {
  const p = findProvider(provider)
  if (!p || p.kind === 'oauth') return {}
  const input: Record<string, unknown> = {}
  for (const f of p.fields) input[f.name] = f.secret ? 'seeded-secret' : `${customerSlug}-${f.name}`
  return input
}

/** Builds customer #seq's workspace. Same seed + seq → identical workspace. */
export function makeWorkspace(seed: number, seq: number, customer: CustomerRecord): Workspace {
  const rng = mulberry32(mixSeed(seed, seq, 2))
  const base = seq * seededIdsPerCustomer
  const created = Date.parse(customer.created_at)
  const slug = slugify(customer.name)
  const ws: Workspace = {
    customerId: customer.id,
    homeFolderId: base,
    folders: new Map(),
    connections: new Map(),
    recipes: new Map(),
    jobs: new Map(),
  }

  // §5.1 folders: Home plus a few children (and one grandchild, below).
  const home: FolderRecord = { id: base, name: 'Home', parent_id: null, created_at: customer.created_at, updated_at: customer.created_at }
  ws.folders.set(home.id, home)
  const folderCount = int(rng, 1, 4)
  const folderIds = [home.id]
  for (let k = 1; k <= folderCount; k++) {
    const at = iso(created + k * hour)
    const f: FolderRecord = {
      id: base + k,
      name: folderNames[(seq + k) % folderNames.length] ?? 'Projects',
      parent_id: home.id,
      created_at: at,
      updated_at: at,
    }
    ws.folders.set(f.id, f)
    folderIds.push(f.id)
  }
  // One nested level where there is room (real workspaces nest projects), with no draw from the PRNG so the rest of
  // the workspace is unchanged by it.
  const outer = ws.folders.get(base + 1)
  if (folderCount >= 2 && outer) {
    const at = iso(created + (folderCount + 1) * hour)
    const f: FolderRecord = { id: base + folderCount + 1, name: 'Archive', parent_id: outer.id, created_at: at, updated_at: at }
    ws.folders.set(f.id, f)
  }

  // §3.3 connections: ids base+1.. ; runtime children (§9) follow their parents.
  let nextConn = base + 1
  const topCount = int(rng, 2, 8)
  const seen = new Map<string, number>()
  for (let k = 0; k < topCount && nextConn < base + 60; k++) {
    const provider = pick(rng, seededProviderKeys)
    const title = findProvider(provider)?.title ?? provider
    const n = (seen.get(provider) ?? 0) + 1
    seen.set(provider, n)
    const at = created + int(rng, 1, 60) * day
    const r = rng()
    const state: ConnState = r < 0.62 ? 'connected' : r < 0.84 ? 'shell' : 'failed'
    const c: ConnectionRecord = {
      id: nextConn++,
      name: `${customer.name} ${title}${n > 1 ? ` ${n}` : ''}`,
      provider,
      description: null,
      authorized_at: null,
      authorization_status: null,
      authorization_error: null,
      created_at: iso(at),
      updated_at: iso(at + int(rng, 0, 30) * day),
      external_id: null,
      folder_id: pick(rng, folderIds),
      parent_id: null,
      connection_lost_at: null,
      connection_lost_reason: null,
      tags: tagPool.filter(() => chance(rng, 0.25)),
      input: state === 'shell' ? {} : seededInput(provider, slug),
      runtime: false,
    }
    applyState(c, state, rng, at)
    ws.connections.set(c.id, c)
  }
  const parents = [...ws.connections.values()].filter((c) => c.authorization_status === 'success' && findProvider(c.provider)?.kind === 'oauth')
  for (const parent of parents) {
    const children = chance(rng, 0.5) ? int(rng, 1, 3) : 0
    for (let u = 1; u <= children && nextConn < base + 99; u++) {
      const at = Date.parse(parent.created_at) + int(rng, 1, 30) * day
      const c: ConnectionRecord = {
        ...parent,
        id: nextConn++,
        name: `${parent.name} (user ${u})`,
        authorized_at: null,
        authorization_status: null,
        authorization_error: null,
        connection_lost_at: null,
        connection_lost_reason: null,
        created_at: iso(at),
        updated_at: iso(at),
        external_id: `user-${u}@${slug}.example`,
        parent_id: parent.id,
        tags: [],
        input: {},
        runtime: true,
      }
      applyState(c, chance(rng, 0.8) ? 'connected' : 'failed', rng, at)
      ws.connections.set(c.id, c)
    }
  }

  // §4.3 recipes with connector slots, some unbound.
  const top = [...ws.connections.values()].filter((c) => !c.runtime)
  const recipeCount = int(rng, 1, 8)
  for (let k = 1; k <= recipeCount; k++) addRecipe(rng, seed, ws, customer, base + k, top, folderIds)
  // Fleet-scale paging (§4.2: 10 per page by default, 100 at most): a few customers have more than 10 or more than
  // 100 recipes. Their own stream and id space, so every other customer's data is unchanged by them.
  const extra = extraRecipeCount(seed, seq)
  if (extra > 0) {
    const xrng = mulberry32(mixSeed(seed, seq, 8))
    const xbase = extraRecipeIdBase + seq * extraRecipeIdsPerCustomer
    for (let k = 1; k <= extra; k++) addRecipe(xrng, seed, ws, customer, xbase + k, top, folderIds)
  }
  applySeededProblems(seed, seq, ws)
  return ws
}

/**
 * The fleet's connection problems, on top of what the plain seed already holds (recipes stopped with each
 * documented cause, running recipes with failed jobs, task usage up to the limit, trials). Drawn from the
 * customer's own stream (purpose 7) after everything else, so no other seeded value moves:
 * - 5% of customers: a connection a running recipe uses is no longer authorised (§3.3 `authorization_status`
 *   `failed` with an `authorization_error`); the recipe keeps running, as it does in Workato until its trigger fails;
 * - 4%: such a connection was lost instead (`connection_lost_at`, `connection_lost_reason`);
 * - 6% (where runtime user connections exist, §9): the default connection they hang under is not authorised.
 * `scenarios.ts` (`seededTruth`) reads the result back as the list of problems a sweep must find.
 */
function applySeededProblems(seed: number, seq: number, ws: Workspace): void {
  const rng = mulberry32(mixSeed(seed, seq, 7))
  const roll = rng()
  const used: ConnectionRecord[] = []
  for (const r of ws.recipes.values()) {
    if (!r.running) continue
    for (const slot of r.config) {
      const c = slot.account_id === null ? undefined : ws.connections.get(slot.account_id)
      if (c && !used.includes(c)) used.push(c)
    }
  }
  if (roll < 0.09 && used.length > 0) {
    const c = pick(rng, used)
    const error = pick(rng, failureReasons[findProvider(c.provider)?.kind ?? 'api_key'])
    c.authorization_status = 'failed'
    c.authorization_error = error
    if (roll >= 0.05) {
      c.connection_lost_at = iso(fixtureEpoch - int(rng, 1, 72) * hour)
      c.connection_lost_reason = error
    } else {
      c.connection_lost_at = null
      c.connection_lost_reason = null
    }
  }
  const parentIds = new Set([...ws.connections.values()].filter((c) => c.runtime && c.parent_id !== null).map((c) => c.parent_id))
  const parents = [...ws.connections.values()].filter((c) => parentIds.has(c.id))
  if (rng() < 0.06 && parents.length > 0) {
    const p = pick(rng, parents)
    p.authorization_status = 'failed'
    p.authorization_error = pick(rng, failureReasons.oauth)
  }
}

/** One seeded recipe (§4.3) drawn from `rng`; the draw order is fixed so the same seed builds the same recipe. */
function addRecipe(rng: Rng, seed: number, ws: Workspace, customer: CustomerRecord, id: number, top: ConnectionRecord[], folderIds: number[]): void {
  const created = Date.parse(customer.created_at)
  const slotCount = int(rng, 1, 3)
  const slots: RecipeSlot[] = []
  for (let s = 0; s < slotCount; s++) {
    const candidate = chance(rng, 0.8) && top.length ? pick(rng, top) : null
    const provider = candidate?.provider ?? pick(rng, seededProviderKeys)
    if (slots.some((x) => x.provider === provider)) continue
    const bound = candidate && !chance(rng, 0.1) ? candidate.id : null
    slots.push({ keyword: 'application', name: provider, provider, skip_validation: false, account_id: bound })
  }
  const startable = slots.every((s) => s.account_id !== null && ws.connections.get(s.account_id)?.authorization_status === 'success')
  const running = startable && chance(rng, 0.65)
  const at = created + int(rng, 1, 90) * day
  const lastRun = fixtureEpoch - int(rng, 1, 72 * 60) * 60_000
  const firstApp = slots[0]?.provider ?? 'scheduler'
  const titleA = findProvider(firstApp)?.title ?? firstApp
  const lastSlot = slots[slots.length - 1]
  const titleB = lastSlot ? (findProvider(lastSlot.provider)?.title ?? lastSlot.provider) : titleA
  const succeeded = int(rng, 0, 5000)
  const failed = int(rng, 0, 300)
  const recipe: RecipeRecord = {
    id,
    user_id: customer.id,
    name:
      slots.length > 1
        ? `${pick(rng, recipeVerbs)} ${pick(rng, recipeObjects)} from ${titleA} to ${titleB}`
        : `${pick(rng, recipeVerbs)} ${pick(rng, recipeObjects)} in ${titleA}`,
    description: `When something changes in ${titleA}, do the matching work in ${titleB}.`,
    created_at: iso(at),
    updated_at: iso(at + int(rng, 0, 20) * day),
    last_run_at: chance(rng, 0.9) ? iso(lastRun) : null,
    stopped_at: running ? null : iso(lastRun + int(rng, 1, 600) * 60_000),
    copy_count: int(rng, 0, 3),
    version_no: int(rng, 1, 40),
    trigger_application: firstApp,
    action_applications: slots.slice(1).map((s) => s.provider),
    applications: slots.map((s) => s.provider),
    folder_id: pick(rng, folderIds),
    running,
    job_succeeded_count: succeeded,
    job_failed_count: failed,
    lifetime_task_count: succeeded * int(rng, 1, 4),
    webhook_url: null,
    stop_cause: running || chance(rng, 0.5) ? null : pick(rng, stopCauses),
    config: slots,
    code: JSON.stringify({ number: 0, provider: firstApp, name: 'trigger', keyword: 'trigger', block: [] }),
  }
  // In a real fleet far fewer recipes are stopped by Workato (a stop_cause) than by people: keep a third of the
  // drawn causes, chosen by recipe id rather than by `rng`, so nothing drawn after this moves.
  if (recipe.stop_cause !== null && mixSeed(seed, id, 10) % 3 !== 0) recipe.stop_cause = null
  // Keep the numbers a support person sees consistent, without drawing from `rng` (later seeded data must not
  // shift): a recipe that never ran has no jobs, and lifetime counts (reference §4) are never below what its
  // recent jobs list (§4.6, its own PRNG stream seeded by recipe id) shows.
  if (recipe.last_run_at === null) {
    recipe.job_succeeded_count = 0
    recipe.job_failed_count = 0
    recipe.lifetime_task_count = 0
  } else {
    // A pending job of a running recipe may end up succeeding, so it counts with the succeeded ones.
    const { ok, bad } = jobStatusCounts(seed, recipe)
    recipe.job_succeeded_count = Math.max(recipe.job_succeeded_count, ok)
    recipe.job_failed_count = Math.max(recipe.job_failed_count, bad)
  }
  ws.recipes.set(recipe.id, recipe)
}

/**
 * How many of `makeJobs(seed, recipe)` are failed and not failed, without building them: the same draws in the same
 * order, minus the strings and dates. Every seeded recipe needs these counts, and building its jobs was most of the
 * cost of a workspace (a sweep of 10,000 customers generates every workspace). A unit test holds the two in step.
 */
export function jobStatusCounts(seed: number, recipe: RecipeRecord): { ok: number; bad: number } {
  const rng = mulberry32(mixSeed(seed, recipe.id, 3))
  const count = recipe.last_run_at ? int(rng, 0, 60) : 0
  let ok = 0
  let bad = 0
  for (let i = 0; i < count; i++) {
    const r = rng()
    const failed = !(recipe.running && i < 2 && r < 0.3) && r >= 0.82
    // duration (1) + id tokens (8 + 6) + is_repeat (1) + the gap to the next job (1); a failed job also draws its
    // message (1), error id (12) and input record id (1).
    const draws = 1 + 8 + 6 + 1 + 1 + (failed ? 14 : 0)
    for (let d = 0; d < draws; d++) rng()
    if (failed) bad++
    else ok++
  }
  return { ok, bad }
}

/** §4.6 jobs for one recipe, newest first, string ids `j-…`. Seeded by recipe id so order of access does not matter. */
export function makeJobs(seed: number, recipe: RecipeRecord): JobRecord[] {
  const rng = mulberry32(mixSeed(seed, recipe.id, 3))
  const count = recipe.last_run_at ? int(rng, 0, 60) : 0
  const jobs: JobRecord[] = []
  let t = recipe.last_run_at ? Date.parse(recipe.last_run_at) : fixtureEpoch
  const adapter = recipe.trigger_application
  for (let i = 0; i < count; i++) {
    const r = rng()
    // Only the newest jobs of a running recipe can still be pending.
    const status: JobRecord['status'] = recipe.running && i < 2 && r < 0.3 ? 'pending' : r < 0.82 ? 'succeeded' : 'failed'
    const started = t
    const duration = int(rng, 200, 90_000)
    const id = `j-${token(rng, 8)}-${token(rng, 6)}`
    const failure = status === 'failed' ? pick(rng, JOB_ERRORS) : null
    const errorMsg = failure ? failure.message : null
    jobs.push({
      id,
      flow_run_id: recipe.id * 10_000 + (count - i),
      title: `${recipe.name.split(/ (from|in) /)[0]} #${count - i}`,
      started_at: iso(started),
      completed_at: status === 'pending' ? null : iso(started + duration),
      is_error: status === 'failed',
      is_poll_error: false,
      error: errorMsg,
      // Same PRNG draws as before job-errors.ts (error id, then record id), so seeded lists stay as they were.
      error_parts: failure ? jobErrorParts(failure, adapter, token(rng, 12), iso(started + duration), int(rng, 1000, 99999)) : null,
      status,
      is_repeat: chance(rng, 0.05),
    })
    t -= int(rng, 1, 240) * 60_000
  }
  return jobs
}
