import { describe, expect, it } from 'vitest'
import { formatDeepLink, parseDeepLink, type DeepLink } from '../../../../shared/deep-link'
import { isoWithZone, ticketSummary, type TicketContext } from '../../../../shared/ticket-summary'

const ctx: TicketContext = { profileName: 'Acme Prod', dataCenter: 'US', at: new Date('2026-11-26T03:14:05.678Z'), timeZone: 'Europe/Berlin' }
const customer = { id: 100001, name: 'Globex', external_id: 'cust-00001' }
const failedJob = {
  id: 'j-AbC123-xyz',
  title: 'Sync orders #12',
  status: 'failed',
  started_at: '2026-11-25T22:00:00.000Z',
  error: 'Record not found: 404',
  error_parts: {
    adapter: 'salesforce',
    error_type: 'Not found',
    message: 'Record not found: 404',
    error_id: 'err123',
    inner_message: '404 Not Found: record 7 was deleted',
    input: { record_id: 7 },
  },
}

describe('ticketSummary', () => {
  it('a failed job: ids, names, status, error, time with zone, data center and a deep link that opens it', () => {
    const s = ticketSummary({ kind: 'job', customer, recipe: { id: 42, name: 'Sync orders' }, job: failedJob }, ctx)
    expect(s.plain).toBe(
      [
        'Job j-AbC123-xyz failed',
        'Customer:    Globex (id 100001, external id cust-00001)',
        'Recipe:      Sync orders (id 42)',
        'Job:         j-AbC123-xyz Sync orders #12',
        'Status:      failed',
        'Started:     2026-11-25T22:00:00.000Z',
        'Error:       Record not found: 404 (Not found in salesforce)',
        'App said:    404 Not Found: record 7 was deleted',
        'Error id:    err123',
        'Profile:     Acme Prod',
        'Data center: US',
        'Time:        2026-11-26T04:14:05+01:00 (Europe/Berlin)',
        'Link:        embedded-console://job/42/j-AbC123-xyz',
        '',
      ].join('\n'),
    )
    expect(s.markdown).toContain('**Job j-AbC123-xyz failed**')
    expect(s.markdown).toContain('| Link | <embedded-console://job/42/j-AbC123-xyz> |')
    expect(s.html).toContain('<a href="embedded-console://job/42/j-AbC123-xyz">')
    const link = parseDeepLink('embedded-console://job/42/j-AbC123-xyz')
    expect(link).toEqual({ ok: true, link: { kind: 'job', recipeId: 42, jobId: 'j-AbC123-xyz' } })
  })

  it('an error: the correlation id, or says Workato gave none', () => {
    const error = { code: 'api_error' as const, message: 'Server error', status: 500, correlationId: 'corr-7f3a' }
    const s = ticketSummary({ kind: 'error', customer, action: 'Start recipe 42', error }, ctx)
    expect(s.plain).toContain('Correlation id: corr-7f3a')
    expect(s.plain).toContain('Error:          Server error (HTTP 500, api_error)')
    expect(s.plain).toContain('Link:           embedded-console://customer/100001?profile=Acme%20Prod')
    const none = ticketSummary({ kind: 'error', action: 'List customers', error: { code: 'network', message: 'Workato cannot be reached.' } }, ctx)
    expect(none.plain).toContain('Correlation id: none given by Workato')
    expect(none.plain).not.toContain('Link:')
  })

  it('never carries a secret: a token or JWT in an error message is redacted in every form', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl'
    const error = { code: 'api_error' as const, message: `Refused: Bearer sk_live_abcdef123456 and ?workato_dl_token=${jwt}` }
    const s = ticketSummary({ kind: 'error', customer, action: 'Open widget', error }, ctx)
    for (const form of [s.plain, s.markdown, s.html]) {
      expect(form).not.toContain('sk_live_abcdef123456')
      expect(form).not.toContain(jwt)
      expect(form).toContain('[redacted]')
    }
  })

  it('connections and recipes show their status; markup in names cannot break the Markdown or the HTML', () => {
    const conn = ticketSummary(
      {
        kind: 'connection',
        customer,
        connection: {
          id: 7,
          name: 'Sales|<b>force</b>',
          provider: 'salesforce',
          authorization_status: 'failed',
          authorization_error: 'invalid_grant',
        },
      },
      ctx,
    )
    expect(conn.plain).toContain('Status:      failed')
    expect(conn.plain).toContain('Error:       invalid_grant')
    expect(conn.markdown).toContain('Sales\\|<b>force</b>')
    expect(conn.html).toContain('Sales|&lt;b&gt;force&lt;/b&gt;')
    expect(conn.html).not.toContain('<b>')
    const recipe = ticketSummary(
      { kind: 'recipe', customer, recipe: { id: 42, name: 'Sync', running: false, stop_cause: 'trigger_errors_limit' } },
      ctx,
    )
    expect(recipe.title).toBe('Recipe Sync (stopped (trigger_errors_limit))')
    expect(recipe.plain).toContain('Link:        embedded-console://recipe/42')
  })

  it('keeps each fact on one line and short', () => {
    const error = { code: 'api_error' as const, message: `line one\nline two\r\n${'x'.repeat(2000)}` }
    const s = ticketSummary({ kind: 'error', action: 'Do it', error }, ctx)
    const line = s.plain.split('\n').find((l) => l.startsWith('Error:')) ?? ''
    expect(line).toMatch(/^Error: +line one line two x+…/)
    expect(line.length).toBeLessThan(560)
  })
})

describe('isoWithZone', () => {
  it('gives the wall-clock time with its offset and zone name, across DST and for UTC', () => {
    expect(isoWithZone(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00 (America/New_York)')
    expect(isoWithZone(new Date('2026-01-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-01T17:30:00+05:30 (Asia/Kolkata)')
    expect(isoWithZone(new Date('2026-01-01T12:00:00Z'), 'UTC')).toBe('2026-01-01T12:00:00Z (UTC)')
    expect(isoWithZone(new Date('2026-01-01T12:00:00Z'), 'Not/AZone')).toBe('2026-01-01T12:00:00Z (UTC)')
  })
})

describe('formatDeepLink', () => {
  it.each<DeepLink>([
    { kind: 'customer', customerId: 5 },
    { kind: 'customer', customerId: 5, profile: 'Acme Prod' },
    { kind: 'connection', connectionId: 9 },
    { kind: 'recipe', recipeId: 42 },
    { kind: 'job', recipeId: 42, jobId: 'j-AbC_1' },
    { kind: 'widget', attemptId: 'abcdef12-3456' },
  ])('formats %o so the parser reads it back', (link) => {
    expect(parseDeepLink(formatDeepLink(link))).toEqual({ ok: true, link })
  })

  it('drops a profile name the link form cannot carry', () => {
    expect(formatDeepLink({ kind: 'customer', customerId: 5, profile: 'a/b?c' })).toBe('embedded-console://customer/5')
  })
})
