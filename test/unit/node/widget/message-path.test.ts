/** The widget message path in core: bounded messages, secrets masked in every form, idempotent batches, final close. */
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { inspectWidgetMessage, type RelayedMessage } from '../../../../shared/widget-relay'
import { parseBoundedJson, TRUNCATED_MARKER } from '../../../../shared/widget-bounds'
import { APP_ORIGIN, deepText, deepValue, fakeToken, setup } from './fakes'

const frame = { name: 'workato iframe window' }
/** What the widget preload relays for `data` (the very same check code). */
const relayed = (data: unknown, at = 1): RelayedMessage => inspectWidgetMessage({ origin: APP_ORIGIN, source: frame, data }, APP_ORIGIN, frame, at)
/** What a renderer could send claiming a message was accepted: core must not trust it. */
const claimed = (raw: string, at = 1): RelayedMessage => ({
  at,
  origin: APP_ORIGIN,
  accepted: true,
  reason: null,
  message: { type: 'error' },
  raw,
  size: raw.length,
  dataKind: 'string',
})
const height = (h: number) => relayed(JSON.stringify({ wk: true, type: 'heightChange', payload: { height: h } }), h)

async function auditLines(file: string) {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { action: string; detail: string })
}

describe('deeply nested widget messages', () => {
  it('1,000 messages nested 10,000 deep are each logged as rejected, and export still works', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const text = deepText(10_000)
    expect(text.length).toBeLessThan(64 * 1024) // under the size cap: only the depth bound stops it
    const records: RelayedMessage[] = []
    for (let i = 0; i < 1000; i++) records.push(i % 3 === 0 ? relayed(text, i) : i % 3 === 1 ? relayed(deepValue(10_000), i) : claimed(text, i))
    const logged = [...t.service.record(a.attemptId, records.slice(0, 500)), ...t.service.record(a.attemptId, records.slice(500))]
    expect(logged).toHaveLength(1000)
    expect(new Set(logged.map((e) => `${String(e.accepted)} ${e.reason}`))).toEqual(new Set(['false too_deep']))
    // A good message after them is unaffected.
    t.service.record(a.attemptId, [height(300)])

    const exported = await t.service.exportJson(a.attemptId)
    const doc = JSON.parse(exported.json) as {
      attempt: { messageCount: number; rejectedCount: number }
      messages: { reason: string | null; raw: string; parsed: unknown }[]
    }
    expect(doc.attempt).toMatchObject({ messageCount: 1001, rejectedCount: 1000 })
    expect(doc.messages).toHaveLength(1001)
    expect(doc.messages[0]?.raw.length).toBeLessThanOrEqual(2048)
    expect(doc.messages[1000]).toMatchObject({ reason: null, parsed: { type: 'heightChange', payload: { height: 300 } } })
    const closed = await t.service.close(a.attemptId)
    expect(closed.messageCount).toBe(1001)
  })

  it('an accepted-looking message nested 4,000 levels gets a log line with the reason (it used to vanish with its batch)', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const out = t.service.record(a.attemptId, [height(100), claimed(deepText(4000)), height(200)])
    expect(out.map((e) => [e.accepted, e.reason])).toEqual([
      [true, null],
      [false, 'too_deep'],
      [true, null],
    ])
    expect(out[1]?.detail).toBe('nested deeper than 16 levels')
    expect(out[1]?.raw.endsWith(TRUNCATED_MARKER)).toBe(true)
  })

  it('a log line holding deep JSON text (console notes, older entries) cannot break export', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`
    t.service.note(a.attemptId, 'apiCheck', deep)
    const doc = JSON.parse((await t.service.exportJson(a.attemptId)).json) as { messages: { parsed: unknown }[] }
    // Exported as its (capped) text, not as a 20,000-level structure.
    expect(typeof doc.messages[0]?.parsed).toBe('string')
  })
})

describe('known secrets inside widget messages', () => {
  const apiToken = 'wrk-api+Tok/en=42 secret'
  const jwt = fakeToken(1)

  it('masks the widget token and the API token whole, inside strings, URL-encoded, JSON-escaped, in keys and cut off', async () => {
    const t = await setup({ knownSecrets: () => [apiToken] })
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const enc = encodeURIComponent(apiToken)
    const payloads = [
      { message: apiToken },
      { message: `failed with token ${apiToken} at step 2` },
      { message: 'x', details: { url: `https://idp.example/cb?jwt=${encodeURIComponent(jwt)}&key=${enc}` } },
      { message: 'x', details: { url: `https://idp.example/cb?next=${encodeURIComponent(`https://a.example/?k=${enc}`)}` } },
      { message: 'x', details: { [apiToken]: 1, [jwt]: 2 } },
    ]
    const records = payloads.map((p) => relayed(JSON.stringify({ wk: true, type: 'error', payload: p })))
    // JSON escapes hide the token from a text search, not from JSON.parse (which the inspector runs).
    records.push(relayed(`{"wk":true,"type":"loaded","payload":{"url":"https://x/?t=\\u0065${jwt.slice(1)}"}}`))
    // A message over the size cap is kept as a 2 KiB preview, which can end in the middle of the API token.
    const cut = JSON.stringify({ wk: true, type: 'error', payload: { message: `${'p'.repeat(2048 - 40)}${apiToken}${'q'.repeat(70 * 1024)}` } })
    records.push(relayed(cut))
    const logged = t.service.record(a.attemptId, records)
    expect(logged.map((e) => e.accepted)).toEqual([true, true, true, true, true, true, false])

    const forms = [apiToken, enc, encodeURIComponent(enc), jwt, jwt.slice(0, 30), apiToken.slice(0, 12)]
    const exported = (await t.service.exportJson(a.attemptId)).json
    for (const e of logged) {
      // What the inspector shows: the raw text, and the JSON tree parsed from it.
      const shown = `${e.raw}\n${JSON.stringify(parseBoundedJson(e.raw) ?? null)}`
      for (const f of forms) expect(shown).not.toContain(f)
    }
    for (const f of forms) expect(exported).not.toContain(f)
    expect(exported).toContain('[redacted]')
  })

  it('keeps messages without secrets exactly as received', async () => {
    const t = await setup({ knownSecrets: () => [apiToken] })
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const text = '{"wk":true,"type":"loaded","payload":{"url":"https://app.workato.com/x?a=1&b=%20"}}'
    expect(t.service.record(a.attemptId, [relayed(text)])[0]?.raw).toBe(text)
  })
})

