import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, fakeProfile, fakeToken, HOST_ORIGIN, setup } from './fakes'

const frameMsg = (data: unknown, origin = APP_ORIGIN) => ({
  at: 1,
  origin,
  accepted: true,
  reason: null,
  message: { type: 'x' },
  raw: typeof data === 'string' ? data : JSON.stringify(data),
  size: 10,
  dataKind: typeof data === 'string' ? ('string' as const) : ('object' as const),
})

describe('widget attempts', () => {
  it('opens each attempt in its own in-memory partition with a grant for exactly the host page', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const b = await t.service.open({ profileId: 'acme', customerId: 6, connectionId: 12 })
    expect(a.partition).toMatch(/^widget-slot-\d+$/)
    expect(a.partition).not.toBe(b.partition)
    expect(a.partition.startsWith('persist:')).toBe(false)
    expect(a.hostUrl.startsWith(`${HOST_ORIGIN}/__embedded_console/widget-host?attempt=`)).toBe(true)
    expect(t.grants.grant(a.partition)).toEqual({ partition: a.partition, src: a.hostUrl, preload: '/app/out/preload/widget.cjs', allowPopups: true })
    // The token is minted for this customer and for the origin the host page runs on.
    expect(t.mint.mock.calls[0]?.[0]).toMatchObject({ profileId: 'acme', customer: 5, origin: HOST_ORIGIN })
    expect(a.claims).toMatchObject({ sub: 'v1:5', origin: HOST_ORIGIN })
    expect(JSON.stringify(a)).not.toContain(fakeToken(1))
  })

  it('builds a host page that iframes the direct link with the token and names the app origin', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const html = t.host.published.get(a.hostUrl) ?? ''
    expect(html).toContain(`<meta name="workato-origin" content="${APP_ORIGIN}">`)
    expect(html).toContain(`id="workato-widget"`)
    expect(html).toContain(`src="${APP_ORIGIN}/direct_link/embedded/connections/11?workato_dl_token=${fakeToken(1)}"`)
    expect(html).toMatch(
      /Content-Security-Policy" content="default-src &#39;none&#39;; frame-src https:\/\/app\.workato\.com; script-src &#39;none&#39;/,
    )
  })

  it('refuses to open for a profile without an origin URL, saying what to do', async () => {
    const t = await setup({
      profiles: {
        getProfile: async () => fakeProfile({ originUrls: [] }),
        apiTarget: async () => ({ profileId: 'acme', apiOrigin: 'x', appOrigin: APP_ORIGIN, apiToken: 't' }),
      },
    })
    await expect(t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })).rejects.toMatchObject({
      data: { code: 'validation', hint: expect.stringMatching(/origin/) },
    })
    expect(t.host.calls).toEqual([])
  })

  it('closing wipes the partition, revokes the grant and writes an audit line without the token', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    t.service.record(a.attemptId, [frameMsg({ wk: true, type: 'loaded', payload: { url: `/x?workato_dl_token=${fakeToken(1)}` } })])
    const closed = await t.service.close(a.attemptId)
    expect(t.host.released).toEqual([a.partition])
    expect(t.grants.grant(a.partition)).toBeUndefined()
    expect(closed.closedAt).not.toBeNull()
    expect(closed.outcome).toBe('abandoned')
    const lines = (await readFile(t.audit.file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.map((l) => l.action)).toEqual(['widget.open', 'widget.close'])
    expect(lines[1]).toMatchObject({ user: 'support-anna', profileId: 'acme', customerId: 5, connectionId: 11, outcome: 'abandoned', jti: 'jti-1' })
    expect(await readFile(t.audit.file, 'utf8')).not.toContain(fakeToken(1))
    // Closing twice is harmless and does not release twice.
    await t.service.close(a.attemptId)
    expect(t.host.released).toHaveLength(1)
  })

  it('re-checks relayed records against the attempt and never stores the token', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const out = t.service.record(a.attemptId, [
      frameMsg({ wk: true, type: 'heightChange', payload: { height: 300 } }),
      // A renderer claiming a foreign origin's message was accepted is overruled.
      frameMsg({ wk: true, type: 'heightChange', payload: { height: 1 } }, 'https://evil.example'),
      frameMsg({ wk: true, type: 'heightChange', payload: { height: 'x' } }),
      frameMsg({ wk: true, type: 'loaded', payload: { url: `https://app.workato.com/direct_link?workato_dl_token=${fakeToken(1)}` } }),
    ])
    expect(out.map((e) => [e.seq, e.accepted, e.reason])).toEqual([
      [0, true, null],
      [1, false, 'wrong_origin'],
      [2, false, 'bad_shape'],
      [3, true, null],
    ])
    expect(out[3]?.raw).not.toContain(fakeToken(1))
    const exported = await t.service.exportJson(a.attemptId)
    expect(exported.json).not.toContain(fakeToken(1))
    expect(JSON.parse(exported.json)).toMatchObject({
      attempt: { attemptId: a.attemptId, messageCount: 4, rejectedCount: 2 },
      messages: [{ seq: 0 }, { seq: 1 }, { seq: 2 }, { seq: 3 }],
    })
  })

  it('says connected only when the API agrees', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    t.service.record(a.attemptId, [
      frameMsg({ wk: true, type: 'connectionStatusChange', payload: { id: 11, provider: 'salesforce', connected: true } }),
    ])
    expect((await t.service.check(a.attemptId)).connected).toBe(false)
    expect(t.service.attempts()[0]?.confirmedConnected).toBe(false)
    t.setConnection('success')
    expect(await t.service.check(a.attemptId)).toMatchObject({ connected: true, status: 'success' })
    expect(t.getConnection).toHaveBeenLastCalledWith({ profileId: 'acme', customerId: 5, connectionId: 11 }, undefined)
    expect((await t.service.close(a.attemptId)).outcome).toBe('connected')
  })

  it('records a token rejection as the outcome', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    t.service.record(a.attemptId, [
      frameMsg({
        wk: true,
        type: 'error',
        payload: { type: 'FatalEmbeddingError', message: 'Fatal embedding error: sub_missing', details: { reason: 'sub_missing' } },
      }),
    ])
    expect(t.service.attempts()[0]?.lastErrorReason).toBe('sub_missing')
    expect((await t.service.close(a.attemptId)).outcome).toBe('token_rejected')
  })

  it('decodes the token for the inspector with checks, never returning it', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const view = await t.service.token(a.attemptId)
    expect(view.claims).toMatchObject({ sub: 'v1:5', jti: 'jti-1' })
    expect(view.checks.find((c) => c.name === 'origin')?.ok).toBe(true)
    expect(view.checks.find((c) => c.name === 'sub')?.ok).toBe(true)
    // The checks are the token linter's findings: the same inspection comes with them.
    expect(view.inspection?.findings.some((f) => f.level === 'error')).toBe(false)
    expect(JSON.stringify(view)).not.toContain(fakeToken(1))
  })
  it("a token naming another customer or origin fails those checks with the linter's sentence", async () => {
    const t = await setup({
      mint: async () => ({
        token: fakeToken(1, 6, 'https://elsewhere.example'),
        claims: { sub: 'v1:6', jti: 'jti-1', iat: 1_700_000_000, origin: 'https://elsewhere.example' },
      }),
    })
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const view = await t.service.token(a.attemptId)
    expect(view.checks.find((c) => c.name === 'sub')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/this widget attempt is for customer 5/),
    })
    expect(view.checks.find((c) => c.name === 'origin')).toMatchObject({ ok: false, message: expect.stringMatching(/the host page runs on/) })
    expect(view.checks.find((c) => c.name === 'alg')?.ok).toBe(true)
  })
})

