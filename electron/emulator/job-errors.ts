/**
 * Failed-job errors the emulator seeds (reference §4.6 `error_parts`): a few shapes a support engineer meets most,
 * each with the app's own wording (`inner_message`) and the step input that failed where Workato would show one.
 * The order and `message` of each entry are fixed: seed.ts picks one per failed job from the recipe's PRNG stream,
 * so changing them changes every seeded job list.
 */
import type { JobErrorParts } from './records'

interface JobErrorShape {
  /** Also the job's `error` line. */
  message: string
  error_type: string
  inner: (recordId: number) => string | null
  input: (recordId: number) => Record<string, unknown>
}

export const JOB_ERRORS: readonly JobErrorShape[] = [
  {
    message: 'Request timed out after 40s',
    error_type: 'Timeout',
    inner: () => 'Net::ReadTimeout: the app did not answer within 40 seconds',
    input: (id) => ({ query: `SELECT Id, Name FROM Account WHERE Id = '${id}'`, limit: 200 }),
  },
  {
    message: 'Record not found: 404',
    error_type: 'Not found',
    inner: (id) => `404 Not Found: {"errorCode":"NOT_FOUND","message":"Record ${id} does not exist or was deleted"}`,
    input: (id) => ({ record_id: id }),
  },
  {
    message: 'Required field Email is missing',
    error_type: 'Input error',
    inner: () => null,
    input: (id) => ({ record_id: id, FirstName: 'Amara', LastName: 'Okafor', Email: null }),
  },
  {
    message: '429 Too Many Requests from the app',
    error_type: 'Rate limit',
    inner: () => '429 Too Many Requests: {"message":"API rate limit exceeded; retry after 60 seconds"}',
    input: (id) => ({ batch_size: 200, since_id: id }),
  },
]

export function jobErrorParts(shape: JobErrorShape, adapter: string, errorId: string, errorAt: string, recordId: number): JobErrorParts {
  return {
    adapter,
    error_type: shape.error_type,
    message: shape.message,
    error_id: errorId,
    error_at: errorAt,
    input: shape.input(recordId),
    inner_message: shape.inner(recordId),
  }
}
