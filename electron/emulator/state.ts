/**
 * The emulator's in-memory store: the partner account (vendor id, origins, signing key), the customers, their
 * lazily generated workspaces, and the bookkeeping the widget needs (used jti values, widget sessions).
 * Tests get it as `handle.state` to read or arrange data directly.
 */
import type { KeyObject } from 'node:crypto'
import { customerIdFor, makeCustomer, makeJobs, makeWorkspace, ownerSeqOfSeededId, seqForCustomerId } from './seed'
import type { ConnectionRecord, CustomerRecord, FolderRecord, JobRecord, RecipeRecord, Workspace } from './records'
import { environmentNames, MemberStore, type EnvironmentName } from './members'

export interface WidgetSession {
  id: string
  customerId: number
  connectionId: number
  /** The one origin the page may post to (§8.4). */
  origin: string
  /** OAuth `state` for the consent popup; binds the popup to this widget page. */
  oauthState: string
  expiresAt: number
}

export class EmulatorState {
  readonly seed: number
  readonly seededCustomers: number
  vendorId: string
  vendorOrigins: string[]
  publicKey: KeyObject | null = null
  publicKeyPem: string | null = null
  private readonly customers = new Map<number, CustomerRecord>()
  private readonly byExternalId = new Map<string, number>()
  private readonly workspaces = new Map<number, Workspace>()
  /** Owner customer of API-created folders/connections/recipes (seeded ids encode their owner). */
  private readonly createdOwner = { folder: new Map<number, number>(), connection: new Map<number, number>(), recipe: new Map<number, number>() }
  private nextSeq: number
  private nextId = 50_000_000
  /** jti → time it may be reused (reference §7.2: once within 10 minutes). */
  readonly usedJtis = new Map<string, number>()
  readonly widgetSessions = new Map<string, WidgetSession>()
  /**
   * Failed jobs added by the `fail-jobs` scenario, per recipe id, since the start or the last `resetBaseline()`:
   * what makes `failed_jobs_rising` true (a rise needs an earlier observation; the seed alone has none).
   */
  readonly failedJobsAdded = new Map<number, number>()
  private readonly untouchedCounts = new Map<number, { active_connection_count: number; active_recipe_count: number }>()
  /** Origins a `drop-origin` scenario withdrew: re-adding them (a widget attempt registering its host) is ignored. */
  readonly droppedOrigins = new Set<string>()
  /** Members (§2.7) and Embedded Environments (§5.6) per customer. */
  readonly members: MemberStore

  constructor(opts: { seed: number; customers: number; vendorId: string; vendorOrigins: string[] }) {
    this.seed = opts.seed
    this.seededCustomers = opts.customers
    this.vendorId = opts.vendorId
    this.vendorOrigins = [...opts.vendorOrigins]
    for (let seq = 1; seq <= opts.customers; seq++) this.insertCustomer(makeCustomer(opts.seed, seq))
    this.nextSeq = opts.customers + 1
    this.members = new MemberStore({
      seed: opts.seed,
      seqOf: (id) => {
        const seq = seqForCustomerId(id)
        return seq >= 1 && seq <= this.seededCustomers ? seq : null
      },
      newId: () => this.newId(),
    })
  }

  private insertCustomer(c: CustomerRecord): void {
    this.customers.set(c.id, c)
    if (c.external_id !== null) this.byExternalId.set(c.external_id, c.id)
  }

  // ---------- customers (§2) ----------

  /** Customers in ascending id order (the list order the API uses, inferred). */
  listCustomers(): CustomerRecord[] {
    return [...this.customers.values()]
  }

  customerCount(): number {
    return this.customers.size
  }

  /** A customer, or the TEST/PROD workspace of a customer with environments (§5.6). */
  getCustomer(id: number): CustomerRecord | undefined {
    return this.customers.get(id) ?? this.members.environmentRecord(id)
  }

  customerByExternalId(externalId: string): CustomerRecord | undefined {
    const id = this.byExternalId.get(externalId)
    return id === undefined ? undefined : this.customers.get(id)
  }

  /**
   * Resolves a decoded `managed_user_id` path segment or JWT `sub` segment: digits = Workato id,
   * `E…` = external id (reference §1.3). The caller has already percent-decoded it.
   */
  resolveCustomer(segment: string): CustomerRecord | undefined {
    if (/^\d+$/.test(segment)) return this.getCustomer(Number(segment))
    if (segment.startsWith('E') && segment.length > 1) {
      const byExternal = this.customerByExternalId(segment.slice(1))
      if (byExternal) return byExternal
    }
    return this.resolveEnvironment(segment)
  }

  /** §5.6: `<customer>_dev`, `_test`, `_prod` name one of a provisioned customer's environment workspaces. */
  private resolveEnvironment(segment: string): CustomerRecord | undefined {
    const m = /^(.+)_(dev|test|prod)$/.exec(segment)
    if (!m) return undefined
    const base = this.resolveCustomer(m[1] ?? '')
    const ids = base ? this.members.environments(base) : null
    if (!base || !ids) return undefined
    const env = (environmentNames as readonly string[]).includes(m[2] ?? '') ? (m[2] as EnvironmentName) : 'dev'
    return this.getCustomer(ids[env])
  }

  createCustomer(fields: Omit<CustomerRecord, 'id' | 'created_at' | 'updated_at'>): CustomerRecord {
    const now = new Date().toISOString()
    const c: CustomerRecord = { ...fields, id: customerIdFor(this.nextSeq++), created_at: now, updated_at: now }
    this.insertCustomer(c)
    return c
  }

