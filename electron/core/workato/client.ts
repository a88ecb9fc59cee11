/**
 * The typed Embedded API client: every call the console makes to a partner's Workato account, with each
 * endpoint family's envelope typed separately (reference §1.4) and every response parsed with the domain schemas.
 */
import { z } from 'zod'
import { appError, isAppError } from '../../../shared/errors'
import {
  connectionSchema,
  customerSchema,
  folderSchema,
  jobListSchema,
  jobSchema,
  recipeSchema,
  type Connection,
  type ConnectionCreate,
  type ConnectionFilters,
  type ConnectionUpdate,
  type Customer,
  type CustomerInput,
  type CustomerUpdate,
  type Folder,
  type Job,
  type JobList,
  type JobStatus,
  type Recipe,
  type RecipeStartResult,
} from '../../../shared/domain/workato'
import { packageSchema, type Package } from '../../../shared/domain/flows'
import { memberSchema, type Member } from '../../../shared/domain/members'
import { customerSegment, type CustomerRef } from '../../../shared/domain/customer-ref'
import { ApiHttp, type HttpOptions, type QueryValue } from './http'
import { collectPages, paginate } from './pagination'
import { describeStartErrors } from './start-errors'
import { createConnectionReconciled, createCustomerReconciled, type Created } from './reconcile'

const resultOf = <T extends z.ZodType>(item: T) => z.object({ result: z.array(item) })
/** §1.4: recipe lists come as `{result}` today and as `{items}` in older docs; accept both. */
const recipeListSchema = z.union([z.object({ result: z.array(recipeSchema) }), z.object({ items: z.array(recipeSchema) })])
const startResponseSchema = z.looseObject({
  success: z.boolean(),
  code_errors: z.unknown().optional(),
  config_errors: z.unknown().optional(),
})
const anyBody = z.unknown()

export const CUSTOMERS_PER_PAGE = 100 // §2.5 maximum
export const RECIPES_PER_PAGE = 100 // §4.2: default 10, maximum 100
export const FOLDERS_PER_PAGE = 100
/** §4.6: at most 25 job ids per repeat_jobs request. */
export const REPEAT_JOBS_MAX = 25
/** Members: `page`/`per_page` as for customers (§2.1 lists the call; no paging row in §6.3, so inferred). */
export const MEMBERS_PER_PAGE = 100
/** The folder picker's bounds: a workspace deeper or larger than this is shown in part, and says so. */
export const FOLDER_TREE_MAX = 500
export const FOLDER_TREE_DEPTH = 8
const MAX_CONCURRENCY = 10

export interface RecipeQuery {
  running?: boolean
  stopCause?: string
  folderId?: number | string
  sinceId?: number
}

export interface JobQuery {
  status?: JobStatus
  offsetJobId?: string
  prev?: boolean
}

export interface ListOptions {
  signal?: AbortSignal
  /** Pages in flight at once; default chosen from the family's rate limit. */
  concurrency?: number
  onPage?: (items: number, soFar: number) => void
}

export class EmbeddedApiClient {
  readonly http: ApiHttp
  private readonly limiterOf: HttpOptions['limiter']

  constructor(opts: HttpOptions) {
    this.http = new ApiHttp(opts)
    this.limiterOf = opts.limiter ?? null
  }

  // ---------------------------------------------------------------- customers (§2)

  listCustomersPage(page: number, opts: { perPage?: number; signal?: AbortSignal } = {}): Promise<Customer[]> {
    return this.http
      .request({
        method: 'GET',
        path: '/managed_users',
        query: { page, per_page: opts.perPage ?? CUSTOMERS_PER_PAGE },
        schema: resultOf(customerSchema),
        idempotent: true,
        signal: opts.signal,
      })
      .then((b) => b.result)
  }

