/**
 * The field validators every request schema shares, so one kind of value is checked the same way wherever it
 * enters (a customer's origin on create and on update, a profile's origins, the base URL of a private
 * deployment). Bounds come from `shared/contract/limits.ts`.
 */
import { z } from 'zod'
import { LIMITS } from '../contract/limits'

/** C0 and C1 control characters (newline, tab, NUL, ESC …): invisible in a table, and unsafe in a URL or a log line. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

export function hasControlChars(s: string): boolean {
  return CONTROL.test(s)
}

// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]+/g

/** For stored values written before names were checked: control characters become one space each run. */
export function stripControlChars(s: string): string {
  return s.replace(CONTROL_ALL, ' ').replace(/\s+/g, ' ').trim()
}

/** A required one-line text: trimmed, 1..max characters, no control characters. */
export function lineText(max: number, what: string, required = `${what} is required`) {
  return z
    .string()
    .trim()
    .min(1, required)
    .max(max, `${what} can be at most ${max} characters`)
    .refine((s) => !hasControlChars(s), `${what} cannot contain control characters (line breaks, tabs, NUL)`)
}

/** An optional short code or free-form one-liner (plan id, time zone, provider …). */
export function shortText(max: number = LIMITS.shortText, what = 'This value') {
  return z
    .string()
    .max(max, `${what} can be at most ${max} characters`)
    .refine((s) => !hasControlChars(s), `${what} cannot contain control characters (line breaks, tabs, NUL)`)
}

/**
 * An external id (customer, connection owner, end user). Workato documents it as a free string that is addressed
 * as `E` + the percent-encoded id (reference §1.3), so any printable character is fine; we bound the length and
 * refuse control characters, which no id a person types contains.
 */
export const externalIdSchema = lineText(LIMITS.externalId, 'The external id')

const isLoopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '[::1]'

const ORIGIN_HELP = 'An origin is the scheme, host and optional port a page is served from, for example https://app.acme.example'

type UrlKind = 'origin' | 'base URL'

/**
 * One check for every URL a person enters. `origin` must be an origin exactly (Workato compares the token's
 * `origin` and its allowlist by origin: reference §7.2, §8.4); `base URL` may have a path. Both: https (http only
 * on loopback), at most LIMITS.url characters, and never a user name or password (they would be stored in plain
 * settings and shown in the UI). Exactly one issue per bad value, with a sentence that says what to enter.
 */
function checkUrl(kind: UrlKind, s: string, ctx: z.RefinementCtx): void {
  if (s.length > LIMITS.url) {
    ctx.addIssue({ code: 'custom', message: `A URL can be at most ${LIMITS.url} characters` })
    return
  }
  if (hasControlChars(s)) {
    ctx.addIssue({ code: 'custom', message: 'A URL cannot contain control characters (line breaks, tabs, NUL)' })
    return
  }
  let u: URL
  try {
    u = new URL(s)
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: kind === 'origin' ? `Not an origin. ${ORIGIN_HELP}` : 'Must be an https:// URL (http is allowed only for localhost)',
    })
    return
  }
  const web = u.protocol === 'https:' || u.protocol === 'http:'
  if (!web) {
    ctx.addIssue({
      code: 'custom',
      message:
        kind === 'origin' ? `"${u.protocol}" is not a web origin. ${ORIGIN_HELP}` : 'Must be an https:// URL (http is allowed only for localhost)',
    })
    return
  }
  if (u.username || u.password) {
    const bare = kind === 'origin' ? u.origin : `${u.origin}${u.pathname === '/' ? '' : u.pathname}`
    ctx.addIssue({
      code: 'custom',
      message: `A${kind === 'origin' ? 'n origin' : ' base URL'} cannot contain a user name or password (they would be stored in plain settings): use ${bare}`,
    })
    return
  }
  if (u.protocol === 'http:' && !isLoopback(u.hostname)) {
    ctx.addIssue({
      code: 'custom',
      message: `${kind === 'origin' ? 'Origin URL must' : 'Must'} be an https:// URL (http is allowed only for localhost)`,
    })
    return
  }
  if (kind === 'origin' && ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash)) {
    ctx.addIssue({ code: 'custom', message: `An origin has no path, query or fragment: use ${u.origin}` })
  }
}

/** A widget origin a person enters (profiles and customers alike). */
export const originSchema = z
  .string()
  .trim()
  .superRefine((s, ctx) => checkUrl('origin', s, ctx))

/** The base URL of a private deployment (`custom` data center). */
export const baseUrlSchema = z
  .string()
  .trim()
  .superRefine((s, ctx) => checkUrl('base URL', s, ctx))

/** A list of origins: at most LIMITS.originsPerProfile, each once. */
export const originListSchema = z
  .array(originSchema)
  .max(LIMITS.originsPerProfile, `At most ${LIMITS.originsPerProfile} origin URLs per profile`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>()
    for (const [i, o] of list.entries()) {
      let key = o
      try {
        key = new URL(o).origin
      } catch {
        // originSchema has reported it
      }
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `${key} is listed twice; list each origin once` })
      seen.add(key)
    }
  })

/** Workato ids: positive safe integers (reference §2.4, §3.3, §4.3). */
export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

/** Removes a user name and password from a stored URL (settings written before they were refused). */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url)
    if (!u.username && !u.password) return url
    u.username = ''
    u.password = ''
    // URL keeps a bare trailing slash on an origin it re-serialises; the stored form had none if the input had none.
    const out = u.toString()
    return url.endsWith('/') || u.pathname !== '/' || u.search || u.hash ? out : out.replace(/\/$/, '')
  } catch {
    return url
  }
}
