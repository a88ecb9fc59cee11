/**
 * Global search (Ctrl/Cmd+K) over what the console has already seen, and the look-up a deep link needs when it
 * names a connection or recipe by id alone (Workato addresses both under their customer, reference §3, §4, so the
 * customer has to be found first). Also the event that tells the window a deep link was refused.
 */
import { z } from 'zod'
import { event, op } from './define'
import { profileIdSchema } from '../domain/profile'
import { SEARCH_LIMITS } from './limits'

const positiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

export const searchKinds = ['customer', 'connection', 'recipe', 'job'] as const
export const searchKindSchema = z.enum(searchKinds)
export type SearchKind = z.infer<typeof searchKindSchema>

/** What the query matched, so the result can say why it is there. */
export const searchMatchSchema = z.enum(['id', 'external_id', 'name', 'error'])

export const searchResultSchema = z.object({
  kind: searchKindSchema,
  /** The thing's own id as text (job ids are strings). */
  id: z.string(),
  title: z.string(),
  /** A second line: the matched error text, the external id, or the state. */
  detail: z.string().nullable(),
  matched: searchMatchSchema,
  customerId: positiveId,
  customerName: z.string().nullable(),
  recipeId: positiveId.optional(),
})
export type SearchResult = z.infer<typeof searchResultSchema>

export const searchQuerySchema = z.object({
  profileId: profileIdSchema,
  query: z.string().trim().min(1, 'Type something to search for').max(SEARCH_LIMITS.query, `A search is at most ${SEARCH_LIMITS.query} characters`),
  limit: z.number().int().positive().max(SEARCH_LIMITS.results).default(SEARCH_LIMITS.defaultResults),
})

export const searchAnswerSchema = z.object({
  results: z.array(searchResultSchema),
  /** Matches found before the cap; more than `results.length` means the list was cut. */
  total: z.number().int().nonnegative(),
  /** How much of the cache was searched, so "no match" can say what was looked at. */
  searched: z.object({
    customers: z.number().int().nonnegative(),
    connections: z.number().int().nonnegative(),
    recipes: z.number().int().nonnegative(),
    jobs: z.number().int().nonnegative(),
  }),
})
export type SearchAnswer = z.infer<typeof searchAnswerSchema>

/** A look-up the renderer started; its id lets Cancel reach it (and names its `progress` task). */
const lookupId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'Not a look-up id')

export function locateTask(lookupId: string): string {
  return `search:locate:${lookupId}`
}

export const locateAnswerSchema = z.object({
  customerId: positiveId.nullable(),
  /** `cache` when the local copy knew it, `api` when customers were asked one by one, null when not found. */
  source: z.enum(['cache', 'api']).nullable(),
  /** Customers whose lists were read from the API before it was found (or all of them). */
  checked: z.number().int().nonnegative(),
  cancelled: z.boolean(),
})
export type LocateAnswer = z.infer<typeof locateAnswerSchema>

export const deepLinkRefusedSchema = z.object({
  reason: z.string().max(64),
  /** The parser's sentence (bounded, no control characters, never the raw link). */
  message: z.string().max(300),
})
export type DeepLinkRefused = z.infer<typeof deepLinkRefusedSchema>

export const searchOps = {
  'search:query': op(
    searchQuerySchema,
    searchAnswerSchema,
    'Find customers, connections, recipes and jobs by id, external id, name or error text in the local cache',
  ),
  'search:locate': op(
    z.object({ profileId: profileIdSchema, kind: z.enum(['connection', 'recipe']), id: positiveId, lookupId }),
    locateAnswerSchema,
    'Which customer a connection or recipe belongs to: the cache first, then each customer in turn (progress events, cancellable)',
  ),
  'search:cancelLocate': op(z.object({ lookupId }), z.object({ cancelled: z.boolean() }), 'Stop a running look-up'),
} as const

export const searchEvents = {
  deepLinkRefused: event(deepLinkRefusedSchema, 'An embedded-console:// link the OS handed over was refused (shared/deep-link.ts says why)'),
} as const
