/**
 * Errors cross every boundary (IPC, the harness's HTTP, core → UI) as plain data, never as Error instances:
 * contextBridge drops an Error's own properties, and a person needs a code and a sentence they can act on.
 */
import { z } from 'zod'

export const errorCodes = [
  'validation', // a request or response did not match its schema
  'forbidden_sender', // IPC from a frame that is not our app
  'unknown_operation',
  'not_found',
  'conflict',
  'unauthorized', // 401 from the API: bad token or missing privilege
  'rate_limited',
  'timeout',
  'cancelled',
  'network', // API unreachable
  'api_error', // any other non-2xx from the API
  'bad_key', // PEM import problems
  'vault_unavailable', // no Secret Service / keychain locked
  'vault_error',
  'settings_corrupt',
  'internal',
] as const

export const errorCodeSchema = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof errorCodeSchema>

export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** HTTP status when the error came from the Embedded API. */
  status: z.number().int().optional(),
  /** What the person can do about it, in one sentence. */
  hint: z.string().optional(),
  /**
   * The id Workato gave this failure (§6.1: the `id` of a 500 body; or an `x-correlation-id` / `x-request-id`
   * header). The screens show it with a copy button: it is what Workato support asks for.
   */
  correlationId: z.string().max(200).optional(),
  details: z.unknown().optional(),
})
export type AppErrorData = z.infer<typeof appErrorSchema>

/** A thrown error that already carries its plain-data form. Core throws these; boundaries serialise `.data`. */
export class AppError extends Error {
  readonly data: AppErrorData
  constructor(data: AppErrorData) {
    super(data.message)
    this.name = 'AppError'
    this.data = data
  }
  get code(): ErrorCode {
    return this.data.code
  }
}

export function appError(code: ErrorCode, message: string, extra: Omit<AppErrorData, 'code' | 'message'> = {}): AppError {
  return new AppError({ code, message, ...extra })
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}

/** The envelope every contract call resolves to. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorData }

/** Turns a zod failure into a message that names the field, e.g. "customerId: Expected number, received string". */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ')
}
