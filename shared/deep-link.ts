/**
 * `embedded-console://` links: the small allow-list of forms the app understands, parsed into a typed value.
 * A deep link arrives from outside (a browser, a chat message, another program), so anything not on the list is
 * refused with a reason, and nothing in a refused link is echoed back unbounded or with control characters.
 */
import { z } from 'zod'

export const DEEP_LINK_SCHEME = 'embedded-console'
/** Longer links are refused before parsing: the allowed forms are short, and a log line must stay short too. */
export const MAX_DEEP_LINK_LENGTH = 512

const numericId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
/** Widget attempt ids, as the widget contract spells them (shared/contract/widget.ts). */
const attemptIdPattern = /^[a-z0-9-]{8,64}$/
const profileNamePattern = /^[\p{L}\p{N} ._-]{1,64}$/u

export const deepLinkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer'), customerId: numericId, profile: z.string().regex(profileNamePattern).optional() }),
  z.object({ kind: z.literal('connection'), connectionId: numericId }),
  z.object({ kind: z.literal('recipe'), recipeId: numericId }),
  z.object({ kind: z.literal('job'), recipeId: numericId, jobId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
  z.object({ kind: z.literal('widget'), attemptId: z.string().regex(attemptIdPattern) }),
  z.object({ kind: z.literal('profile'), name: z.string().regex(profileNamePattern) }),
])
export type DeepLink = z.infer<typeof deepLinkSchema>

export type DeepLinkRejection =
  | 'too_long'
  | 'control_characters'
  | 'not_a_url'
  | 'wrong_scheme'
  | 'credentials'
  | 'port'
  | 'unknown_host'
  | 'bad_path'
  | 'bad_id'
  | 'unexpected_query'
  | 'fragment'

export type DeepLinkResult = { ok: true; link: DeepLink } | { ok: false; reason: DeepLinkRejection; message: string }

function reject(reason: DeepLinkRejection, message: string): DeepLinkResult {
  return { ok: false, reason, message }
}

/** Numeric Workato ids: digits only, no sign, no leading zero, within the safe integer range. */
function parseNumericId(segment: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(segment)) return null
  const n = Number(segment)
  return Number.isSafeInteger(n) ? n : null
}

/** Path forms and how many segments each takes after the host. */
const forms = { customer: 1, connection: 1, recipe: 1, job: 2, widget: 1, profile: 0 } as const
type Form = keyof typeof forms
const isForm = (host: string): host is Form => Object.prototype.hasOwnProperty.call(forms, host)

export function parseDeepLink(input: string): DeepLinkResult {
  if (input.length > MAX_DEEP_LINK_LENGTH) return reject('too_long', `The link is longer than ${MAX_DEEP_LINK_LENGTH} characters.`)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(input)) return reject('control_characters', 'The link contains control characters.')
  if (!input.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`)) return reject('wrong_scheme', `Only ${DEEP_LINK_SCHEME}:// links are handled.`)
  let url: URL
  try {
    url = new URL(input)
  } catch {
    return reject('not_a_url', 'The link is not a valid URL.')
  }
  if (url.username || url.password) return reject('credentials', 'Links carrying a user name or password are refused.')
  if (url.port) return reject('port', 'Links with a port are refused.')
  if (url.hash) return reject('fragment', 'Links with a #fragment are refused.')
  const host = url.hostname.toLowerCase()
  if (!isForm(host)) return reject('unknown_host', `Unknown link kind "${host.slice(0, 32)}"; expected one of ${Object.keys(forms).join(', ')}.`)

  // An empty segment (`//`, trailing `/`) or anything percent-encoded is not one of our forms.
  const raw = url.pathname.replace(/^\//, '')
  const segments = raw === '' ? [] : raw.split('/')
  if (segments.length !== forms[host] || segments.some((s) => s === '' || s.includes('%'))) {
    return reject('bad_path', `A ${host} link has the form ${DEEP_LINK_SCHEME}://${example[host]}.`)
  }
  const allowedQuery = queryOf[host]
  const keys = [...url.searchParams.keys()]
  if (keys.some((k) => k !== allowedQuery) || new Set(keys).size !== keys.length) {
    return reject('unexpected_query', `A ${host} link takes ${allowedQuery ? `only ?${allowedQuery}=<name>` : 'no query'}.`)
  }

  const [first = '', second = ''] = segments
  const candidate = ((): unknown => {
    switch (host) {
      case 'customer': {
        const profile = url.searchParams.get('profile')
        return { kind: host, customerId: parseNumericId(first), ...(profile === null ? {} : { profile }) }
      }
      case 'connection':
        return { kind: host, connectionId: parseNumericId(first) }
      case 'recipe':
        return { kind: host, recipeId: parseNumericId(first) }
      case 'job':
        return { kind: host, recipeId: parseNumericId(first), jobId: second }
      case 'widget':
        return { kind: host, attemptId: first }
      case 'profile':
        return { kind: host, name: url.searchParams.get('name') }
    }
  })()
  const parsed = deepLinkSchema.safeParse(candidate)
  if (!parsed.success) return reject('bad_id', `The ids in this ${host} link are not valid; the form is ${DEEP_LINK_SCHEME}://${example[host]}.`)
  return { ok: true, link: parsed.data }
}

const example: Record<Form, string> = {
  customer: 'customer/<numeric id>?profile=<profile name>',
  connection: 'connection/<numeric id>',
  recipe: 'recipe/<numeric id>',
  job: 'job/<numeric recipe id>/<job id>',
  widget: 'widget/<attempt id>',
  profile: 'profile?name=<profile name>',
}

/** The one query parameter each form may carry (a profile by name has no id to put in the path). */
const queryOf: Record<Form, string | null> = { customer: 'profile', connection: null, recipe: null, job: null, widget: null, profile: 'name' }

/** One line for a person: what the link asked for. */
export function describeDeepLink(link: DeepLink): string {
  switch (link.kind) {
    case 'customer':
      return `customer ${link.customerId}${link.profile ? ` in profile "${link.profile}"` : ''}`
    case 'connection':
      return `connection ${link.connectionId}`
    case 'recipe':
      return `recipe ${link.recipeId}`
    case 'job':
      return `job ${link.jobId} of recipe ${link.recipeId}`
    case 'widget':
      return `widget attempt ${link.attemptId}`
    case 'profile':
      return `profile "${link.name}"`
  }
}

/**
 * The link for a thing, the inverse of `parseDeepLink` (a formatted link always parses back to the same value).
 * Names go in the query, percent-encoded, since the parser refuses encoded path segments.
 */
export function formatDeepLink(link: DeepLink): string {
  const base = `${DEEP_LINK_SCHEME}://`
  switch (link.kind) {
    case 'customer': {
      // A profile name the parser would refuse is left out rather than making the whole link unusable.
      const profile = link.profile && profileNamePattern.test(link.profile) ? `?profile=${encodeURIComponent(link.profile)}` : ''
      return `${base}customer/${link.customerId}${profile}`
    }
    case 'connection':
      return `${base}connection/${link.connectionId}`
    case 'recipe':
      return `${base}recipe/${link.recipeId}`
    case 'job':
      return `${base}job/${link.recipeId}/${link.jobId}`
    case 'widget':
      return `${base}widget/${link.attemptId}`
    case 'profile':
      return `${base}profile?name=${encodeURIComponent(link.name)}`
  }
}
