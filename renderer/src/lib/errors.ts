/**
 * Errors as the renderer sees them: a failed contract call throws `ApiError` (renderer/src/bridge) with core's
 * plain error data; screens turn anything thrown into words with `errorMessage` and read the data (code,
 * correlation id, hint) with `errorData`. Kept apart from the bridge so views and components need nothing from it.
 */
import type { AppErrorData } from '@shared/errors'

export class ApiError extends Error {
  readonly data: AppErrorData
  constructor(data: AppErrorData) {
    super(data.message)
    this.name = 'ApiError'
    this.data = data
  }
  get code() {
    return this.data.code
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
