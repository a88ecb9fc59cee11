import { describe, expect, it } from 'vitest'
import { errorFromResponse, networkError } from '../../../../electron/core/workato/api-errors'

const call = (origin: string) => ({ method: 'POST', path: '/api/managed_users', origin, secrets: [] })

describe('API errors in words', () => {
  it('a refused request reads as a sentence, so the hint that follows starts a new one', () => {
    const e = errorFromResponse(
      400,
      { message: 'Validation failed', errors: { external_id: ['has already been taken'] } },
      call('https://www.workato.com'),
    )
    expect(e.message).toBe('Validation failed: external_id has already been taken (HTTP 400 on POST /api/managed_users).')
    expect(e.data.hint).toMatch(/^Workato refused the request/)
  })

  it('an unreachable API gets advice for where it is: the network for Workato, a restart for the built-in Sandbox', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    const remote = networkError(call('https://www.workato.com'), new TypeError('fetch failed', { cause: refused }))
    expect(remote.data.hint).toBe(
      "Check the network connection, any proxy or VPN, and the profile's data center (this profile calls https://www.workato.com).",
    )
    expect(remote.data.hint).not.toMatch(/Sandbox/)
    const local = networkError(call('http://127.0.0.1:4555'), new TypeError('fetch failed', { cause: refused }))
    expect(local.data.hint).toMatch(/built-in Sandbox .* restart the app/)
  })
})
