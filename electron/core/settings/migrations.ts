/**
 * Versioned migrations of the settings file. `migrations[n]` turns a version n-1 document into version n.
 * A document without `schemaVersion` is version 1 (the first release did not write one).
 */
import { settingsV1Schema, settingsV2Schema } from './schema'

type Doc = Record<string, unknown>
type Migration = (doc: Doc) => Doc

export const migrations: Record<number, Migration> = {
  /** v1 had a single `originUrl` string per profile; v2 allows several (`originUrls[]`, reference §5.4). */
  2: (doc) => {
    const v1 = settingsV1Schema.parse(doc)
    return {
      ...v1,
      schemaVersion: 2,
      profiles: (v1.profiles ?? []).map(({ originUrl, ...rest }) => ({
        ...rest,
        originUrls: typeof originUrl === 'string' && originUrl.trim() ? [originUrl.trim()] : [],
      })),
    }
  },
  /**
   * v2 said `sandbox` for two things besides the built-in profile (issue 12): the data center of that profile,
   * now `emulator`, and a partner-environment label, now `development` (Workato's DEV/TEST/PROD, docs/workato.md
   * §5.6). The profile id `sandbox` of the built-in Sandbox profile stays: it is the one thing "sandbox" still
   * names, and its secrets are stored under it.
   */
  3: (doc) => {
    const v2 = settingsV2Schema.parse(doc)
    return {
      ...v2,
      schemaVersion: 3,
      profiles: (v2.profiles ?? []).map((p) => ({
        ...p,
        ...(p.dataCenter === 'sandbox' ? { dataCenter: 'emulator' } : {}),
        ...(p.environment === 'sandbox' ? { environment: 'development' } : {}),
      })),
    }
  },
}

export function documentVersion(doc: Doc): number {
  const v = doc.schemaVersion
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1
}

/** Runs every step from the document's version up to `target`. Throws if a step is missing or fails. */
export function migrate(doc: Doc, target: number): Doc {
  let out = doc
  for (let v = documentVersion(doc) + 1; v <= target; v++) {
    const step = migrations[v]
    if (!step) throw new Error(`No migration to settings version ${v}`)
    out = step(out)
  }
  return out
}
