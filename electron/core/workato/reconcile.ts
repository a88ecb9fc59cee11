/**
 * Writes are never repeated blindly. When the answer to a create is cut off after the request went out (a reset,
 * a timeout), Workato may well have created the object: sending it again could make a duplicate customer (an
 * external id is optional, §2.2) or a second connection. So the console looks the object up and says what
 * actually happened: created (and how it was found), not created (safe to try again), or could not tell (what
 * to search for before retrying).
 */
import { appError, isAppError, type AppError } from '../../../shared/errors'
import type { Connection, ConnectionCreate, Customer, CustomerInput } from '../../../shared/domain/workato'
import { answeredOk, mayHaveLanded } from './api-errors'

/** A created object, with a sentence when it was only found after the answer was cut off. */
export interface Created<T> {
  value: T
  recovered: string | null
}

/** How far back a "recent" object may have been created, allowing for clock skew between us and Workato. */
const RECENT_SKEW_MS = 5 * 60_000
/** Customers read, at most, when looking a customer up by name (60 calls a minute: a look-up must stay cheap). */
export const NAME_LOOKUP_PAGES = 5

export interface CustomerLookup {
  getByExternalId(externalId: string, signal?: AbortSignal): Promise<Customer>
  listPage(page: number, signal?: AbortSignal): Promise<Customer[]>
  perPage: number
}

export interface ConnectionLookup {
  list(signal?: AbortSignal): Promise<Connection[]>
}

function recentSince(startedAt: number, createdAt: string | undefined): boolean {
  if (!createdAt) return false
  const t = Date.parse(createdAt)
  return !Number.isNaN(t) && t >= startedAt - RECENT_SKEW_MS
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase()

function notCreated(what: string, why: string, cause: AppError): AppError {
  return appError('network', `Not created: the answer to "create ${what}" was cut off, and ${why}.`, {
    hint: 'Nothing was created, so it is safe to try again.',
    details: { outcome: 'not_created', cause: cause.data.message },
  })
}

function couldNotTell(what: string, search: string, why: string, cause: AppError): AppError {
  return appError('network', `Could not tell whether ${what} was created: the answer was lost after the request was sent, and ${why}.`, {
    hint: `Check before retrying: search for ${search}. Sending it again could make a duplicate.`,
    details: { outcome: 'unknown', search, cause: cause.data.message },
  })
}

interface Cut {
  cut: AppError
  /** Workato answered 2xx, so the object exists: "not created" is never the answer. */
  landed: boolean
  /** How the answer was lost, for the sentences: "the response was cut off" / "Workato's answer could not be read". */
  how: string
}

async function attempt<T>(create: () => Promise<T>): Promise<{ ok: T } | Cut> {
  try {
    return { ok: await create() }
  } catch (e) {
    if (isAppError(e) && mayHaveLanded(e)) {
      const landed = answeredOk(e)
      return { cut: e, landed, how: landed ? "Workato's answer could not be read" : 'the response was cut off' }
    }
    throw e
  }
}

/** Not found after a cut-off: not created, unless Workato answered 2xx (then it exists and the look-up missed it). */
function missing(r: Cut, what: string, search: string, why: string): AppError {
  return r.landed ? couldNotTell(what, search, `Workato said it was created, but ${why}`, r.cut) : notCreated(what, why, r.cut)
}

/** POST /managed_users (§2.2), then, after a cut-off, the customer by external id or by name and recency. */
export async function createCustomerReconciled(
  create: () => Promise<Customer>,
  input: CustomerInput,
  lookup: CustomerLookup,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<Created<Customer>> {
  const startedAt = now()
  const r = await attempt(create)
  if ('ok' in r) return { value: r.ok, recovered: null }
  const what = `customer "${input.name}"`
  if (input.external_id) {
    try {
      const found = await lookup.getByExternalId(input.external_id, signal)
      return { value: found, recovered: `Created (${r.how}; found it by its external id ${input.external_id}).` }
    } catch (e) {
      if (isAppError(e) && e.code === 'not_found')
        throw missing(r, what, `the external id ${input.external_id}`, `no customer has the external id ${input.external_id}`)
      if (isAppError(e) && e.code === 'cancelled') throw e
      throw couldNotTell(what, `the external id ${input.external_id}`, `looking it up failed (${isAppError(e) ? e.message : String(e)})`, r.cut)
    }
  }
  // No external id: the name is not unique in Workato, so a match must also be new.
  const search = `customers named "${input.name}" created just now`
  const matches: Customer[] = []
  let complete = false
  try {
    for (let page = 1; page <= NAME_LOOKUP_PAGES; page++) {
      const items = await lookup.listPage(page, signal)
      matches.push(...items.filter((c) => sameName(c.name, input.name) && recentSince(startedAt, c.created_at)))
      if (items.length < lookup.perPage) {
        complete = true
        break
      }
    }
  } catch (e) {
    if (isAppError(e) && e.code === 'cancelled') throw e
    throw couldNotTell(what, search, `looking it up failed (${isAppError(e) ? e.message : String(e)})`, r.cut)
  }
  const [only] = matches
  if (matches.length === 1 && only)
    return { value: only, recovered: `Created (${r.how}; found it by its name and creation time: customer ${only.id}).` }
  if (matches.length > 1) throw couldNotTell(what, search, `${matches.length} customers of that name were created in the last minutes`, r.cut)
  if (complete) throw missing(r, what, search, `no customer of that name was created in the last minutes`)
  throw couldNotTell(
    what,
    search,
    `the first ${NAME_LOOKUP_PAGES * lookup.perPage} customers hold none of that name, and the account has more`,
    r.cut,
  )
}

/** POST .../connections (§3.4), then, after a cut-off, the connection by external id, or by name/provider and recency. */
export async function createConnectionReconciled(
  create: () => Promise<Connection>,
  input: ConnectionCreate,
  lookup: ConnectionLookup,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<Created<Connection>> {
  const startedAt = now()
  const r = await attempt(create)
  if ('ok' in r) return { value: r.ok, recovered: null }
  const what = input.name ? `connection "${input.name}"` : `a ${input.provider} connection`
  const search = input.external_id ? `the connection with external id ${input.external_id}` : `${what} in the customer's connections`
  let list: Connection[]
  try {
    // §3.2: the list is not paginated, so "not in it" is a definite answer.
    list = await lookup.list(signal)
  } catch (e) {
    if (isAppError(e) && e.code === 'cancelled') throw e
    throw couldNotTell(what, search, `looking it up failed (${isAppError(e) ? e.message : String(e)})`, r.cut)
  }
  const matches = input.external_id
    ? list.filter((c) => c.external_id === input.external_id)
    : list.filter(
        (c) =>
          c.provider === input.provider &&
          (!input.name || sameName(c.name, input.name)) &&
          (input.folder_id === undefined || c.folder_id === input.folder_id) &&
          recentSince(startedAt, c.created_at),
      )
  const [only] = matches
  if (matches.length === 1 && only) {
    const how = input.external_id ? `its external id ${input.external_id}` : 'its name, provider and creation time'
    return { value: only, recovered: `Created (${r.how}; found it by ${how}: connection ${only.id}).` }
  }
  if (matches.length > 1) throw couldNotTell(what, search, `${matches.length} matching connections were created in the last minutes`, r.cut)
  throw missing(
    r,
    what,
    search,
    input.external_id ? `no connection has the external id ${input.external_id}` : 'no such connection was created in the last minutes',
  )
}
