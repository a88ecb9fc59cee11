/**
 * The transport-independent half of every contract call: validate the request, run the handler, validate the
 * response, and turn anything thrown into plain error data with secrets scrubbed. Main's IPC `handle` helper
 * and the harness's HTTP endpoint both end here, so they cannot drift apart.
 */
import { ZodError } from 'zod'
import { isOpName, operations, type OpName } from '../../../shared/contract'
import { appError, describeZodError, isAppError, type AppErrorData, type Result } from '../../../shared/errors'
import { redactText, redactValue } from '../../../shared/redact'
import type { CallContext, Handlers } from './types'
import { log } from '../log'

export async function dispatch(
  handlers: Handlers,
  channel: string,
  payload: unknown,
  ctx: CallContext,
  knownSecrets: () => readonly string[] = () => [],
): Promise<Result<unknown>> {
  if (!isOpName(channel)) {
    return { ok: false, error: { code: 'unknown_operation', message: `No operation named "${String(channel).slice(0, 80)}"` } }
  }
  const def = operations[channel]
  const parsed = def.request.safeParse(payload)
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'validation', message: `Invalid request for ${channel}: ${describeZodError(parsed.error)}` },
    }
  }
  try {
    const handler = handlers[channel] as (req: unknown, ctx: CallContext) => Promise<unknown>
    const out = await handler(parsed.data, ctx)
    const checked = def.response.safeParse(out)
    if (!checked.success) {
      log.error(`response of ${channel} broke the contract: ${describeZodError(checked.error)}`)
      return { ok: false, error: { code: 'internal', message: `The app produced an invalid response for ${channel}.` } }
    }
    return { ok: true, data: checked.data }
  } catch (e) {
    return { ok: false, error: toErrorData(e, channel, knownSecrets()) }
  }
}

export function toErrorData(e: unknown, channel: OpName | string, secrets: readonly string[] = []): AppErrorData {
  if (isAppError(e)) return redactValue(e.data, secrets)
  if (e instanceof ZodError) return { code: 'validation', message: describeZodError(e) }
  if (e instanceof Error && e.name === 'AbortError') return { code: 'cancelled', message: 'Cancelled.' }
  const message = e instanceof Error ? e.message : String(e)
  log.error(`${channel} failed: ${redactText(e instanceof Error && e.stack ? e.stack : message, secrets)}`)
  return appError('internal', `Unexpected error in ${channel}: ${redactText(message, secrets)}`).data
}
