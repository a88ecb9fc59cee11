/**
 * Errors as the renderer sees them: a failed contract call throws `ApiError` (renderer/src/bridge) with core's
 * plain error data; screens turn anything thrown into words with `errorMessage` and read the data (code,
 * correlation id, hint) with `errorData`. Kept apart from the bridge so views and components need nothing from it.
 */
import { AppError, type AppErrorData } from '@shared/errors'

/** A failed contract call: core's AppError data as it crossed the bridge (same shape, named for where it came from). */
export class ApiError extends AppError {
  constructor(data: AppErrorData) {
    super(data)
    this.name = 'ApiError'
  }
  get hint() {
    return this.data.hint
  }
}

/** A message for a person from anything thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.hint ? `${e.message} ${e.hint}` : e.message
  return e instanceof Error ? e.message : String(e)
}

/** The contract's error data behind anything thrown, when it came from core (for the correlation id and hint). */
export function errorData(e: unknown): AppErrorData | null {
  return e instanceof ApiError ? e.data : null
}