  /**
   * Every customer, page by page in order. Pages after the first are fetched `k` at a time: listing is limited
   * to 60 calls a minute for the whole account, so k is a sixth of the window (at most 10), which keeps the
   * calls wasted past the last page small while the limiter spends the rest of the window at once.
   */
  iterateCustomers(opts: ListOptions & { perPage?: number } = {}): AsyncGenerator<Customer[], void, undefined> {
    const perPage = opts.perPage ?? CUSTOMERS_PER_PAGE
    return paginate((page, signal) => this.listCustomersPage(page, { perPage, signal }), {
      perPage,
      concurrency: opts.concurrency ?? this.concurrencyFor('customers'),
      signal: opts.signal,
    })
  }

  listAllCustomers(opts: ListOptions & { perPage?: number } = {}): Promise<Customer[]> {
    return collectPages(this.iterateCustomers(opts), (items, soFar) => opts.onPage?.(items.length, soFar))
  }

  getCustomer(ref: CustomerRef, signal?: AbortSignal): Promise<Customer> {
    return this.http.request({ method: 'GET', path: `/managed_users/${customerSegment(ref)}`, schema: customerSchema, idempotent: true, signal })
  }

  createCustomer(input: CustomerInput, signal?: AbortSignal): Promise<Customer> {
    return this.createCustomerChecked(input, signal).then((r) => r.value)
  }

  /** As createCustomer, and says when the answer was cut off and the customer was found by looking it up. */
  createCustomerChecked(input: CustomerInput, signal?: AbortSignal): Promise<Created<Customer>> {
    return createCustomerReconciled(
      () => this.http.request({ method: 'POST', path: '/managed_users', body: input, schema: customerSchema, idempotent: false, signal }),
      input,
      {
        getByExternalId: (externalId, s) => this.getCustomer({ externalId }, s),
        listPage: (page, s) => this.listCustomersPage(page, { signal: s }),
        perPage: CUSTOMERS_PER_PAGE,
      },
      signal,
    )
  }

  /** §2.3 partial update: only the fields present change; null clears. Sending the same body twice is harmless. */
  updateCustomer(ref: CustomerRef, patch: CustomerUpdate, signal?: AbortSignal): Promise<Customer> {
    return this.http.request({
      method: 'PUT',
      path: `/managed_users/${customerSegment(ref)}`,
      body: patch,
      schema: customerSchema,
      idempotent: true,
      signal,
    })
  }

  // ---------------------------------------------------------------- members (§2.7) and environments (§5.6)

  listMembersPage(ref: CustomerRef, page: number, opts: { perPage?: number; signal?: AbortSignal } = {}): Promise<Member[]> {
    return this.http
      .request({
        method: 'GET',
        path: `/managed_users/${customerSegment(ref)}/members`,
        query: { page, per_page: opts.perPage ?? MEMBERS_PER_PAGE },
        schema: resultOf(memberSchema),
        idempotent: true,
        signal: opts.signal,
      })
      .then((b) => b.result)
  }

  /**
   * A customer's members, page by page until a short page (§6.3), at most `max` of them: member calls share the
   * customers family's 60 a minute (§6.2), so pages go one at a time.
   */
  async listMembers(
    ref: CustomerRef,
    opts: { max: number; perPage?: number; signal?: AbortSignal },
  ): Promise<{ members: Member[]; truncated: boolean }> {
    const perPage = opts.perPage ?? MEMBERS_PER_PAGE
    const members: Member[] = []
    for await (const page of paginate((p, signal) => this.listMembersPage(ref, p, { perPage, signal }), {
      perPage,
      concurrency: 1,
      signal: opts.signal,
    })) {
      for (const m of page) {
        if (members.length >= opts.max) return { members, truncated: true }
        members.push(m)
      }
    }
    return { members, truncated: false }
  }

