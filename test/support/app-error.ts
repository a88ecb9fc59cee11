import { isAppError, type AppError } from '../../shared/errors'

/** Awaits a call that must fail with an AppError and returns it (anything else fails the test). */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (isAppError(e)) return e
    throw e
  }
  throw new Error('expected the call to fail')
}
