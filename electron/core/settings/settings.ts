/**
 * Non-secret settings (profiles, active profile) in a JSON file through `conf`, the library electron-store wraps.
 * Core cannot import electron-store (it imports electron), so main may pass a `createStore` factory that returns
 * an electron-store instance; tests and the harness use conf directly.
 *
 * Before the store opens the file we read, migrate and validate it ourselves, profile by profile (salvage.ts):
 * a byte-order mark is tolerated, a bad profile is set aside and the others load. Whenever anything is set aside
 * or repaired, the original is first copied byte for byte to `<name>.corrupt-<timestamp>.json` (never over an
 * existing copy, never deleted: it may be the only copy of someone's profiles) and a notice names each profile
 * and field. Only a file that is not a JSON object at all, or was written by a newer version, costs every
 * profile. Secrets are not touched: they stay in the keychain under their profile ids.
 */
import {
  constants as fsConstants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import Conf, { type Options as ConfOptions, type Schema } from 'conf'
import { z } from 'zod'
import type { Notice } from '../../../shared/contract/app'
import { appError, describeZodError } from '../../../shared/errors'
import { log } from '../log'
import { salvageSettings, type Salvaged } from './salvage'
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

/** Our own temp files: `settings.json.<pid>.tmp` (below), `<file>.<pid>.<hex>.tmp` (json-file.ts), and conf's
 *  `<file>.tmp-<10 digits><6 hex>` (its `atomically` dependency). Only these are ever swept. */
const OWN_TEMP = /^.+\.json\.(?:\d+(?:\.[0-9a-f]{8})?\.tmp|tmp-\d{10}[0-9a-f]{6})$/

/**
 * A save killed between writing its temp file and renaming it leaves the temp file behind (issue 11). At start,
 * ours that are older than `minAgeMs` are removed: younger ones may belong to another instance saving right now.
 * Returns the removed paths.
 */
export function sweepStaleTempFiles(dir: string, now: number, minAgeMs = 60_000): string[] {
  const removed: string[] = []
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return removed
  }
  for (const name of names) {
    if (!OWN_TEMP.test(name)) continue
    const file = join(dir, name)
    try {
      const st = statSync(file)
      if (!st.isFile() || now - st.mtimeMs < minAgeMs) continue
      rmSync(file, { force: true })
      removed.push(file)
    } catch {
      // gone already, or not ours to remove: either way nothing to do
    }
  }
  if (removed.length) log.info(`settings: removed ${removed.length} temp file(s) left by an interrupted save in ${dir}`)
  return removed
}

/** A copy of `file` next to it, named with the time and never over an existing one. Returns the copy's path. */
function keepCopy(dir: string, name: string, file: string, stamp: string): string {
  for (let n = 1; ; n++) {
    const aside = join(dir, `${name}.corrupt-${stamp}${n > 1 ? `-${n}` : ''}.json`)
    try {
      copyFileSync(file, aside, fsConstants.COPYFILE_EXCL)
      return aside
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
}

function writeAtomic(path: string, data: SettingsData): void {
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(data, null, '\t'))
  renameSync(tmp, path)
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

  sweepStaleTempFiles(opts.dir, now().getTime())
  const loaded: Salvaged = existsSync(path)
    ? salvageSettings(readFileSync(path, 'utf8'))
    : { ok: true, data: emptySettings(), migratedFrom: null, setAside: [], repaired: [], hadBom: false, normalised: false }
  const stamp = now().toISOString().replace(/[:.]/g, '-')
  let data: SettingsData
  if (loaded.ok) {
    data = loaded.data
    const damaged = loaded.setAside.length > 0 || loaded.repaired.length > 0
    // The original, byte for byte, before anything is rewritten: it may be the only copy of someone's profiles.
    const aside = damaged ? keepCopy(opts.dir, name, path, stamp) : null
    if (loaded.migratedFrom !== null) {
      // Keep the pre-migration file, so a downgrade or a migration bug never costs anyone their profiles.
      writeFileSync(join(opts.dir, `${name}.v${loaded.migratedFrom}-backup.json`), readFileSync(path))
      log.info(`settings: migrated ${path} from version ${loaded.migratedFrom} to ${SETTINGS_VERSION}`)
    }
    // The store validates the file it opens against the current schema (and conf's JSON.parse refuses a BOM), so
    // it must find the cleaned-up one.
    if (damaged || loaded.hadBom || loaded.normalised || loaded.migratedFrom !== null) writeAtomic(path, data)
    if (aside) {
      const lines = [
        ...loaded.setAside.map((x) => `Profile ${x.label} was set aside: its field "${x.field}" is not valid (${x.reason}).`),
        ...loaded.repaired,
      ]
      log.warn(`settings: ${path} partly repaired (original kept at ${aside}): ${lines.join(' ')}`)
      addNotice({
        id: `settings-salvaged-${stamp}`,
        level: 'warning',
        title: loaded.setAside.length ? 'Some profiles could not be loaded' : 'Some settings were repaired',
        message:
          `${lines.join(' ')} ${loaded.setAside.length ? 'The other profiles loaded normally. ' : ''}` +
          `The original file is kept unchanged at ${aside}. API tokens and keys are still in the OS keychain under each profile's id; ` +
          'to get a set-aside profile back, add it again, or fix it in that copy and put it in place of the settings file while the app is closed.',
      })
    }
  } else {
    const aside = keepCopy(opts.dir, name, path, stamp)
    rmSync(path, { force: true })
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