  /** §2.1 get member: a numeric member id or `E` + the member's external id, as in the token's `sub` (§7.2). */
  getMember(ref: CustomerRef, member: number | { externalId: string }, signal?: AbortSignal): Promise<Member> {
    const segment = typeof member === 'number' ? String(member) : customerSegment({ externalId: member.externalId })
    return this.http.request({
      method: 'GET',
      path: `/managed_users/${customerSegment(ref)}/members/${segment}`,
      schema: memberSchema,
      idempotent: true,
      signal,
    })
  }

  // ---------------------------------------------------------------- connections (§3)

  /** §3.2: filters as query parameters; `includes[]=tags` for tags. No pagination is documented. */
  listConnections(ref: CustomerRef, filters: ConnectionFilters = {}, signal?: AbortSignal): Promise<Connection[]> {
    return this.http
      .request({
        method: 'GET',
        path: `/managed_users/${customerSegment(ref)}/connections`,
        query: connectionQuery(filters),
        schema: resultOf(connectionSchema),
        idempotent: true,
        signal,
      })
      .then((b) => b.result)
  }

  /**
   * §3.1: there is no "get one connection" endpoint, so list (with runtime connections, which are hidden
   * otherwise, and tags) and pick the id. `filters` can narrow the list when the caller knows the provider.
   */
  async getConnection(ref: CustomerRef, connectionId: number, filters: ConnectionFilters = {}, signal?: AbortSignal): Promise<Connection> {
    const list = await this.listConnections(ref, { include_runtime_connections: true, include_tags: true, ...filters }, signal)
    const found = list.find((c) => c.id === connectionId)
    if (!found)
      throw appError('not_found', `Connection ${connectionId} was not found in this customer's workspace.`, {
        status: 404,
        hint: 'It may have been deleted, or it belongs to another customer. Refresh the connection list.',
      })
    return found
  }

  /** §3.4: `shell_connection: true` stores the connection without testing it; the customer authorizes it later. */
  createConnection(ref: CustomerRef, input: ConnectionCreate, signal?: AbortSignal): Promise<Connection> {
    return this.createConnectionChecked(ref, input, signal).then((r) => r.value)
  }

  /** As createConnection, and says when the answer was cut off and the connection was found by looking it up. */
  createConnectionChecked(ref: CustomerRef, input: ConnectionCreate, signal?: AbortSignal): Promise<Created<Connection>> {
    return createConnectionReconciled(
      () =>
        this.http.request({
          method: 'POST',
          path: `/managed_users/${customerSegment(ref)}/connections`,
          body: input,
          schema: connectionSchema,
          idempotent: false,
          signal,
        }),
      input,
      {
        list: (s) =>
          this.listConnections(ref, { include_runtime_connections: true, ...(input.external_id ? { external_id: input.external_id } : {}) }, s),
      },
      signal,
    )
  }

  updateConnection(ref: CustomerRef, connectionId: number, patch: ConnectionUpdate, signal?: AbortSignal): Promise<Connection> {
    return this.http.request({
      method: 'PUT',
      path: `/managed_users/${customerSegment(ref)}/connections/${connectionId}`,
      body: patch,
      schema: connectionSchema,
      idempotent: true,
      signal,
    })
  }

  /** §3.6: without `force`, Workato refuses when running recipes use the connection. Body: `{result: [...]}`. */
  disconnectConnection(ref: CustomerRef, connectionId: number, opts: { force?: boolean; signal?: AbortSignal } = {}): Promise<unknown> {
    return this.http.request({
      method: 'POST',
      path: `/managed_users/${customerSegment(ref)}/connections/${connectionId}/disconnect`,
      body: { force: opts.force ?? false },
      schema: anyBody,
      idempotent: false,
      signal: opts.signal,
    })
  }

  /** §3.7: the response body is undocumented; any JSON (or none) is accepted. */
  deleteConnection(ref: CustomerRef, connectionId: number, signal?: AbortSignal): Promise<unknown> {
    return this.http.request({
      method: 'DELETE',
      path: `/managed_users/${customerSegment(ref)}/connections/${connectionId}`,
      schema: anyBody,
      // Sent twice, a delete would answer 404 to a call that in fact succeeded: not retried once it may have landed.
      idempotent: false,
      signal,
    })
  }

