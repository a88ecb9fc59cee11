/**
 * The one place that says which contract operations are staff actions for the audit trail (issue 14, item 2), and
 * how each names what it acted on. `withAudit` wraps those handlers once, in create-core, so every transport (IPC,
 * the harness) records them the same way and the outcome and correlation id come from what the handler actually
 * did, not from what each handler remembers to say. Widget attempts keep their own richer lines (widget service);
 * bulk runs and job re-runs record per target where they run.
 *
 * Descriptions use ids, names and field names only: a request may carry an API token, a PEM or a pasted JWT, and
 * none of that may reach the trail (the log also redacts every string, as a second line of defence).
 */
import type { OpName, RequestOf, ResponseOf } from '../../../shared/contract'
import { isAppError } from '../../../shared/errors'
import { log } from '../log'
import type { CallContext, Handlers } from '../rpc/types'
import type { AuditLog, AuditRecord } from './audit-log'

export interface Described {
  action: string
  target: string | null
  /** Defaults to the request's `profileId` / `customerId` when it has one. */
  profileId?: string | null
  customerId?: number | null
  detail?: string | null
  /** A call that returned normally but did not do what was asked (a recipe start refused with config errors). */
  failed?: boolean
}

/** `res` is null when the handler threw. */
type Describe<K extends OpName> = (req: RequestOf<K>, res: ResponseOf<K> | null) => Described
export type AuditedOps = { [K in OpName]?: Describe<K> }

const quoted = (s: string | null | undefined) => (s ? ` "${s}"` : '')
const fields = (o: object) => Object.keys(o).join(', ') || 'nothing'

/**
 * Not here on purpose: reads (lists, gets), `tokens:inspect` (it decodes text the person pasted and checks it with
 * the public key; it runs as they type, and a line per keystroke would bury the trail), and the widget operations
 * (the widget service writes its own lines).
 */
export const auditedOps: AuditedOps = {
  'profiles:create': (req, res) => ({
    action: 'profile.create',
    profileId: res?.id ?? null,
    target: `profile${quoted(req.name)}`,
    detail: `data center ${req.dataCenter}${req.apiToken ? '; API token stored in the keychain' : ''}`,
  }),
  'profiles:update': (req) => ({ action: 'profile.update', target: `profile ${req.profileId}`, detail: `changed: ${fields(req.patch)}` }),
  'profiles:delete': (req) => ({ action: 'profile.delete', target: `profile ${req.profileId}`, detail: 'profile and its secrets deleted' }),
  'profiles:setActive': (req) => ({ action: 'profile.activate', target: `profile ${req.profileId}` }),
  'profiles:test': (req, res) => ({
    action: 'token.test',
    target: `API token of profile ${req.profileId}`,
    failed: res ? !res.ok : undefined,
    detail: res?.message ?? null,
  }),
  'keys:import': (req, res) => ({
    action: 'key.import',
    target: `signing key of profile ${req.profileId}`,
    detail: res ? `${res.bits}-bit, SHA-256 ${res.fingerprint}` : null,
  }),
  'keys:generate': (req, res) => ({
    action: 'key.generate',
    target: `signing key of profile ${req.profileId}`,
    detail: res ? `${res.bits}-bit, SHA-256 ${res.fingerprint}` : `${req.bits}-bit`,
  }),
  'keys:register': (req, res) => ({
    action: 'key.register',
    target: `public key of profile ${req.profileId}`,
    detail: res ? `registered with Workato for vendor ${res.vendorId}` : null,
  }),
  'customers:create': (req, res) => ({
    action: 'customer.create',
    customerId: res?.id ?? null,
    target: `customer${res ? ` ${res.id}` : ''}${quoted(req.input.name)}`,
  }),
  'customers:update': (req) => ({ action: 'customer.update', target: `customer ${req.customerId}`, detail: `changed: ${fields(req.patch)}` }),
  'connections:create': (req, res) => ({
    action: 'connection.create',
    target: `connection${res ? ` ${res.id}` : ''}${quoted(req.input.name)} (${req.input.provider})`,
  }),
  'connections:update': (req) => ({ action: 'connection.update', target: `connection ${req.connectionId}`, detail: `changed: ${fields(req.patch)}` }),
  'connections:disconnect': (req) => ({
    action: 'connection.disconnect',
    target: `connection ${req.connectionId}`,
    detail: req.force ? 'forced (running recipes used it)' : null,
  }),
  'connections:delete': (req) => ({ action: 'connection.delete', target: `connection ${req.connectionId}` }),
  'recipes:start': (req, res) => ({
    action: 'recipe.start',
    target: `recipe ${req.recipeId}`,
    failed: res ? !res.success : undefined,
    detail: res && !res.success ? res.problems.join('; ') : null,
  }),
  'recipes:stop': (req, res) => ({
    action: 'recipe.stop',
    target: `recipe ${req.recipeId}`,
    failed: res ? !res.success : undefined,
    detail: res && !res.success ? res.problems.join('; ') : null,
  }),
  'flows:importStart': (req, res) => ({
    action: 'package.import',
    target: `package${quoted(req.fileName)}`,
    detail: res ? `into folder ${res.folderId}, import ${res.package.id}` : null,
  }),
  'flows:bindSlot': (req, res) => ({
    action: 'recipe.bind_slot',
    target: `recipe ${req.recipeId}, slot ${req.adapterName}`,
    detail: res ? `bound to connection ${res.connectionId}` : null,
  }),
  'flows:runtimeUser': (req) => ({ action: 'runtime_user.connect', target: `recipe ${req.recipeId}, end user ${req.endUserId}` }),
  'settings:update': (req) => ({ action: 'settings.update', profileId: null, target: 'preferences', detail: `changed: ${fields(req)}` }),
  'audit:export': (_req, res) => ({
    action: 'audit.export',
    profileId: null,
    target: 'audit trail',
    detail: res ? `${res.rows} rows to ${res.fileName}` : null,
  }),
}

