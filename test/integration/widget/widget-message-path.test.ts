/**
 * The widget message path through the real core, its contract (dispatch validates every request as main and
 * the harness do) and the real sandbox's API token: bounded messages, the token masked inside them, resent
 * batches logged once, and a closed attempt refusing late messages.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../electron/core/create-core'
import { dispatch } from '../../../electron/core/rpc/dispatch'
import { log } from '../../../electron/core/log'
import type { WidgetAttempt, WidgetLogEntry } from '../../../shared/contract/widget'
import { createMemoryVault } from '../../support/memory-vault'
import { sharedSandboxKey } from '../../support/sandbox-key'

const HOST_ORIGIN = 'https://console.embedded.local'
let core: Core
let dataDir: string
const ctx = () => ({ signal: new AbortController().signal })
const call = (channel: string, payload: unknown) => dispatch(core.handlers, channel, payload, ctx(), () => log.knownSecrets())

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-int-widget-path-'))
  core = await createCore({
    dataDir,
    appVersion: 'test',
    transport: 'harness',
    vault: createMemoryVault(),
    events: { emit: () => {} },
    openExternal: async () => {},
    sandbox: { customers: 5, seed: 3, generateKey: sharedSandboxKey },
  })
  core.widget.setHost({
    embed: 'iframe',
    preloadPath: '',
    prepare: async ({ attemptId }) => ({ hostUrl: `${HOST_ORIGIN}/__embedded_console/widget-host?attempt=${attemptId}`, hostOrigin: HOST_ORIGIN }),
    publish: async () => {},
    release: async () => {},
  })
})
afterEach(async () => {
  await core.dispose()
  await rm(dataDir, { recursive: true, force: true })
})

async function open(): Promise<WidgetAttempt> {
  const sb = core.sandbox()
  const customer = sb?.state.listCustomers()[0]
  const conn = customer ? [...(sb?.state.workspace(customer).connections.values() ?? [])][0] : undefined
  if (!customer || !conn) throw new Error('sandbox has no connection')
  const r = await call('widget:open', { profileId: 'sandbox', customerId: customer.id, connectionId: conn.id })
  if (!r.ok) throw new Error(r.error.message)
  return r.data as WidgetAttempt
}

const rec = (a: WidgetAttempt, data: string, at = 1) => ({
  at,
  origin: a.appOrigin,
  accepted: true,
  reason: null,
  message: { type: 'error' },
  raw: data,
  size: data.length,
  dataKind: 'string',
})

describe('the widget message path through the contract', () => {
  it('masks the sandbox API token inside a widget message, in the log and the export', async () => {
    const a = await open()
    const apiToken = core.sandbox()?.token ?? ''
    // The profile's token is known to core once it has been used for an API call.
    await call('widget:check', { attemptId: a.attemptId })
    expect(apiToken.length).toBeGreaterThan(10)
    const data = JSON.stringify({
      wk: true,
      type: 'error',
      payload: { message: `boom ${apiToken}`, details: { url: `https://x/?k=${encodeURIComponent(apiToken)}` } },
    })
    const r = await call('widget:record', { attemptId: a.attemptId, records: [rec(a, data)], firstIndex: 0 })
    expect(r.ok).toBe(true)
    const exported = await call('widget:export', { attemptId: a.attemptId })
    expect(JSON.stringify(r)).not.toContain(apiToken)
    expect(JSON.stringify(exported)).not.toContain(apiToken)
    expect(JSON.stringify(exported)).toContain('[redacted]')
  })

  it('refuses an over-bound payload at the contract, logs an over-bound raw as rejected, and still exports', async () => {
    const a = await open()
    let deep: unknown = 1
    for (let i = 0; i < 10_000; i++) deep = { a: deep }
    const refused = await call('widget:record', { attemptId: a.attemptId, records: [{ ...rec(a, '{}'), message: { type: 'error', payload: deep } }] })
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } })
    const text = `{"wk":true,"type":"error","payload":{"message":"x","details":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`
    const records = Array.from({ length: 1000 }, (_, i) => rec(a, text, i))
    for (let i = 0; i < 1000; i += 500)
      expect((await call('widget:record', { attemptId: a.attemptId, records: records.slice(i, i + 500), firstIndex: i })).ok).toBe(true)
    const exported = await call('widget:export', { attemptId: a.attemptId })
    expect(exported.ok).toBe(true)
    const doc = JSON.parse((exported as { data: { json: string } }).data.json) as { messages: { reason: string | null }[] }
    expect(doc.messages.filter((m) => m.reason === 'too_deep')).toHaveLength(1000)
  })

  it('logs a resent batch once and refuses messages after close with a code', async () => {
    const a = await open()
    const h = (i: number) => rec(a, JSON.stringify({ wk: true, type: 'heightChange', payload: { height: i } }), i)
    const batch = Array.from({ length: 300 }, (_, i) => h(i))
    await call('widget:record', { attemptId: a.attemptId, records: batch, firstIndex: 0 })
    const again = await call('widget:record', { attemptId: a.attemptId, records: batch, firstIndex: 0, afterSeq: -1 })
    expect((again as { data: { entries: WidgetLogEntry[]; received: number } }).data).toMatchObject({ received: 300 })
    expect((again as { data: { entries: WidgetLogEntry[] } }).data.entries.filter((e) => e.direction === 'in')).toHaveLength(300)
    const closed = await call('widget:close', { attemptId: a.attemptId })
    expect(closed).toMatchObject({ ok: true })
    const late = await call('widget:record', { attemptId: a.attemptId, records: [h(999)], firstIndex: 300 })
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'attempt_closed' } } })
    const msgs = await call('widget:messages', { attemptId: a.attemptId })
    expect((msgs as { data: { total: number } }).data.total).toBe((closed as { data: WidgetAttempt }).data.messageCount)
  })
})