  // ---------------------------------------------------------------- recipes (§4)

  listRecipesPage(ref: CustomerRef, page: number, query: RecipeQuery = {}, opts: { perPage?: number; signal?: AbortSignal } = {}): Promise<Recipe[]> {
    return this.http
      .request({
        method: 'GET',
        path: `/managed_users/${customerSegment(ref)}/recipes`,
        query: { page, per_page: opts.perPage ?? RECIPES_PER_PAGE, ...recipeQuery(query) },
        schema: recipeListSchema,
        idempotent: true,
        signal: opts.signal,
      })
      .then((b) => ('result' in b ? b.result : b.items))
  }

  iterateRecipes(
    ref: CustomerRef,
    query: RecipeQuery = {},
    opts: ListOptions & { perPage?: number } = {},
  ): AsyncGenerator<Recipe[], void, undefined> {
    const perPage = opts.perPage ?? RECIPES_PER_PAGE
    return paginate((page, signal) => this.listRecipesPage(ref, page, query, { perPage, signal }), {
      perPage,
      concurrency: opts.concurrency ?? this.concurrencyFor('recipes_list'),
      signal: opts.signal,
    })
  }

  listAllRecipes(ref: CustomerRef, query: RecipeQuery = {}, opts: ListOptions & { perPage?: number } = {}): Promise<Recipe[]> {
    return collectPages(this.iterateRecipes(ref, query, opts), (items, soFar) => opts.onPage?.(items.length, soFar))
  }

  getRecipe(ref: CustomerRef, recipeId: number, signal?: AbortSignal): Promise<Recipe> {
    return this.http.request({
      method: 'GET',
      path: `/managed_users/${customerSegment(ref)}/recipes/${recipeId}`,
      schema: recipeSchema,
      idempotent: true,
      signal,
    })
  }

  /**
   * §4.4: a refused start is HTTP 200 with `success: false` and error tuples; they come back as readable
   * problems. A 400 (invalid state transition, adapter usage limit) or 422 (webhook registration failed) is also
   * a refusal the person can read, so it becomes a problem too instead of an error.
   */
  startRecipe(ref: CustomerRef, recipeId: number, signal?: AbortSignal): Promise<RecipeStartResult> {
    return this.recipeAction(ref, recipeId, 'start', signal)
  }

  /** §4.5: 200 `{success: true}`; 400 when the recipe cannot be stopped. */
  stopRecipe(ref: CustomerRef, recipeId: number, signal?: AbortSignal): Promise<RecipeStartResult> {
    return this.recipeAction(ref, recipeId, 'stop', signal)
  }

  private async recipeAction(ref: CustomerRef, recipeId: number, action: 'start' | 'stop', signal?: AbortSignal): Promise<RecipeStartResult> {
    try {
      const body = await this.http.request({
        method: 'PUT',
        path: `/managed_users/${customerSegment(ref)}/recipes/${recipeId}/${action}`,
        schema: startResponseSchema,
        // Starting twice can register a trigger twice: never repeated once it may have reached Workato.
        idempotent: false,
        signal,
      })
      const problems = body.success ? [] : describeStartErrors(body)
      if (!body.success && problems.length === 0) problems.push(`Workato refused to ${action} the recipe and gave no reason.`)
      return { success: body.success, problems, ...(body.success ? {} : { raw: body }) }
    } catch (e) {
      if (isAppError(e) && (e.data.status === 400 || e.data.status === 422)) {
        const d = e.data.details as { workatoMessage?: string } | undefined
        return { success: false, problems: [d?.workatoMessage ?? e.message], raw: { status: e.data.status, details: e.data.details } }
      }
      throw e
    }
  }

