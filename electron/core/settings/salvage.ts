/**
 * Reading a settings document profile by profile, so one bad field costs one profile and not all of them
 * (issue 11, defect 6). The document is migrated and checked per profile: a profile that cannot be upgraded or
 * does not match the schema is set aside (the caller keeps the original file byte for byte and tells the user
 * which profile and which field); values an older version let in and that are now refused on entry are repaired
 * where the repair loses nothing the user needs (credentials in a URL, control characters in a name, duplicate
 * origins), each with a line in the same notice.
 */
import { z } from 'zod'
import { LIMITS } from '../../../shared/contract/limits'
import { profileIdSchema } from '../../../shared/domain/profile'
import { hasControlChars, stripControlChars, withoutCredentials } from '../../../shared/domain/validators'
import { describeZodError } from '../../../shared/errors'
import { documentVersion, migrate } from './migrations'
import { SETTINGS_VERSION, settingsSchema, storedProfileSchema, type SettingsData, type StoredProfile } from './schema'

export interface SetAside {
  /** How the user knows the profile: its name, else its id, else its position in the file. */
  label: string
  /** The field that failed, e.g. `originUrls.0`, or `(profile)` when the entry is not an object at all. */
  field: string
  reason: string
}

export type Salvaged =
  | { ok: true; data: SettingsData; migratedFrom: number | null; setAside: SetAside[]; repaired: string[]; hadBom: boolean; normalised: boolean }
  | { ok: false; reason: string }

type Doc = Record<string, unknown>

const isObject = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v)

/** UTF-8 byte-order mark: Windows editors (Notepad before 2019) write one, JSON.parse refuses it. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function labelOf(raw: unknown, index: number): string {
  if (isObject(raw)) {
    if (typeof raw.name === 'string' && raw.name.trim()) return `"${stripControlChars(raw.name).slice(0, LIMITS.profileName)}"`
    if (typeof raw.id === 'string' && raw.id) return `with id "${raw.id.slice(0, 64)}"`
  }
  return `number ${index + 1}`
}

/** Fixes what an older version accepted and entry now refuses, when the fix keeps what the user meant. */
function repair(p: Doc, label: string, repaired: string[]): Doc {
  const out: Doc = { ...p }
  if (typeof out.name === 'string' && hasControlChars(out.name)) {
    out.name = stripControlChars(out.name)
    repaired.push(`Profile ${label}: control characters removed from its name.`)
  }
  if (typeof out.customBaseUrl === 'string') {
    const clean = withoutCredentials(out.customBaseUrl)
    if (clean !== out.customBaseUrl) {
      out.customBaseUrl = clean
      repaired.push(`Profile ${label}: the user name and password were removed from its base URL (they do not belong in settings).`)
    }
  }
  if (Array.isArray(out.originUrls)) {
    const seen = new Set<string>()
    const kept: unknown[] = []
    let creds = false
    for (const o of out.originUrls) {
      const clean = typeof o === 'string' ? withoutCredentials(o) : o
      if (clean !== o) creds = true
      const key = typeof clean === 'string' ? clean.trim() : JSON.stringify(clean)
      if (seen.has(key)) continue
      seen.add(key)
      kept.push(clean)
    }
    if (creds) repaired.push(`Profile ${label}: user names and passwords were removed from its origin URLs.`)
    if (kept.length < out.originUrls.length) repaired.push(`Profile ${label}: ${out.originUrls.length - kept.length} duplicate origin URL(s) folded.`)
    if (kept.length > LIMITS.originsPerProfile) {
      repaired.push(`Profile ${label}: only the first ${LIMITS.originsPerProfile} of its ${kept.length} origin URLs were kept.`)
      kept.length = LIMITS.originsPerProfile
    }
    out.originUrls = kept
  }
  return out
}