describe('the token drawer never marks a failing origin ok', () => {
  it('the origin row fails, naming the host origin, when the account no longer registers it', async () => {
    const t = await setup({
      originFacts: async () => ({
        customerOrigin: null,
        accountOrigins: ['https://app.vendor.example'],
        accountOriginsSource: 'profile',
        unknowns: [],
      }),
    })
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const origin = (await t.service.token(a.attemptId)).checks.find((c) => c.name === 'origin')
    expect(origin).toMatchObject({
      ok: false,
      message: expect.stringContaining(`The host page's origin ${HOST_ORIGIN} (also the token's origin claim) is not registered`),
    })
  })

  it('and says "not confirmed" rather than ok when the registrations cannot be read', async () => {
    const t = await setup({
      originFacts: async () => {
        throw new Error('Workato did not answer')
      },
    })
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const origin = (await t.service.token(a.attemptId)).checks.find((c) => c.name === 'origin')
    expect(origin?.ok).toBe(false)
    const d = await t.service.diagnose(a.attemptId)
    expect(d.unknowns).toEqual(['The registrations could not be read: Workato did not answer'])
  })
})

describe('a member as the token user (reference §2.7, §7.2)', () => {
  it('checks the member with the API before signing, and signs for that user', async () => {
    const checked: unknown[] = []
    const t = await setup({ checkMember: async (req) => void checked.push(req) })
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11, memberId: 77 })
    expect(checked).toEqual([{ profileId: 'acme', customerId: 5, memberId: 77 }])
    expect(t.mint.mock.calls[0]?.[0]).toMatchObject({ customer: 5, userId: 77 })
    expect(a.memberId).toBe(77)
  })

  it('refuses a member id that is not a member: nothing is signed, the slot is freed and the audit line says why', async () => {
    const t = await setup({
      checkMember: async () => {
        throw Object.assign(new Error('78 is not a member of customer 5, so no token was signed for it.'), {})
      },
    })
    await expect(t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11, memberId: 78 })).rejects.toThrow(
      '78 is not a member of customer 5, so no token was signed for it.',
    )
    expect(t.mint).not.toHaveBeenCalled()
    expect(t.host.released).toHaveLength(1)
    const lines = (await readFile(t.audit.file, 'utf8')).trim().split('\n')
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      action: 'widget.open_failed',
      outcome: 'failed_to_open',
      detail: expect.stringMatching(/^member 78: 78 is not a member/),
    })
  })

  it('without a member, checks nothing and signs for the customer only', async () => {
    const checked: unknown[] = []
    const t = await setup({ checkMember: async (req) => void checked.push(req) })
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    expect(checked).toEqual([])
    expect(t.mint.mock.calls[0]?.[0]).not.toHaveProperty('userId')
    expect(a.memberId).toBeNull()
  })
})

