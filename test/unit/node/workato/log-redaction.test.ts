/** The log never carries an API token in any printed form (issue 11, defect 3): the redactor sees every line. */
import { inspect } from 'node:util'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { log } from '../../../../electron/core/log'

const lines: string[] = []
const prev = log.setSink((_level, line) => void lines.push(line))
afterEach(() => {
  lines.length = 0
})
afterAll(() => void log.setSink(prev))

describe('log lines', () => {
  it('redact a token with a line break however the line printed it', () => {
    const token = 'wrklog-live\n9e8d7c6b5a4f'
    log.addSecret(token)
    log.warn(`header refused: "Bearer ${token}"`)
    log.warn(`request: ${JSON.stringify({ headers: { 'x-api-token': token } })}`)
    log.warn(`value ${inspect(token)}`)
    log.warn(`callback https://x.example/cb?t=${encodeURIComponent(token)}`)
    log.warn(`basic ${Buffer.from(`user:${token}`).toString('base64')}`)
    expect(lines).toHaveLength(5)
    for (const l of lines) {
      expect(l).not.toContain('wrklog-live')
      expect(l).not.toContain('9e8d7c6b5a4f')
    }
  })
})