  /**
   * §4.1: binds a stopped recipe's slots of one adapter to a connection, `{adapter_name, connection_id}`
   * (Developer API shape; Embedded path from a third-party summary). Answers `{success: true}`.
   */
  connectRecipe(ref: CustomerRef, recipeId: number, body: { adapter_name: string; connection_id: number }, signal?: AbortSignal): Promise<unknown> {
    return this.http.request({
      method: 'PUT',
      path: `/managed_users/${customerSegment(ref)}/recipes/${recipeId}/connect`,
      body,
      schema: anyBody,
      idempotent: true,
      signal,
    })
  }

  // ---------------------------------------------------------------- jobs (§4.6)

  /** Newest first; pass the last job's id as `offsetJobId` for the next (older) page. */
  listJobs(ref: CustomerRef, recipeId: number, query: JobQuery = {}, signal?: AbortSignal): Promise<JobList> {
    return this.http.request({
      method: 'GET',
      path: `/managed_users/${customerSegment(ref)}/recipes/${recipeId}/jobs`,
      query: { status: query.status, offset_job_id: query.offsetJobId, prev: query.prev },
      schema: jobListSchema,
      idempotent: true,
      signal,
    })
  }

  /** One job with its `error_parts` (§4.6). A 404 means the job, or its recipe, does not exist in this workspace. */
  getJob(ref: CustomerRef, recipeId: number, jobId: string, signal?: AbortSignal): Promise<Job> {
    return this.http.request({
      method: 'GET',
      path: `/managed_users/${customerSegment(ref)}/recipes/${recipeId}/jobs/${encodeURIComponent(jobId)}`,
      schema: jobSchema,
      idempotent: true,
      signal,
    })
  }

  /**
   * Re-runs up to 25 jobs of one recipe (§4.6), paced at one request a second by the `jobs_repeat` family. Not
   * idempotent (each accepted request starts new jobs), so it is never retried once it may have reached Workato.
   * The answer's body is not documented; a 2xx means Workato accepted every id in the request.
   */
  async repeatJobs(ref: CustomerRef, recipeId: number, jobIds: readonly string[], signal?: AbortSignal): Promise<void> {
    if (jobIds.length === 0 || jobIds.length > REPEAT_JOBS_MAX) {
      throw appError('validation', `repeat_jobs takes 1 to ${REPEAT_JOBS_MAX} job ids per request; got ${jobIds.length}.`)
    }
    await this.http.request({
      method: 'POST',
      path: `/managed_users/${customerSegment(ref)}/recipes/${recipeId}/repeat_jobs`,
      body: { job_ids: jobIds },
      schema: anyBody,
      idempotent: false,
      signal,
    })
  }

  // ---------------------------------------------------------------- folders (§5.1)

  listFoldersPage(ref: CustomerRef, page: number, opts: { parentId?: number; perPage?: number; signal?: AbortSignal } = {}): Promise<Folder[]> {
    return this.http
      .request({
        method: 'GET',
        path: `/managed_users/${customerSegment(ref)}/folders`,
        query: { page, per_page: opts.perPage ?? FOLDERS_PER_PAGE, parent_id: opts.parentId },
        schema: resultOf(folderSchema),
        idempotent: true,
        signal: opts.signal,
      })
      .then((b) => b.result)
  }

  /** Folders are limited to 60 calls a minute: fetched one page at a time. */
  listAllFolders(ref: CustomerRef, opts: { parentId?: number; signal?: AbortSignal } = {}): Promise<Folder[]> {
    return collectPages(
      paginate((page, signal) => this.listFoldersPage(ref, page, { parentId: opts.parentId, signal }), {
        perPage: FOLDERS_PER_PAGE,
        concurrency: 1,
        signal: opts.signal,
      }),
    )
  }

