/**
 * RLCM imports in the emulator (reference §5.2): the package objects, the asynchronous run (a few status polls in
 * `processing` / `in_progress`, then `completed` or `failed`), and what an import does to the customer's
 * workspace. A package is read in the layout Workato exports (`*.recipe.json`, `*.connection.json`: export-layout.ts)
 * or as the emulator's simpler `manifest.json` at the zip's root (`packageManifestSchema` in
 * shared/recipe-package.ts), which wins when both are there. Kept beside EmulatorState (one store per
 * state, looked up with `importsOf`) so the core store does not have to know about packages.
 */
import { findProvider } from './providers'
import { packageManifestSchema } from '../../shared/recipe-package'
import { readZip, ZipError } from './package-zip'
import { isExportLayout, manifestFromExport } from './export-layout'
import { newConnection, type ConnectionRecord, type CustomerRecord, type RecipeRecord, type RecipeSlot, type Workspace } from './records'
import { configErrors } from './routes/recipes'
import type { EmulatorState } from './state'

export const importResults = ['no_update_or_updated_without_restart', 'restarted', 'stopped', 'restart_failed'] as const
export type ImportResult = (typeof importResults)[number]

/** §5.2 package object, as the API returns it. */
export interface PackageView {
  id: number
  operation_type: 'import'
  status: 'processing' | 'in_progress' | 'completed' | 'failed'
  error?: string
  recipe_status?: { id: number; import_result: ImportResult }[]
}

interface ImportJob {
  view: PackageView
  customerId: number
  folderId: number
  restartRecipes: boolean
  zip: Buffer
  polls: number
}

export class ImportStore {
  /** Status reads before an import finishes; the first reads answer `in_progress`. */
  pollsToFinish = 3
  private readonly jobs = new Map<number, ImportJob>()
  private nextId = 9_000_001

  constructor(private readonly state: EmulatorState) {}

  start(customer: CustomerRecord, folderId: number, restartRecipes: boolean, zip: Buffer): PackageView {
    const view: PackageView = { id: this.nextId++, operation_type: 'import', status: 'processing' }
    this.jobs.set(view.id, { view, customerId: customer.id, folderId, restartRecipes, zip, polls: 0 })
    return { ...view }
  }

  /** One status read: advances the run, and applies the package on the read that finishes it. */
  poll(customer: CustomerRecord, packageId: number): PackageView | undefined {
    const job = this.jobs.get(packageId)
    if (!job || job.customerId !== customer.id) return undefined
    if (job.view.status === 'processing' || job.view.status === 'in_progress') {
      job.polls++
      if (job.polls < this.pollsToFinish) job.view.status = 'in_progress'
      else this.finish(job, customer)
    }
    return { ...job.view, ...(job.view.recipe_status ? { recipe_status: job.view.recipe_status.map((r) => ({ ...r })) } : {}) }
  }

  get(packageId: number): PackageView | undefined {
    return this.jobs.get(packageId)?.view
  }

