/**
 * Non-secret settings (profiles, active profile) in a JSON file through `conf`, the library electron-store wraps.
 * Core cannot import electron-store (it imports electron), so main may pass a `createStore` factory that returns
 * an electron-store instance; tests and the harness use conf directly.
 *
 * Before the store opens the file we read, migrate and validate it ourselves. A file that is not JSON, fails the
 * schema, or was written by a newer version is moved aside to `<name>.corrupt-<timestamp>.json` (never deleted:
 * it may be the only copy of someone's profiles), the app starts with empty settings, and a notice tells the
 * user where the old file went. Secrets are not touched: they stay in the keychain under their profile ids.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import Conf, { type Options as ConfOptions, type Schema } from 'conf'
import { z } from 'zod'
import type { Notice } from '../../../shared/contract/app'
import { appError, describeZodError } from '../../../shared/errors'
import { log } from '../log'
import { documentVersion, migrate } from './migrations'
import { emptySettings, SETTINGS_VERSION, settingsSchema, type SettingsData } from './schema'

/** What core needs from conf / electron-store. */
export interface SettingsStore {
  store: SettingsData
  readonly path: string
}

export interface StoreOptions {
  cwd: string
  /** File name without `.json` (electron-store's `name`, conf's `configName`). */
  name: string
  defaults: SettingsData
  /** JSON Schema derived from the zod schema, so conf/electron-store also refuse a bad write. */
  schema: Schema<SettingsData>
  rootSchema: NonNullable<ConfOptions<SettingsData>['rootSchema']>
}

export interface OpenSettingsOptions {
  dir: string
  name?: string
  /** e.g. `(o) => new ElectronStore(o)` in main; defaults to conf. */
  createStore?: (opts: StoreOptions) => SettingsStore
  now?: () => Date
}

export interface Settings {
  readonly path: string
  /** A copy of the current settings. */
  get(): SettingsData
  /** Applies a change, validates the result and writes it. Returns the new settings. */
  update(mutate: (draft: SettingsData) => void): SettingsData
  notices(): Notice[]
  addNotice(n: Omit<Notice, 'id' | 'at'> & { id?: string }): Notice
  dismissNotice(id: string): boolean
  /** Called for every new notice (main forwards them as the `notice` event). */
  onNotice(listener: (n: Notice) => void): () => void
}

function jsonSchemaParts(): Pick<StoreOptions, 'schema' | 'rootSchema'> {
  const js = z.toJSONSchema(settingsSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>
    required?: string[]
  }
  // The JSON Schema comes from z.toJSONSchema, so its shape is right by construction; conf types it per key.
  return { schema: (js.properties ?? {}) as Schema<SettingsData>, rootSchema: { required: js.required ?? [] } }
}

function defaultStore(o: StoreOptions): SettingsStore {
  return new Conf<SettingsData>({
    cwd: o.cwd,
    configName: o.name,
    defaults: o.defaults,
    schema: o.schema,
    rootSchema: o.rootSchema,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    watch: false,
  })
}

type Loaded = { ok: true; data: SettingsData; migratedFrom: number | null } | { ok: false; reason: string }

function load(path: string): Loaded {
  if (!existsSync(path)) return { ok: true, data: emptySettings(), migratedFrom: null }
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return { ok: false, reason: 'it is not valid JSON' }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { ok: false, reason: 'it does not contain a settings object' }
  const from = documentVersion(doc as Record<string, unknown>)
  if (from > SETTINGS_VERSION) return { ok: false, reason: `it was written by a newer version of Embedded Console (settings version ${from})` }
  let migrated: Record<string, unknown>
  try {
    migrated = migrate(doc as Record<string, unknown>, SETTINGS_VERSION)
  } catch (e) {
    return { ok: false, reason: `it could not be upgraded from version ${from} (${e instanceof z.ZodError ? describeZodError(e) : String(e)})` }
  }
  const parsed = settingsSchema.safeParse(migrated)
  if (!parsed.success) return { ok: false, reason: `it does not match the expected format (${describeZodError(parsed.error)})` }
  return { ok: true, data: parsed.data, migratedFrom: from < SETTINGS_VERSION ? from : null }
}

export function openSettings(opts: OpenSettingsOptions): Settings {
  const name = opts.name ?? 'settings'
  const now = opts.now ?? (() => new Date())
  mkdirSync(opts.dir, { recursive: true })
  const path = join(opts.dir, `${name}.json`)
  const notices: Notice[] = []
  const listeners = new Set<(n: Notice) => void>()

  const addNotice: Settings['addNotice'] = (n) => {
    const notice: Notice = { id: n.id ?? randomUUID(), level: n.level, title: n.title, message: n.message, at: now().toISOString() }
    const i = notices.findIndex((x) => x.id === notice.id)
    if (i >= 0) notices.splice(i, 1, notice)
    else notices.push(notice)
    for (const l of listeners) l(notice)
    return notice
  }

  const loaded = load(path)
  let data: SettingsData
  if (loaded.ok) {
    data = loaded.data
    if (loaded.migratedFrom !== null) {
      // Keep the pre-migration file, so a downgrade or a migration bug never costs anyone their profiles.
      writeFileSync(join(opts.dir, `${name}.v${loaded.migratedFrom}-backup.json`), readFileSync(path))
      // The store validates the file it opens against the current schema, so it must find the migrated one.
      const tmp = `${path}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(data, null, '\t'))
      renameSync(tmp, path)
      log.info(`settings: migrated ${path} from version ${loaded.migratedFrom} to ${SETTINGS_VERSION}`)
    }
  } else {
    const stamp = now().toISOString().replace(/[:.]/g, '-')
    const aside = join(opts.dir, `${name}.corrupt-${stamp}.json`)
    renameSync(path, aside)
    data = emptySettings()
    log.warn(`settings: ${path} moved aside to ${aside} because ${loaded.reason}`)
    addNotice({
      id: `settings-corrupt-${stamp}`,
      level: 'warning',
      title: 'Settings file could not be read',
      message:
        `Your settings file could not be used because ${loaded.reason}. It was moved to ${aside} and the app started with empty settings. ` +
        'API tokens and keys are still in the OS keychain; to get your profiles back, fix that file and copy it over ' +
        `${path} while the app is closed, or add the profiles again.`,
    })
  }

  const store = (opts.createStore ?? defaultStore)({ cwd: opts.dir, name, defaults: emptySettings(), ...jsonSchemaParts() })
  store.store = data

  return {
    path: store.path,
    get: () => structuredClone(data),
    update(mutate) {
      const draft = structuredClone(data)
      mutate(draft)
      const parsed = settingsSchema.safeParse(draft)
      if (!parsed.success) throw appError('validation', `Settings not saved: ${describeZodError(parsed.error)}`)
      store.store = parsed.data
      data = parsed.data
      return structuredClone(data)
    },
    notices: () => [...notices],
    addNotice,
    dismissNotice(id) {
      const i = notices.findIndex((n) => n.id === id)
      if (i < 0) return false
      notices.splice(i, 1)
      return true
    },
    onNotice(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
