/** Fakes for the widget service's dependencies: profiles, signer, API, host adapter. */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { onTestFinished, vi } from 'vitest'
import { createAuditLog } from '../../../../electron/core/audit'
import { createWidgetService, type WidgetHostAdapter, type WidgetServiceDeps } from '../../../../electron/core/widget'
import { inspectToken } from '../../../../electron/core/tokens'
import { createWidgetGrants } from '../../../../electron/core/widget-grants'
import type { Profile } from '../../../../shared/domain/profile'

export const APP_ORIGIN = 'https://app.workato.com'
export const HOST_ORIGIN = 'https://console.embedded.local'
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
/** The claims the fake signer puts in its n-th token (customer 5 on the default host origin unless told). */
export const fakeClaims = (n: number, customer = 5, origin = HOST_ORIGIN) => ({
  sub: `v1:${customer}`,
  jti: `jti-${n}`,
  iat: 1_700_000_000,
  exp: 4_000_000_000,
  origin,
})
// A decodable JWT (the token linter reads it), so the redactor's shape rule would catch it too; the service also
// knows it exactly. The signature is a placeholder: the fakes check no signature.
export const fakeToken = (n: number, customer = 5, origin = HOST_ORIGIN) =>
  `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(fakeClaims(n, customer, origin))}.c2lnbmF0dXJl${n}`

/** `{"wk":true,"type":"error","payload":{"message":"x","details":{"a":{"a":...}}}}`: a known type, nested `levels` deep. */
export function deepText(levels: number): string {
  return `{"wk":true,"type":"error","payload":{"message":"x","details":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}}`
}
export function deepValue(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: 1 }
  for (let i = 0; i < levels; i++) v = { a: v }
  return { wk: true, type: 'error', payload: { message: 'x', details: v } }
}

export function fakeProfile(over: Partial<Profile> = {}): Profile {
  return {
    id: 'acme',
    name: 'Acme',
    dataCenter: 'us',
    customBaseUrl: null,
    vendorId: 'v1',
    originUrls: [HOST_ORIGIN],
    environment: 'test',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...over,
  } as Profile
}

export function fakeHost(): WidgetHostAdapter & { published: Map<string, string>; released: string[]; calls: string[] } {
  const published = new Map<string, string>()
  const released: string[] = []
  const calls: string[] = []
  return {
    embed: 'webview',
    preloadPath: '/app/out/preload/widget.cjs',
    published,
    released,
    calls,
    async prepare({ attemptId, originUrl }) {
      calls.push('prepare')
      return { hostUrl: `${originUrl}/__embedded_console/widget-host?attempt=${attemptId}`, hostOrigin: originUrl }
    },
    async publish({ hostUrl, html }) {
      calls.push('publish')
      published.set(hostUrl, html)
    },
    async release({ partition }) {
      calls.push('release')
      released.push(partition)
    },
  }
}

export async function setup(over: Partial<WidgetServiceDeps> = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-widget-'))
  // Called inside a test: the audit folder goes when that test ends.
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }))
  let n = 0
  const host = fakeHost()
  const grants = createWidgetGrants()
  const events = { emit: vi.fn() }
  const audit = createAuditLog({ dataDir, user: () => 'support-anna' })
  let connection = { id: 11, name: 'Salesforce', provider: 'salesforce', authorization_status: 'pending' as string | null }
  const getConnection = vi.fn(async () => ({ ...connection }))
  const openExternal = vi.fn(async () => {})
  const mint = vi.fn(async (req: { profileId: string; customer: number; origin: string }) => {
    n++
    return { token: fakeToken(n, req.customer, req.origin), claims: fakeClaims(n, req.customer, req.origin) }
  })
  const service = createWidgetService({
    profiles: {
      getProfile: async () => fakeProfile(),
      apiTarget: async () => ({ profileId: 'acme', apiOrigin: 'https://www.workato.com', appOrigin: APP_ORIGIN, apiToken: 'api-token-secret' }),
    },
    mint,
    getConnection,
    // The real linter, over the fake profile, without a key.
    inspectToken: (_profileId, token, attempt) =>
      inspectToken({ token, profile: fakeProfile(), key: null, apiToken: null, now: new Date(), attempt }),
    grants,
    audit,
    events,
    openExternal,
    loopbackOrigins: () => ['http://127.0.0.1:4555'],
    host,
    // The account registers the host page's origin; the customer has no origin_url of its own.
    originFacts: async () => ({ customerOrigin: null, accountOrigins: [HOST_ORIGIN], accountOriginsSource: 'profile', unknowns: [] }),
    ...over,
  })
  return {
    service,
    host,
    grants,
    events,
    audit,
    mint,
    getConnection,
    openExternal,
    dataDir,
    setConnection(status: string | null) {
      connection = { ...connection, authorization_status: status }
    },
  }
}
