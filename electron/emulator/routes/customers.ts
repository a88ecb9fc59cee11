/** Reference §2: customers (managed users). Envelopes per §1.4: list wrapped in `result`, single objects bare. */
import { z } from 'zod'
import { ok, paginate, parseBody, queryInt, validationFailed, type Router } from '../http'
import type { RateFamily } from '../rate-limit'
import { customerFrom, type RouteContext } from './context'
import { customerView } from './serialize'

const blank = "can't be blank"
const requiredString = z
  .string({ error: (i) => (i.input === undefined || i.input === null ? blank : 'must be a string') })
  .trim()
  .min(1, blank)
const optionalString = z.string({ error: 'must be a string' }).nullable().optional()
const originUrl = z
  .string({ error: 'must be a string' })
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL')
  .nullable()
  .optional()

// §2.2 create.
const createSchema = z.object({
  name: requiredString,
  notification_email: z.email({ error: (i) => (i.input === undefined ? blank : 'is invalid') }),
  plan_id: z.string({ error: 'must be a string' }).optional(),
  external_id: z.string({ error: 'must be a string' }).trim().min(1, blank).optional(),
  origin_url: originUrl,
  frame_ancestors: optionalString,
  time_zone: z.string({ error: 'must be a string' }).optional(),
  whitelisted_apps: z.array(z.string(), { error: 'must be a list of provider names' }).optional(),
  error_notification_emails: optionalString,
  admin_notification_emails: optionalString,
  in_trial: z.boolean({ error: 'must be true or false' }).optional(),
})

// §2.3 update: the create fields, each optional; `null` clears a nullable field.
const updateSchema = createSchema.partial().extend({
  notification_email: z.email({ error: 'is invalid' }).optional(),
  external_id: z.string({ error: 'must be a string' }).trim().min(1, blank).nullable().optional(),
  custom_task_limit: z.number({ error: 'must be a number' }).int().optional(),
})

export function customerRoutes(router: Router<RateFamily>, ctx: RouteContext): void {
  const { state } = ctx

  // §2.5: page/per_page default 1/100, max 100; `{result: [...]}`.
  router.add('GET', '/api/managed_users', 'customers', (req) => {
    const page = queryInt(req.query, 'page', 1, 1)
    const perPage = queryInt(req.query, 'per_page', 100, 1, 100)
    return ok({ result: paginate(state.listCustomers(), page, perPage).map((c) => customerView(c, state.activeCounts(c))) })
  })

  router.add('POST', '/api/managed_users', 'customers_create', (req) => {
    const body = parseBody(createSchema, req.body)
    if (body.external_id !== undefined && state.customerByExternalId(body.external_id)) {
      throw validationFailed({ external_id: ['has already been taken'] })
    }
    const c = state.createCustomer({
      external_id: body.external_id ?? null,
      name: body.name,
      notification_email: body.notification_email,
      error_notification_emails: body.error_notification_emails ?? null,
      admin_notification_emails: body.admin_notification_emails ?? null,
      plan_id: body.plan_id ?? 'oem_plan',
      in_trial: body.in_trial ?? false,
      trial: false,
      origin_url: body.origin_url ?? null,
      frame_ancestors: body.frame_ancestors ?? null,
      whitelisted_apps: body.whitelisted_apps ?? [],
      time_zone: body.time_zone ?? 'Pacific Time (US & Canada)',
      task_limit: 100_000,
      task_count: 0,
    })
    return ok(customerView(c, state.activeCounts(c)))
  })

  router.add('GET', '/api/managed_users/:customer', 'customers', (req) => {
    const c = customerFrom(ctx, req)
    return ok(customerView(c, ctx.state.activeCounts(c)))
  })

  router.add('PUT', '/api/managed_users/:customer', 'customers', (req) => {
    const c = customerFrom(ctx, req)
    const body = parseBody(updateSchema, req.body)
    if (body.external_id) {
      const other = state.customerByExternalId(body.external_id)
      if (other && other.id !== c.id) throw validationFailed({ external_id: ['has already been taken'] })
    }
    const previousExternal = c.external_id
    if (body.name !== undefined) c.name = body.name
    if (body.notification_email !== undefined) c.notification_email = body.notification_email
    if (body.plan_id !== undefined) c.plan_id = body.plan_id
    if (body.external_id !== undefined) c.external_id = body.external_id
    if (body.origin_url !== undefined) c.origin_url = body.origin_url
    if (body.frame_ancestors !== undefined) c.frame_ancestors = body.frame_ancestors
    if (body.time_zone !== undefined) c.time_zone = body.time_zone
    if (body.whitelisted_apps !== undefined) c.whitelisted_apps = body.whitelisted_apps
    if (body.error_notification_emails !== undefined) c.error_notification_emails = body.error_notification_emails
    if (body.admin_notification_emails !== undefined) c.admin_notification_emails = body.admin_notification_emails
    if (body.in_trial !== undefined) c.in_trial = body.in_trial
    if (body.custom_task_limit !== undefined) c.task_limit = body.custom_task_limit
    c.updated_at = new Date().toISOString()
    state.reindexExternalId(c, previousExternal)
    return ok(customerView(c, state.activeCounts(c)))
  })

  // Response body undocumented (§10 q3); `{success: true}` like the other mutations (inferred).
  router.add('DELETE', '/api/managed_users/:customer', 'customers', (req) => {
    state.deleteCustomer(customerFrom(ctx, req))
    return ok({ success: true })
  })
}
