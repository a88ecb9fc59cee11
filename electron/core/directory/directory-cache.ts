/**
 * The per-profile local copy of what the console last saw: the customer directory, and the connections and
 * recipes of customers that were opened. Listing customers is limited to 60 calls a minute for the whole partner
 * account (reference §2.1, §6.2), so a big directory takes minutes to re-read; the cache lets the console open on
 * the last known data at once. Layout under `dir`:
 *
 *   <profileId>/customers.json                      { version, fetchedAt, items }
 *   <profileId>/customers/<customerId>/connections.json   { version, views: { <filter key>: { fetchedAt, items } } }
 *   <profileId>/customers/<customerId>/recipes.json       (same, keyed by the recipe query)
 *
 * Lists fetched with different filters are kept as separate "views" so each can be shown offline as it was seen.
 */
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { connectionSchema, customerSchema, recipeSchema, type Connection, type Customer, type Recipe } from '../../../shared/domain/workato'
import { FileLocks, readJsonFile, sweepStaleTempFiles, writeJsonAtomic, type CorruptListener } from './json-file'

const VERSION = 1
/** Filtered views kept per customer and kind; the oldest are dropped beyond this. */
const MAX_VIEWS = 20

export interface CacheEntry<T> {
  fetchedAt: string
  items: T[]
  /**
   * The directory only: the last read stopped before the end (cancelled or failed) and this is what it had read,
   * merged over the list before it. Shown as incomplete, and re-read when next opened.
   */
  partial?: { read: number; reason: 'cancelled' | 'failed' }
}

const customersFileSchema = z.object({
  version: z.literal(VERSION),
  fetchedAt: z.string(),
  items: z.array(customerSchema),
  // Optional: files written before streaming reads have no such field and are complete.
  partial: z.object({ read: z.number().int().nonnegative(), reason: z.enum(['cancelled', 'failed']) }).optional(),
})

function viewsFileSchema<T extends z.ZodType>(item: T) {
  return z.object({
    version: z.literal(VERSION),
    views: z.record(z.string(), z.object({ fetchedAt: z.string(), items: z.array(item) })),
  })
}
const connectionsFileSchema = viewsFileSchema(connectionSchema)
const recipesFileSchema = viewsFileSchema(recipeSchema)

type Kind = 'connections' | 'recipes'
type ItemOf<K extends Kind> = K extends 'connections' ? Connection : Recipe

/** A stable key for a filter object: defined values only, keys sorted. `''` = unfiltered. */
export function viewKey(filters: Record<string, unknown> | undefined): string {
  if (!filters) return ''
  const entries = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== null && v !== false && v !== '')
    .sort(([a], [b]) => a.localeCompare(b))
  return new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()
}

export class DirectoryCache {
  private readonly locks = new FileLocks()
  /** Parsed customer directories, so a second open does not re-read and re-validate megabytes of JSON. */
  private readonly memo = new Map<string, CacheEntry<Customer> | null>()

  private readonly corruptListeners = new Set<CorruptListener>()
  private readonly reportCorrupt: CorruptListener = (file, reason) => {
    for (const l of this.corruptListeners) l(file, reason)
  }

  constructor(readonly dir: string) {}

  /** Called for every cache file found damaged (it was discarded: a cache miss). Core turns it into a notice. */
  onCorrupt(listener: CorruptListener): () => void {
    this.corruptListeners.add(listener)
    return () => this.corruptListeners.delete(listener)
  }

  /** Removes temp files left by saves that were killed mid-write (run once at start). */
  sweepTempFiles(now = Date.now()): Promise<number> {
    return sweepStaleTempFiles(this.dir, now)
  }

  private customersFile(profileId: string): string {
    return path.join(this.dir, profileId, 'customers.json')
  }

  private customerFile(profileId: string, customerId: number, kind: Kind): string {
    return path.join(this.dir, profileId, 'customers', String(customerId), `${kind}.json`)
  }

  // ------------------------------------------------------------ customers

  async readCustomers(profileId: string): Promise<CacheEntry<Customer> | null> {
    if (this.memo.has(profileId)) return this.memo.get(profileId) ?? null
    const file = this.customersFile(profileId)
    const data = await this.locks.run(file, () => readJsonFile(file, customersFileSchema, this.reportCorrupt))
    const entry = data ? { fetchedAt: data.fetchedAt, items: data.items, ...(data.partial ? { partial: data.partial } : {}) } : null
    this.memo.set(profileId, entry)
    return entry
  }