  /**
   * Every folder under Home, nested ones too. §5.1 lists one parent's children per call (Home when `parent_id` is
   * omitted), so this walks the tree breadth-first, one level's folders at a time, under the folders family's
   * limit. Bounded so a pathological workspace cannot run for minutes: at most `maxFolders` folders and `maxDepth`
   * levels below Home; `truncated` says whether anything was left out.
   */
  async listFolderTree(
    ref: CustomerRef,
    opts: { signal?: AbortSignal; maxFolders?: number; maxDepth?: number } = {},
  ): Promise<{ folders: Folder[]; truncated: boolean }> {
    const maxFolders = opts.maxFolders ?? FOLDER_TREE_MAX
    const maxDepth = opts.maxDepth ?? FOLDER_TREE_DEPTH
    const folders: Folder[] = []
    const seen = new Set<number>()
    let level: (number | undefined)[] = [undefined] // Home
    for (let depth = 1; level.length > 0; depth++) {
      const next: number[] = []
      for (const parentId of level) {
        for (const f of await this.listAllFolders(ref, { parentId, signal: opts.signal })) {
          if (seen.has(f.id)) continue // a cycle or a repeated page: never loop
          if (folders.length >= maxFolders) return { folders, truncated: true }
          seen.add(f.id)
          folders.push(f)
          next.push(f.id)
        }
      }
      if (depth >= maxDepth) return { folders, truncated: next.length > 0 }
      level = next
    }
    return { folders, truncated: false }
  }

  /** §5.1: a folder under `parent_id` (Home when omitted), e.g. the project folder a package is imported into. */
  createFolder(ref: CustomerRef, body: { name: string; parent_id?: number }, signal?: AbortSignal): Promise<Folder> {
    return this.http.request({
      method: 'POST',
      path: `/managed_users/${customerSegment(ref)}/folders`,
      body,
      schema: folderSchema,
      idempotent: false,
      signal,
    })
  }

  // ---------------------------------------------------------------- RLCM imports (§5.2)

  /**
   * Uploads a package zip as the raw body. Asynchronous: the answer is the package in `processing`; poll
   * `getImport` until `completed` or `failed`. Without `restartRecipes`, packages that touch running recipes fail.
   */
  importPackage(
    ref: CustomerRef,
    zip: Uint8Array<ArrayBuffer>,
    opts: { folderId: number; restartRecipes: boolean; signal?: AbortSignal },
  ): Promise<Package> {
    return this.http.request({
      method: 'POST',
      path: `/managed_users/${customerSegment(ref)}/imports`,
      query: { folder_id: opts.folderId, restart_recipes: opts.restartRecipes },
      rawBody: zip,
      schema: packageSchema,
      // A second upload would be a second import.
      idempotent: false,
      signal: opts.signal,
    })
  }

  getImport(ref: CustomerRef, packageId: number, signal?: AbortSignal): Promise<Package> {
    return this.http.request({
      method: 'GET',
      path: `/managed_users/${customerSegment(ref)}/imports/${packageId}`,
      schema: packageSchema,
      idempotent: true,
      signal,
    })
  }

  private concurrencyFor(family: 'customers' | 'recipes_list'): number {
    // The share this console allows itself (call-pacer.ts), not the whole documented limit.
    const allowed = this.limiterOf?.allowedOf(family) ?? Number.POSITIVE_INFINITY
    if (!Number.isFinite(allowed)) return MAX_CONCURRENCY
    return Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(allowed / 6)))
  }
}

function connectionQuery(f: ConnectionFilters): Record<string, QueryValue> {
  return {
    provider: f.provider,
    folder_id: f.folder_id,
    parent_id: f.parent_id,
    external_id: f.external_id,
    include_runtime_connections: f.include_runtime_connections ? 'true' : undefined,
    'includes[]': f.include_tags ? ['tags'] : undefined,
  }
}

function recipeQuery(q: RecipeQuery): Record<string, QueryValue> {
  return {
    running: q.running,
    stop_cause: q.stopCause,
    folder_id: q.folderId,
    since_id: q.sinceId,
  }
}
