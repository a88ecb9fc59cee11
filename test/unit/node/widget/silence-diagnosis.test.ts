/**
 * The silence diagnosis names the wrong origin fact by Workato's rule (reference §5.4, §8.4), and the widget
 * page's reason is read from its text (§7.4). Table cases: each is a situation a support engineer meets.
 */
import { describe, expect, it } from 'vitest'
import { diagnoseSilence, readWidgetPageReason, type OriginFacts } from '../../../../electron/core/widget/silence-diagnosis'

const host = 'http://127.0.0.1:5173'
const base: OriginFacts = {
  hostOrigin: host,
  claimOrigin: host,
  customerOrigin: null,
  accountOrigins: [host],
  accountOriginsSource: 'profile',
  pageReason: null,
}

describe('diagnoseSilence', () => {
  const cases: { name: string; facts: Partial<OriginFacts>; verdict: string; wrong: { fact: string; value: string } | null; says: RegExp }[] = [
    {
      name: 'the host origin (and claim) dropped from the account',
      facts: { accountOrigins: ['https://app.vendor.example'] },
      verdict: 'host_not_registered',
      wrong: { fact: 'host_origin', value: host },
      says: /host page's origin http:\/\/127\.0\.0\.1:5173 .* is not registered: .*customer's origin_url \(not set\).*account's origins \(https:\/\/app\.vendor\.example\)/,
    },
    {
      name: 'the claim names another registered origin',
      facts: { claimOrigin: 'https://app.vendor.example', accountOrigins: [host, 'https://app.vendor.example'] },
      verdict: 'claim_mismatch',
      wrong: { fact: 'origin_claim', value: 'https://app.vendor.example' },
      says: /claim is https:\/\/app\.vendor\.example, but the host page runs on http:\/\/127\.0\.0\.1:5173/,
    },
    {
      name: 'the claim names an origin nobody registered',
      facts: { claimOrigin: 'https://typo.example' },
      verdict: 'claim_not_registered',
      wrong: { fact: 'origin_claim', value: 'https://typo.example' },
      says: /claim https:\/\/typo\.example is not registered/,
    },
    {
      name: "no claim, and the customer's origin_url wins over the host",
      facts: { claimOrigin: null, customerOrigin: 'https://acme.vendor.example/embed' },
      verdict: 'posts_elsewhere',
      wrong: { fact: 'host_origin', value: host },
      says: /posts to the customer's origin_url, https:\/\/acme\.vendor\.example, not to the host page's origin/,
    },
    {
      name: 'nothing registered anywhere',
      facts: { accountOrigins: [] },
      verdict: 'nothing_registered',
      wrong: { fact: 'account_origins', value: 'none' },
      says: /No origin is registered/,
    },
    {
      name: 'origins agree, the page gave a reason',
      facts: { pageReason: 'jti_reused' },
      verdict: 'page_reason',
      wrong: { fact: 'widget_page', value: 'jti_reused' },
      says: /refused with jti_reused: This jti was already used/,
    },
    {
      name: "origins agree through the customer's origin_url (trailing slash and path ignored)",
      facts: { customerOrigin: `${host}/`, accountOrigins: [] },
      verdict: 'origins_ok',
      wrong: null,
      says: /The origins agree/,
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const d = diagnoseSilence({ ...base, ...c.facts })
      expect(d.verdict).toBe(c.verdict)
      expect(d.wrong).toEqual(c.wrong)
      expect(d.headline).toMatch(c.says)
    })
  }

  it('marks the wrong fact and never marks a failing claim ok', () => {
    const d = diagnoseSilence({ ...base, accountOrigins: ['https://app.vendor.example'] })
    expect(d.facts.find((f) => f.name === 'host_origin')?.ok).toBe(false)
    expect(d.facts.find((f) => f.name === 'origin_claim')?.ok).toBe(false)
    const good = diagnoseSilence(base)
    expect(good.facts.find((f) => f.name === 'origin_claim')?.ok).toBe(true)
  })

  it("says what it could not read instead of guessing: an unreadable customer is not 'not set'", () => {
    const d = diagnoseSilence({ ...base, customerOrigin: undefined, unknowns: ["The customer's origin_url could not be read: API down."] })
    expect(d.verdict).toBe('origins_ok')
    expect(d.headline).toMatch(/could not be read to rule it out/)
    expect(d.facts.find((f) => f.name === 'customer_origin')?.value).toBe('unknown (could not be read)')
    expect(d.unknowns).toEqual(["The customer's origin_url could not be read: API down."])
  })

  it('names where the account origins came from', () => {
    expect(diagnoseSilence(base).facts.find((f) => f.name === 'account_origins')?.note).toMatch(/as entered in this profile/)
    expect(diagnoseSilence({ ...base, accountOriginsSource: 'emulator' }).facts.find((f) => f.name === 'account_origins')?.note).toMatch(
      /running Sandbox/,
    )
  })
})

describe('readWidgetPageReason', () => {
  it.each([
    ['Unable to open this connection\nFatal embedding error: origin_not_allowed\nThe embedding origin…', 'origin_not_allowed'],
    ['Fatal embedding error: SUB_MISSING', 'sub_missing'],
    ['Error: http_request_invalid (the request must be for an HTML page)', 'http_request_invalid'],
    ['path_invalid', 'path_invalid'],
    ['Connect to Zendesk\nSubdomain\nAPI token', null],
    ['', null],
  ])('%j → %s', (text, reason) => {
    expect(readWidgetPageReason(text)).toBe(reason)
  })
})