function idsOf(req: unknown): { profileId: string | null; customerId: number | null } {
  const r = typeof req === 'object' && req !== null ? (req as Record<string, unknown>) : {}
  return {
    profileId: typeof r.profileId === 'string' ? r.profileId : null,
    customerId: typeof r.customerId === 'number' ? r.customerId : null,
  }
}

/** One trail line for one call. Exported for tests; `withAudit` is what core uses. */
export function describeCall(op: OpName, req: unknown, result: { ok: true; data: unknown } | { ok: false; error: unknown }): AuditRecord | null {
  const describe = auditedOps[op] as Describe<OpName> | undefined
  if (!describe) return null
  const d = describe(req as never, result.ok ? (result.data as never) : null)
  const ids = idsOf(req)
  let outcome: AuditRecord['outcome'] = d.failed ? 'failed' : 'ok'
  let correlationId: string | null = null
  let detail = d.detail ?? null
  if (!result.ok) {
    const e = result.error
    const data = isAppError(e) ? e.data : null
    const cancelled = data?.code === 'cancelled' || (e instanceof Error && e.name === 'AbortError')
    outcome = cancelled ? 'cancelled' : 'failed'
    correlationId = data?.correlationId ?? null
    const why = data ? `${data.code}: ${data.message}` : e instanceof Error ? e.message : String(e)
    detail = [detail, why].filter(Boolean).join('; ')
  }
  return {
    action: d.action,
    profileId: (d.profileId !== undefined ? d.profileId : ids.profileId)?.slice(0, 64) ?? null,
    customerId: d.customerId !== undefined ? d.customerId : ids.customerId,
    target: d.target?.slice(0, 500) ?? null,
    outcome,
    correlationId: correlationId?.slice(0, 200) ?? null,
    detail: detail?.slice(0, 2000) ?? null,
  }
}

/** The handlers with every audited operation recording one line when it ends (a write failure never fails the call). */
export function withAudit(audit: Pick<AuditLog, 'record'>, handlers: Handlers): Handlers {
  const out: Record<string, unknown> = { ...handlers }
  for (const op of Object.keys(auditedOps) as OpName[]) {
    const inner = handlers[op] as (req: unknown, ctx: CallContext) => Promise<unknown>
    const write = (rec: AuditRecord | null) =>
      rec
        ? audit.record(rec).catch((e: unknown) => log.warn(`audit line for ${op} not written: ${e instanceof Error ? e.message : String(e)}`))
        : undefined
    out[op] = async (req: unknown, ctx: CallContext) => {
      try {
        const data = await inner(req, ctx)
        await write(describeCall(op, req, { ok: true, data }))
        return data
      } catch (error) {
        await write(describeCall(op, req, { ok: false, error }))
        throw error
      }
    }
  }
  return out as Handlers
}