describe('resent batches', () => {
  it('a batch resent after a lost answer is not logged twice; a gap left by the sender is logged, not hidden', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    const batch = Array.from({ length: 500 }, (_, i) => height(i))
    expect(t.service.record(a.attemptId, batch, 0)).toHaveLength(500)
    // The renderer never saw the answer and sends the same 500 again, plus 100 new ones.
    const again = [...batch, ...Array.from({ length: 100 }, (_, i) => height(500 + i))]
    expect(t.service.record(a.attemptId, again, 0)).toHaveLength(100)
    expect(t.service.received(a.attemptId)).toBe(600)
    expect(t.service.messages(a.attemptId, -1, 10_000).entries.map((e) => e.at)).toEqual(Array.from({ length: 600 }, (_, i) => i))

    // Records 600..649 were let go by the sender's queue cap: the next batch starts at 650.
    t.service.record(a.attemptId, [height(650)], 650)
    const tail = t.service.messages(a.attemptId, 599, 10)
    expect(tail.entries.map((e) => [e.direction, e.type])).toEqual([
      ['console', 'recordsDropped'],
      ['in', 'heightChange'],
    ])
    expect(tail.entries[0]?.raw).toContain('50 relayed messages were dropped')
  })
})

describe('closed attempts', () => {
  it('refuse messages with a clear code, and the audit line counts exactly what the log holds', async () => {
    const t = await setup()
    const a = await t.service.open({ profileId: 'acme', customerId: 5, connectionId: 11 })
    for (let i = 0; i < 10; i++)
      t.service.record(
        a.attemptId,
        Array.from({ length: 100 }, (_, j) => height(i * 100 + j)),
        i * 100,
      )
    // Close starts; messages still in flight arrive while the partition is being released, then after.
    const closing = t.service.close(a.attemptId)
    expect(() =>
      t.service.record(
        a.attemptId,
        Array.from({ length: 480 }, (_, j) => height(j)),
        1000,
      ),
    ).toThrow(expect.objectContaining({ data: expect.objectContaining({ code: 'conflict', details: { reason: 'attempt_closed', refused: 480 } }) }))
    expect(t.service.note(a.attemptId, 'apiCheck', '{}')).toBeNull()
    const closed = await closing
    expect(() => t.service.record(a.attemptId, [height(1)])).toThrow(/closed/)
    expect(closed.messageCount).toBe(1000)
    const log = t.service.messages(a.attemptId, -1, 100_000)
    expect(log.entries).toHaveLength(1000)
    const close = (await auditLines(t.audit.file)).find((l) => l.action === 'widget.close')
    expect(close?.detail).toMatch(/^1000 messages \(0 rejected\)/)
    const doc = JSON.parse((await t.service.exportJson(a.attemptId)).json) as { messages: unknown[] }
    expect(doc.messages).toHaveLength(1000)
  })
})