describe('what the widget page shows (reference §7.4)', () => {
  it('a reason on the page becomes a log line, the last error and a widget:page event', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    t.service.pageReport(a.attemptId, {
      url: 'https://app.workato.com/direct_link/x',
      text: 'Unable to open\nFatal embedding error: origin_not_allowed\n',
    })
    const entries = t.service.messages(a.attemptId, -1, 100).entries
    expect(entries.map((e) => [e.direction, e.type])).toEqual([['console', 'widgetPage']])
    expect(JSON.parse(entries[0]?.raw ?? '{}')).toMatchObject({ reason: 'origin_not_allowed', explanation: expect.stringMatching(/not allowlisted/) })
    expect(t.events.emit).toHaveBeenCalledWith('widget:page', {
      attemptId: a.attemptId,
      reason: 'origin_not_allowed',
      text: 'Unable to open Fatal embedding error: origin_not_allowed',
    })
    expect(t.service.attempts()[0]?.lastErrorReason).toBe('origin_not_allowed')
    // The diagnosis now has the page's word among its facts.
    expect((await t.service.diagnose(a.attemptId)).facts.find((f) => f.name === 'widget_page')?.value).toBe('origin_not_allowed')
  })

  it('a page without a reason (the connection form) adds nothing', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    t.service.pageReport(a.attemptId, { url: 'https://app.workato.com/direct_link/x', text: 'Connect to Salesforce' })
    expect(t.service.messages(a.attemptId, -1, 100).entries).toEqual([])
    expect(t.events.emit).not.toHaveBeenCalledWith('widget:page', expect.anything())
  })
})

describe('widget popups', () => {
  it('allows only https popups (and the Sandbox loopback origin) from a live attempt partition', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    expect(t.service.decidePopup(a.partition, `${APP_ORIGIN}/oauth/authorize?connection_id=11`)).toEqual({ allow: true })
    // OAuth consent walks through the identity provider's own https pages.
    expect(t.service.decidePopup(a.partition, 'https://login.salesforce.com/services/oauth2/authorize').allow).toBe(true)
    expect(t.service.decidePopup(a.partition, 'http://127.0.0.1:4555/oauth/authorize').allow).toBe(true)
    expect(t.service.decidePopup(a.partition, 'http://127.0.0.1:9999/oauth/authorize').allow).toBe(false)
    expect(t.service.decidePopup(a.partition, 'http://app.workato.com/oauth/authorize').allow).toBe(false)
    expect(t.service.decidePopup(a.partition, 'https://user:pw@evil.example/oauth').allow).toBe(false)
    expect(t.service.decidePopup(a.partition, 'javascript:alert(1)').allow).toBe(false)
    expect(t.service.decidePopup(a.partition, 'file:///etc/passwd').allow).toBe(false)
    expect(t.service.decidePopup('widget-someone-else', `${APP_ORIGIN}/oauth/authorize`).allow).toBe(false)
    expect(t.events.emit).toHaveBeenCalledWith('widget:popup', expect.objectContaining({ attemptId: a.attemptId, state: 'blocked' }))
    await t.service.close(a.attemptId)
    expect(t.service.decidePopup(a.partition, `${APP_ORIGIN}/oauth/authorize`).allow).toBe(false)
  })

  it('detects a provider refusing the embedded browser and offers the system browser for that URL only', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    await expect(t.service.continueInBrowser(a.attemptId)).rejects.toMatchObject({ data: { code: 'conflict' } })
    const consent = `${APP_ORIGIN}/oauth/authorize?connection_id=11`
    t.service.decidePopup(a.partition, consent)
    t.service.popupReport(a.partition, {
      url: 'https://accounts.google.com/signin/oauth/error?authError=x',
      state: 'opened',
      title: 'Error 403: disallowed_useragent',
    })
    expect(t.events.emit).toHaveBeenLastCalledWith('widget:popup', expect.objectContaining({ state: 'refused_embedded' }))
    await t.service.continueInBrowser(a.attemptId)
    expect(t.openExternal).toHaveBeenCalledWith(consent)
    expect((await t.service.close(a.attemptId)).outcome).toBe('external_browser')
  })
})

describe('the token check says when it expires in words', () => {
  it('relative first, then the clock time in UTC', async () => {
    const { expiryText } = await import('../../../../electron/core/tokens')
    const now = Date.parse('2026-11-21T02:39:16Z')
    expect(expiryText(now + 600_000, now)).toBe('Expires in 10 min (02:49:16 UTC).')
    expect(expiryText(now - 30_000, now)).toBe('Expired 30 s ago (02:38:46 UTC).')
    expect(expiryText(now + 3 * 3600_000, now)).toBe('Expires in 3.0 h (05:39:16 UTC).')
  })
})
