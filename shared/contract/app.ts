import { z } from 'zod'
import { deepLinkSchema } from '../deep-link'
import { event, noInput, ok, op } from './define'
import { LIMITS } from './limits'

export const noticeSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  title: z.string(),
  message: z.string(),
  at: z.string(),
})
export type Notice = z.infer<typeof noticeSchema>

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** `electron` in the app; `harness` when the renderer is driven over loopback HTTP in tests. */
  transport: z.enum(['electron', 'harness']),
  dataDir: z.string(),
})
export type AppInfo = z.infer<typeof appInfoSchema>

export const appOps = {
  'app:info': op(noInput, appInfoSchema, 'Version, platform and transport of the running app'),
  'app:notices': op(noInput, z.array(noticeSchema), 'Things the user must be told about (e.g. a corrupted settings file moved aside)'),
  'app:dismissNotice': op(z.object({ id: z.string().max(LIMITS.noticeId) }), ok, 'Forget a notice once the user has read it'),
  'app:openExternal': op(z.object({ url: z.url().max(LIMITS.url) }), ok, 'Open an https URL in the system browser'),
} as const

export const progressSchema = z.object({
  /** Stable id of the long-running task, e.g. `customers:refresh:<profileId>`. */
  task: z.string(),
  label: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  finished: z.boolean(),
  error: z.string().nullable().default(null),
})
export type Progress = z.infer<typeof progressSchema>

export const appEvents = {
  progress: event(progressSchema, 'Progress of a long-running task'),
  notice: event(noticeSchema, 'A new notice for the user'),
  deepLink: event(deepLinkSchema, 'An embedded-console:// link the OS handed to the app, already parsed and allow-listed (shared/deep-link.ts)'),
} as const