  async writeCustomers(profileId: string, entry: CacheEntry<Customer>): Promise<void> {
    const file = this.customersFile(profileId)
    this.memo.set(profileId, entry)
    await this.locks.run(file, () => writeJsonAtomic(file, { version: VERSION, ...entry }))
  }

  /** After a create/update/get: put the fresh customer into the directory (keeping the directory's age). */
  async upsertCustomer(profileId: string, customer: Customer): Promise<void> {
    const current = await this.readCustomers(profileId)
    if (!current) return
    const items = current.items.slice()
    const i = items.findIndex((c) => c.id === customer.id)
    if (i >= 0) items[i] = customer
    else items.push(customer)
    await this.writeCustomers(profileId, { ...current, items })
  }

  // ------------------------------------------------------------ connections and recipes of one customer

  async readView<K extends Kind>(profileId: string, customerId: number, kind: K, key: string): Promise<CacheEntry<ItemOf<K>> | null> {
    const file = this.customerFile(profileId, customerId, kind)
    const data = await this.locks.run(file, () => this.readViews(file, kind))
    return (data?.views[key] as CacheEntry<ItemOf<K>> | undefined) ?? null
  }

  async writeView<K extends Kind>(profileId: string, customerId: number, kind: K, key: string, entry: CacheEntry<ItemOf<K>>): Promise<void> {
    await this.updateViews(profileId, customerId, kind, (views) => {
      delete views[key]
      views[key] = entry // re-inserted last = most recent
    })
  }

  /**
   * Applies a change to every cached view of a customer's connections or recipes: `fn` gets each view's key and
   * items and returns the new items (after a mutation the console knows the outcome without re-listing).
   */
  async mapViews<K extends Kind>(
    profileId: string,
    customerId: number,
    kind: K,
    fn: (items: ItemOf<K>[], key: string) => ItemOf<K>[],
  ): Promise<void> {
    await this.updateViews(profileId, customerId, kind, (views) => {
      for (const [key, view] of Object.entries(views)) views[key] = { fetchedAt: view.fetchedAt, items: fn(view.items as ItemOf<K>[], key) }
    })
  }

  /** Every item of every cached view of one customer's connections or recipes, each id once (global search). */
  async readAllViews<K extends Kind>(profileId: string, customerId: number, kind: K): Promise<ItemOf<K>[]> {
    const file = this.customerFile(profileId, customerId, kind)
    const data = await this.locks.run(file, () => this.readViews(file, kind))
    const byId = new Map<number, ItemOf<K>>()
    // Views are stored oldest first, so a later (fresher) view's copy of an item wins.
    for (const view of Object.values(data?.views ?? {})) for (const item of view.items as ItemOf<K>[]) byId.set(item.id, item)
    return [...byId.values()]
  }

  /** Customers with a cached connection or recipe list (the folders under `<profileId>/customers/`). */
  async cachedCustomerIds(profileId: string): Promise<number[]> {
    const entries = await readdir(path.join(this.dir, profileId, 'customers')).catch(() => [])
    return entries.filter((e) => /^[1-9][0-9]{0,15}$/.test(e)).map(Number)
  }

  private async readViews(file: string, kind: Kind) {
    return kind === 'connections'
      ? readJsonFile(file, connectionsFileSchema, this.reportCorrupt)
      : readJsonFile(file, recipesFileSchema, this.reportCorrupt)
  }

  private async updateViews<K extends Kind>(
    profileId: string,
    customerId: number,
    kind: K,
    change: (views: Record<string, CacheEntry<ItemOf<K>>>) => void,
  ): Promise<void> {
    const file = this.customerFile(profileId, customerId, kind)
    await this.locks.run(file, async () => {
      const data = await this.readViews(file, kind)
      const views = { ...(data?.views ?? {}) } as Record<string, CacheEntry<ItemOf<K>>>
      change(views)
      const keys = Object.keys(views)
      for (const k of keys.slice(0, Math.max(0, keys.length - MAX_VIEWS))) delete views[k]
      await writeJsonAtomic(file, { version: VERSION, views })
    })
  }
}