  /** Re-indexes the external id after an update changed it. */
  reindexExternalId(c: CustomerRecord, previous: string | null): void {
    if (previous !== null && this.byExternalId.get(previous) === c.id) this.byExternalId.delete(previous)
    if (c.external_id !== null) this.byExternalId.set(c.external_id, c.id)
  }

  deleteCustomer(c: CustomerRecord): void {
    this.customers.delete(c.id)
    if (c.external_id !== null && this.byExternalId.get(c.external_id) === c.id) this.byExternalId.delete(c.external_id)
    this.workspaces.delete(c.id)
  }

  // ---------- workspaces (lazy) ----------

  workspace(c: CustomerRecord): Workspace {
    let ws = this.workspaces.get(c.id)
    if (!ws) {
      const seq = seqForCustomerId(c.id)
      if (seq >= 1 && seq <= this.seededCustomers) ws = makeWorkspace(this.seed, seq, c)
      else {
        const homeId = this.newId()
        const home: FolderRecord = { id: homeId, name: 'Home', parent_id: null, created_at: c.created_at, updated_at: c.created_at }
        ws = {
          customerId: c.id,
          homeFolderId: homeId,
          folders: new Map([[homeId, home]]),
          connections: new Map(),
          recipes: new Map(),
          jobs: new Map(),
        }
        this.createdOwner.folder.set(homeId, c.id)
      }
      this.workspaces.set(c.id, ws)
    }
    return ws
  }

  /**
   * A customer's workspace without keeping it: the stored one when it was touched, else a freshly generated copy
   * (the same data, since generation is deterministic). The truth (scenarios.ts) reads every customer this way so a
   * 10,000-customer Sandbox does not keep 10,000 workspaces in memory for it.
   */
  peekWorkspace(c: CustomerRecord): Workspace {
    const stored = this.workspaces.get(c.id)
    if (stored) return stored
    const seq = seqForCustomerId(c.id)
    return seq >= 1 && seq <= this.seededCustomers ? makeWorkspace(this.seed, seq, c) : this.workspace(c)
  }

  /**
   * §2.4 `active_connection_count` (authorised connections a person made; runtime user connections not counted,
   * inferred) and `active_recipe_count` (running recipes). A list page carries them for every customer, so an
   * untouched workspace's counts are worked out once and kept (two numbers), not the workspace itself.
   */
  activeCounts(c: CustomerRecord): { active_connection_count: number; active_recipe_count: number } {
    if (this.workspaces.has(c.id)) {
      this.untouchedCounts.delete(c.id)
      return countActive(this.workspace(c))
    }
    let counts = this.untouchedCounts.get(c.id)
    if (!counts) this.untouchedCounts.set(c.id, (counts = countActive(this.peekWorkspace(c))))
    return counts
  }

  /** Whether a customer's workspace has been generated and kept (touched by the API, the widget or a switch). */
  hasWorkspace(customerId: number): boolean {
    return this.workspaces.has(customerId)
  }

  /** How many workspaces have been generated so far (the bench reports it). */
  materializedWorkspaces(): number {
    return this.workspaces.size
  }

  newId(): number {
    return this.nextId++
  }

  recordCreated(kind: 'folder' | 'connection' | 'recipe', id: number, customerId: number): void {
    this.createdOwner[kind].set(id, customerId)
  }

  /** The customer that owns a connection id anywhere in the account, if the connection exists. */
  connectionOwner(connectionId: number): CustomerRecord | undefined {
    const ownerId = this.createdOwner.connection.get(connectionId) ?? this.seededOwnerId(connectionId)
    if (ownerId === undefined) return undefined
    const owner = this.customers.get(ownerId)
    if (!owner) return undefined
    return this.workspace(owner).connections.has(connectionId) ? owner : undefined
  }

  private seededOwnerId(id: number): number | undefined {
    const seq = ownerSeqOfSeededId(id, this.seededCustomers)
    return seq === null ? undefined : customerIdFor(seq)
  }

  // ---------- jobs (§4.6) ----------

  jobs(ws: Workspace, recipe: RecipeRecord): JobRecord[] {
    let list = ws.jobs.get(recipe.id)
    if (!list) {
      list = makeJobs(this.seed, recipe)
      ws.jobs.set(recipe.id, list)
    }
    return list
  }

  // ---------- helpers other modules share ----------

  runningRecipesUsing(ws: Workspace, connectionId: number): RecipeRecord[] {
    return [...ws.recipes.values()].filter((r) => r.running && r.config.some((s) => s.account_id === connectionId))
  }

  setConnected(conn: ConnectionRecord, connected: boolean, error: string | null = null): void {
    const now = new Date().toISOString()
    conn.updated_at = now
    if (connected) {
      conn.authorization_status = 'success'
      conn.authorized_at = now
      conn.authorization_error = null
      conn.connection_lost_at = null
      conn.connection_lost_reason = null
    } else if (error !== null) {
      conn.authorization_status = 'failed'
      conn.authorization_error = error
    } else {
      // A plain disconnect: back to the shell state (§3.6).
      conn.authorization_status = null
      conn.authorization_error = null
      conn.authorized_at = null
    }
  }
}

function countActive(ws: Workspace): { active_connection_count: number; active_recipe_count: number } {
  let connections = 0
  let recipes = 0
  for (const c of ws.connections.values()) if (!c.runtime && c.authorization_status === 'success') connections++
  for (const r of ws.recipes.values()) if (r.running) recipes++
  return { active_connection_count: connections, active_recipe_count: recipes }
}