  private finish(job: ImportJob, customer: CustomerRecord): void {
    const fail = (error: string) => {
      job.view.status = 'failed'
      job.view.error = error
    }
    let files: Map<string, Buffer>
    try {
      files = readZip(job.zip)
    } catch (e) {
      fail(`The package is not a valid zip archive: ${e instanceof ZipError ? e.message : String(e)}`)
      return
    }
    const raw = files.get('manifest.json')
    let json: unknown
    if (raw) {
      try {
        json = JSON.parse(raw.toString('utf8'))
      } catch {
        fail('manifest.json is not valid JSON.')
        return
      }
    } else if (isExportLayout(files)) {
      const read = manifestFromExport(files)
      if (!read.ok) {
        fail(read.error)
        return
      }
      json = read.manifest
    } else {
      fail("The package has no manifest.json at its root and no files in Workato's export layout (*.recipe.json, *.connection.json).")
      return
    }
    const parsed = packageManifestSchema.safeParse(json)
    if (!parsed.success) {
      fail(`manifest.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`).join('; ')}`)
      return
    }
    const m = parsed.data
    if (m.fail) {
      fail(m.fail_reason ?? 'Workato rejected the package.')
      return
    }
    const ws = this.state.workspace(customer)
    if (!ws.folders.has(job.folderId)) {
      fail(`Folder ${job.folderId} no longer exists in this workspace.`)
      return
    }
    const unknown = [...m.connections.map((c) => c.provider), ...m.recipes.flatMap((r) => r.slots.map((s) => s.provider))].filter(
      (p) => !findProvider(p),
    )
    if (unknown.length) {
      fail(`The package uses connectors this workspace does not have: ${[...new Set(unknown)].join(', ')}.`)
      return
    }
    const keys = new Set(m.connections.map((c) => c.key))
    const dangling = m.recipes.flatMap((r) =>
      r.slots.filter((s) => s.connection !== undefined && !keys.has(s.connection)).map((s) => `${r.name} → ${s.connection}`),
    )
    if (dangling.length) {
      fail(`Recipes refer to connections missing from the package: ${dangling.join(', ')}.`)
      return
    }
    const existing = (name: string) => [...ws.recipes.values()].find((r) => r.folder_id === job.folderId && r.name === name)
    // Developer API rule (§5.2): without restart_recipes=true a package that touches running recipes is refused.
    const running = m.recipes.map((r) => existing(r.name)).filter((r): r is RecipeRecord => r?.running === true)
    if (running.length && !job.restartRecipes) {
      fail(
        `The package updates running recipes (${running.map((r) => `"${r.name}"`).join(', ')}). Import again with restart_recipes=true to stop and restart them.`,
      )
      return
    }

    const connIds = new Map<string, number>()
    for (const c of m.connections) connIds.set(c.key, this.upsertConnection(ws, customer, job.folderId, c).id)

    const status: NonNullable<PackageView['recipe_status']> = []
    for (const r of m.recipes) {
      const slots: RecipeSlot[] = r.slots.map((s) => ({
        keyword: 'application',
        name: s.name ?? s.provider,
        provider: s.provider,
        skip_validation: false,
        account_id: s.connection === undefined ? null : (connIds.get(s.connection) ?? null),
      }))
      const before = existing(r.name)
      if (before) {
        const wasRunning = before.running
        // An unbound slot in the package keeps the binding the workspace already had.
        before.config = slots.map((s) => ({
          ...s,
          account_id: s.account_id ?? before.config.find((o) => o.provider === s.provider)?.account_id ?? null,
        }))
        before.description = r.description ?? before.description
        before.version_no++
        before.updated_at = new Date().toISOString()
        if (!wasRunning) {
          status.push({ id: before.id, import_result: 'no_update_or_updated_without_restart' })
          continue
        }
        const restartable = configErrors(ws, before).length === 0
        before.running = restartable
        if (!restartable) {
          before.stopped_at = before.updated_at
          before.stop_cause = null
        }
        status.push({ id: before.id, import_result: restartable ? 'restarted' : 'restart_failed' })
        continue
      }
      const recipe = this.createRecipe(ws, customer, job.folderId, r.name, r.description ?? '', slots)
      status.push({ id: recipe.id, import_result: 'no_update_or_updated_without_restart' })
    }
    job.view.status = 'completed'
    job.view.recipe_status = status
  }

  private upsertConnection(ws: Workspace, customer: CustomerRecord, folderId: number, c: { provider: string; name?: string }): ConnectionRecord {
    const provider = findProvider(c.provider)
    const name = c.name ?? `${provider?.title ?? c.provider} connection`
    const found = [...ws.connections.values()].find((x) => !x.runtime && x.folder_id === folderId && x.provider === c.provider && x.name === name)
    // An existing connection is matched and kept, credentials and all (packages never carry credentials).
    if (found) return found
    const conn = newConnection({ id: this.state.newId(), name, provider: c.provider, folder_id: folderId })
    ws.connections.set(conn.id, conn)
    this.state.recordCreated('connection', conn.id, customer.id)
    return conn
  }

  private createRecipe(
    ws: Workspace,
    customer: CustomerRecord,
    folderId: number,
    name: string,
    description: string,
    config: RecipeSlot[],
  ): RecipeRecord {
    const now = new Date().toISOString()
    const providers = [...new Set(config.map((s) => s.provider))]
    const [trigger = '', ...actions] = config.map((s) => s.provider)
    const recipe: RecipeRecord = {
      id: this.state.newId(),
      user_id: customer.id,
      name,
      description,
      created_at: now,
      updated_at: now,
      last_run_at: null,
      stopped_at: null,
      copy_count: 0,
      version_no: 1,
      trigger_application: trigger,
      action_applications: [...new Set(actions)],
      applications: providers,
      folder_id: folderId,
      running: false,
      job_succeeded_count: 0,
      job_failed_count: 0,
      lifetime_task_count: 0,
      webhook_url: null,
      stop_cause: null,
      config,
      code: JSON.stringify({ number: 0, provider: trigger, name: 'imported_trigger', keyword: 'trigger', block: [] }),
    }
    ws.recipes.set(recipe.id, recipe)
    // A recipe that never ran has no jobs (the seed would otherwise invent some on first read).
    ws.jobs.set(recipe.id, [])
    this.state.recordCreated('recipe', recipe.id, customer.id)
    return recipe
  }
}

const stores = new WeakMap<EmulatorState, ImportStore>()

/** The import store of an emulator (tests reach it through `importsOf(handle.state)`). */
export function importsOf(state: EmulatorState): ImportStore {
  let s = stores.get(state)
  if (!s) stores.set(state, (s = new ImportStore(state)))
  return s
}