export function salvageSettings(text: string): Salvaged {
  let doc: unknown
  try {
    doc = JSON.parse(stripBom(text))
  } catch {
    return { ok: false, reason: 'it is not valid JSON' }
  }
  if (!isObject(doc)) return { ok: false, reason: 'it does not contain a settings object' }
  const from = documentVersion(doc)
  if (from > SETTINGS_VERSION) return { ok: false, reason: `it was written by a newer version of Embedded Console (settings version ${from})` }

  const setAside: SetAside[] = []
  const repaired: string[] = []
  let rawProfiles: unknown[] = []
  if (Array.isArray(doc.profiles)) rawProfiles = doc.profiles
  else if (doc.profiles !== undefined) setAside.push({ label: 'list', field: 'profiles', reason: 'it is not a list of profiles' })

  // The document without its profiles goes through the migrations on its own; each profile then alone.
  let top: Doc
  try {
    // A malformed active profile id is not worth a profile: it is dropped and another profile becomes active.
    const activeProfileId = typeof doc.activeProfileId === 'string' ? doc.activeProfileId : null
    if (activeProfileId === null && doc.activeProfileId !== null && doc.activeProfileId !== undefined) {
      repaired.push('The active profile in the file was not a profile id; another profile was made active.')
    }
    top = migrate({ ...doc, activeProfileId, profiles: [] }, SETTINGS_VERSION)
  } catch (e) {
    return { ok: false, reason: `it could not be upgraded from version ${from} (${e instanceof z.ZodError ? describeZodError(e) : String(e)})` }
  }

  const profiles: StoredProfile[] = []
  const ids = new Set<string>()
  for (const [i, raw] of rawProfiles.entries()) {
    const label = labelOf(raw, i)
    if (!isObject(raw)) {
      setAside.push({ label, field: '(profile)', reason: 'it is not an object' })
      continue
    }
    let migrated: unknown
    try {
      const one = migrate({ schemaVersion: from, profiles: [raw] }, SETTINGS_VERSION).profiles
      migrated = Array.isArray(one) ? one[0] : undefined
    } catch (e) {
      const field = e instanceof z.ZodError ? (e.issues[0]?.path.slice(2).join('.') ?? '') : ''
      setAside.push({ label, field: field || '(profile)', reason: `it could not be upgraded from settings version ${from}` })
      continue
    }
    // Repairs are reported only for a profile that is kept: a set-aside one is not written back, so nothing was removed from it.
    const fixes: string[] = []
    const parsed = storedProfileSchema.safeParse(isObject(migrated) ? repair(migrated, label, fixes) : migrated)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      setAside.push({
        label,
        field: issue?.path.join('.') || '(profile)',
        reason: issue ? reasonOf(issue, migrated) : 'it does not match the expected format',
      })
      continue
    }
    if (ids.has(parsed.data.id)) {
      setAside.push({ label, field: 'id', reason: `another profile already has the id "${parsed.data.id}"` })
      continue
    }
    ids.add(parsed.data.id)
    repaired.push(...fixes)
    profiles.push(parsed.data)
  }

  const active = profileIdSchema.nullable().safeParse(top.activeProfileId ?? null)
  const activeProfileId = active.success && active.data !== null && ids.has(active.data) ? active.data : null
  // A share that does not parse falls back to the default: a preference is not worth refusing the file for.
  const share = settingsSchema.shape.rateLimitShare.safeParse(top.rateLimitShare)
  const dc = settingsSchema.shape.defaultDataCenter.safeParse(top.defaultDataCenter)
  const data: SettingsData = {
    schemaVersion: SETTINGS_VERSION,
    activeProfileId,
    profiles,
    rateLimitShare: share.success ? share.data : 0.5,
    defaultDataCenter: dc.success ? dc.data : 'us',
  }
  return {
    ok: true,
    data,
    migratedFrom: from < SETTINGS_VERSION ? from : null,
    setAside,
    repaired,
    hadBom: text.charCodeAt(0) === 0xfeff,
    // conf validates the file it opens, so anything normalised here (an unknown field dropped, a default filled
    // in) must be written back before the store opens it.
    normalised: JSON.stringify(doc) !== JSON.stringify(data),
  }
}

/**
 * A sentence for one schema issue. An unknown choice (a data center or environment this version does not know, say)
 * names the stored value instead of zod's list of internal ids, which means nothing to the person reading it.
 */
function reasonOf(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code !== 'invalid_value') return issue.message
  let v: unknown = input
  for (const key of issue.path) v = isObject(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[key] : undefined
  const shown = JSON.stringify(v) ?? String(v)
  return `it holds ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}, which this version of the console does not know`
}
