/**
 * The bad-input table: one row per input a hostile or unlucky user could send through the contract, with the
 * outcome it must get: a clear error with that code, or accepted. Rows marked `owner` cover defects fixed on
 * another branch of issue 11 (hD: widget message path, hE: API client); they are written to the outcome the
 * issue states and pass once every branch is merged.
 */
import { generateKeyPairSync } from 'node:crypto'
import type { ErrorCode } from '../../shared/errors'
import { certificatePem, ecKey, ed25519Key, pems, rsa } from '../unit/node/keys/key-fixtures'

export type Area = 'keys' | 'profiles' | 'ids' | 'external ids' | 'urls' | 'widget messages' | 'contract'

export interface Ctx {
  /** A Workato-style profile (data center `us`) with a token; nothing calls its API. */
  profileId: string
  sandboxId: string
  customerId: number
  connectionId: number
  recipeId: number
  /** An open widget attempt on the Sandbox profile. */
  attemptId: string
  /** A closed widget attempt. */
  closedAttemptId: string
}

export interface Case {
  area: Area
  name: string
  op: string
  payload: (c: Ctx) => unknown
  /** Error codes that are a right answer, or 'accepted'. */
  expect: ErrorCode[] | 'accepted'
  /** The issue-11 branch whose fix this row needs. */
  owner?: 'hD' | 'hE'
  /** Runs after an accepted call: a further check of what the user would notice (throws to fail). */
  then?: (c: Ctx, call: (op: string, payload?: unknown) => Promise<{ ok: boolean }>) => Promise<void>
}

const refused = (...codes: ErrorCode[]): ErrorCode[] => codes
const V = refused('validation')

// ---------------------------------------------------------------- keys
const k2048 = pems(rsa(2048))
const k1024 = pems(rsa(1024))
const k512 = pems(rsa(512))
const ec = ecKey().export({ type: 'pkcs8', format: 'pem' }).toString()
const ed = ed25519Key().export({ type: 'pkcs8', format: 'pem' }).toString()
const dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const body = (pem: string) =>
  pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('\n')
/** PEM armour built at test time around a body (no key-shaped literal in the source; every real key above is generated). */
const armoured = (label: string, inner: string) => [`-----BEGIN ${label}-----`, ...(inner ? [inner] : []), `-----END ${label}-----`, ''].join('\n')
/** The same PEM with its END label swapped for another one. */
const relabelEnd = (pem: string, from: string, to: string) => pem.replace(`-----END ${from}-----`, `-----END ${to}-----`)

const keyRows: Array<[string, unknown, ErrorCode[] | 'accepted', string?]> = [
  ['empty PEM', '', refused('bad_key', 'validation')],
  ['plain text', 'hello, this is not a key', refused('bad_key')],
  ['header only', armoured('PRIVATE KEY', ''), refused('bad_key')],
  ['garbage base64 body', armoured('PRIVATE KEY', 'A'.repeat(28)), refused('bad_key')],
  ['truncated PKCS#8', k2048.pkcs8.slice(0, Math.floor(k2048.pkcs8.length / 2)), refused('bad_key')],
  [
    'PKCS#8 with a line cut out',
    k2048.pkcs8
      .split('\n')
      .filter((_, i) => i !== 5)
      .join('\n'),
    refused('bad_key'),
  ],
  ['body without BEGIN/END lines', body(k2048.pkcs8), refused('bad_key')],
  ['mismatched BEGIN/END labels', relabelEnd(k2048.pkcs8, 'PRIVATE KEY', 'RSA PRIVATE KEY'), refused('bad_key')],
  ['SPKI public key', k2048.spki, refused('bad_key')],
  ['PKCS#1 public key', k2048.pkcs1Public, refused('bad_key')],
  ['certificate', certificatePem, refused('bad_key')],
  ['EC P-256 key (wrong type)', ec, refused('bad_key')],
  ['Ed25519 key (wrong type)', ed, refused('bad_key')],
  ['DSA key (wrong type)', dsa, refused('bad_key')],
  ['RSA 1024 (too small)', k1024.pkcs8, refused('bad_key')],
  ['RSA 512 (too small)', k512.pkcs1, refused('bad_key')],
  ['encrypted PKCS#8 without passphrase', k2048.encPkcs8('s3cret-pass'), refused('bad_key')],
  ['encrypted PKCS#8, wrong passphrase', [k2048.encPkcs8('s3cret-pass'), 'wrong'], refused('bad_key')],
  ['encrypted PKCS#1 without passphrase', k2048.encPkcs1('s3cret-pass'), refused('bad_key')],
  ['encrypted PKCS#1, empty passphrase', [k2048.encPkcs1('s3cret-pass'), ''], refused('bad_key')],
  ['huge PEM (65 KiB)', `${k2048.pkcs8}${'A'.repeat(65 * 1024)}`, V],
  ['passphrase of 1,025 characters', [k2048.encPkcs8('x'), 'p'.repeat(1025)], V],
  ['PEM with NUL bytes', k2048.pkcs8.replace('\n', '\u0000\n'), refused('bad_key')],
  ['PEM as a number', 42, V],
  ['PEM as an object', { pem: k2048.pkcs8 }, V],
  ['valid PKCS#8 RSA 2048', k2048.pkcs8, 'accepted'],
  ['valid PKCS#1 RSA 2048 with CRLF line ends', k2048.pkcs1.replace(/\n/g, '\r\n'), 'accepted'],
  ['encrypted PKCS#8 with its passphrase', [k2048.encPkcs8('s3cret-pass'), 's3cret-pass'], 'accepted'],
]

const keyCases: Case[] = [
  ...keyRows.map(([name, value, expect]): Case => ({
    area: 'keys',
    name: `keys:import ${name}`,
    op: 'keys:import',
    payload: (c) => (Array.isArray(value) ? { profileId: c.profileId, pem: value[0], passphrase: value[1] } : { profileId: c.profileId, pem: value }),
    expect,
  })),
  { area: 'keys', name: 'keys:generate 1024 bits', op: 'keys:generate', payload: (c) => ({ profileId: c.profileId, bits: 1024 }), expect: V },
  {
    area: 'keys',
    name: 'keys:generate bits as a string',
    op: 'keys:generate',
    payload: (c) => ({ profileId: c.profileId, bits: '2048' }),
    expect: V,
  },
  {
    area: 'keys',
    name: 'keys:import for an unknown profile',
    op: 'keys:import',
    payload: () => ({ profileId: 'no-such-profile', pem: k2048.pkcs8 }),
    expect: refused('not_found'),
  },
  {
    area: 'keys',
    name: 'keys:register without a key',
    op: 'keys:register',
    payload: () => ({ profileId: 'no-such-profile' }),
    expect: refused('not_found'),
  },
]

// ---------------------------------------------------------------- profiles
const baseProfile = { name: 'Resilience extra', dataCenter: 'eu', environment: 'test' }
const create = (over: Record<string, unknown>) => () => ({ ...baseProfile, ...over })
const many = (n: number, distinct = true) => Array.from({ length: n }, (_, i) => `https://app${distinct ? i : 0}.acme.example`)
let uniq = 0
const fresh = (name: string) => `${name} ${++uniq}`

const profileRows: Array<[string, () => Record<string, unknown>, ErrorCode[] | 'accepted']> = [
  ['empty name', create({ name: '' }), V],
  ['whitespace name', create({ name: '   ' }), V],
  ['name of 81 characters', create({ name: 'n'.repeat(81) }), V],
  ['name with a newline', create({ name: 'Acme\nprod' }), V],
  ['name with NUL', create({ name: 'Acme\u0000' }), V],
  ['name with ESC', create({ name: '\u001b[31mAcme' }), V],
  ['name with a C1 control (NEL)', create({ name: 'Acme\u0085prod' }), V],
  ['name as a number', create({ name: 7 }), V],
  ['name of 80 characters', () => ({ ...baseProfile, name: fresh('n'.repeat(70)) }), 'accepted'],
  ['name with accents and emoji', () => ({ ...baseProfile, name: fresh('Acmé 🚀') }), 'accepted'],
  ['duplicate name', create({ name: 'Resilience' }), refused('conflict')],
  ['data center emulator', create({ dataCenter: 'emulator' }), V],
  ['data center sandbox (its id before settings version 3)', create({ dataCenter: 'sandbox' }), V],
  ['unknown data center', create({ dataCenter: 'mars' }), V],
  ['unknown environment', create({ environment: 'prod' }), V],
  ['custom data center without a base URL', create({ name: fresh('Custom'), dataCenter: 'custom' }), V],
  ['base URL with user:password', create({ dataCenter: 'custom', customBaseUrl: 'https://admin:hunter2@workato.acme.example' }), V],
  ['base URL of 1 MB', create({ dataCenter: 'custom', customBaseUrl: `https://workato.acme.example/${'a'.repeat(1024 * 1024)}` }), V],
  ['base URL javascript:', create({ dataCenter: 'custom', customBaseUrl: 'javascript:alert(1)' }), V],
  ['base URL ftp:', create({ dataCenter: 'custom', customBaseUrl: 'ftp://workato.acme.example' }), V],
  ['base URL plain http off loopback', create({ dataCenter: 'custom', customBaseUrl: 'http://workato.acme.example' }), V],
  [
    'base URL on http loopback',
    () => ({ ...baseProfile, name: fresh('Loopback'), dataCenter: 'custom', customBaseUrl: 'http://127.0.0.1:4555' }),
    'accepted',
  ],
  ['5,000 origins', create({ originUrls: many(5000) }), V],
  ['21 origins', create({ originUrls: many(21) }), V],
  ['5,000 identical origins', create({ originUrls: many(5000, false) }), V],
  ['the same origin twice', create({ originUrls: ['https://app.acme.example', 'https://app.acme.example'] }), V],
  ['origin javascript:', create({ originUrls: ['javascript:alert(1)'] }), V],
  ['origin data:', create({ originUrls: ['data:text/html,<script>1</script>'] }), V],
  ['origin with credentials', create({ originUrls: ['https://u:p@app.acme.example'] }), V],
  ['origin with a path', create({ originUrls: ['https://app.acme.example/embed'] }), V],
  ['origin "null"', create({ originUrls: ['null'] }), V],
  ['origin empty string', create({ originUrls: [''] }), V],
  ['origins not a list', create({ originUrls: 'https://app.acme.example' }), V],
  ['origins as numbers', create({ originUrls: [1, 2] }), V],
  ['20 distinct origins', () => ({ ...baseProfile, name: fresh('Twenty'), originUrls: many(20) }), 'accepted'],
  ['API token empty', create({ apiToken: '' }), V],
  ['API token of 5,000 characters', create({ apiToken: 't'.repeat(5000) }), V],
  ['vendor id of 129 characters', create({ vendorId: 'v'.repeat(129) }), V],
  ['vendor id with a newline', create({ vendorId: 'v1\nv2' }), V],
  ['payload null', () => null as never, V],
  ['payload a list', () => [] as never, V],
]

const profileCases: Case[] = [
  ...profileRows.map(([name, payload, expect]): Case => ({
    area: 'profiles',
    name: `profiles:create ${name}`,
    op: 'profiles:create',
    payload,
    expect,
  })),
  {
    area: 'profiles',
    name: 'profiles:update unknown profile',
    op: 'profiles:update',
    payload: () => ({ profileId: 'nope', patch: { name: 'x' } }),
    expect: refused('not_found'),
  },
  {
    area: 'profiles',
    name: 'profiles:update name with a tab',
    op: 'profiles:update',
    payload: (c) => ({ profileId: c.profileId, patch: { name: 'a\tb' } }),
    expect: V,
  },
  {
    area: 'profiles',
    name: 'profiles:update 21 origins',
    op: 'profiles:update',
    payload: (c) => ({ profileId: c.profileId, patch: { originUrls: many(21) } }),
    expect: V,
  },
  {
    area: 'profiles',
    name: 'profiles:update base URL with credentials',
    op: 'profiles:update',
    payload: (c) => ({ profileId: c.profileId, patch: { dataCenter: 'custom', customBaseUrl: 'https://a:b@x.example' } }),
    expect: V,
  },
  {
    area: 'profiles',
    name: 'profiles:update the Sandbox data center',
    op: 'profiles:update',
    payload: (c) => ({ profileId: c.sandboxId, patch: { dataCenter: 'eu' } }),
    expect: refused('conflict'),
  },
  {
    area: 'profiles',
    name: 'profiles:update the Sandbox origins to javascript:',
    op: 'profiles:update',
    payload: (c) => ({ profileId: c.sandboxId, patch: { originUrls: ['javascript:alert(1)'] } }),
    expect: V,
  },
  {
    area: 'profiles',
    name: 'profiles:delete the Sandbox',
    op: 'profiles:delete',
    payload: (c) => ({ profileId: c.sandboxId }),
    expect: refused('conflict'),
  },
  {
    area: 'profiles',
    name: 'profiles:setActive unknown',
    op: 'profiles:setActive',
    payload: () => ({ profileId: 'nope' }),
    expect: refused('not_found'),
  },
  { area: 'profiles', name: 'profile id of 65 characters', op: 'profiles:setActive', payload: () => ({ profileId: 'a'.repeat(65) }), expect: V },
  { area: 'profiles', name: 'profile id with ../', op: 'profiles:delete', payload: () => ({ profileId: '../settings' }), expect: V },
  { area: 'profiles', name: 'profile id in upper case', op: 'keys:info', payload: () => ({ profileId: 'SANDBOX' }), expect: V },
  { area: 'profiles', name: 'profile id empty', op: 'customers:list', payload: () => ({ profileId: '' }), expect: V },
  { area: 'profiles', name: 'profile id as a number', op: 'customers:list', payload: () => ({ profileId: 1 }), expect: V },
  {
    area: 'profiles',
    name: 'profiles:test with no token stored',
    op: 'profiles:test',
    payload: (c) => ({ profileId: c.profileId }),
    expect: 'accepted',
  },
]

// ---------------------------------------------------------------- ids
const idValues: Array<[string, unknown]> = [
  ['0', 0],
  ['-1', -1],
  ['1.5', 1.5],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['2^53', 2 ** 53],
  ['1e308', 1e308],
  ['a numeric string', '12'],
  ['null', null],
]
const idCases: Case[] = [
  ...idValues.map(([n, v]): Case => ({
    area: 'ids',
    name: `customers:get customerId ${n}`,
    op: 'customers:get',
    payload: (c) => ({ profileId: c.sandboxId, customerId: v }),
    expect: V,
  })),
  ...idValues.slice(0, 6).map(([n, v]): Case => ({
    area: 'ids',
    name: `connections:get connectionId ${n}`,
    op: 'connections:get',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, connectionId: v }),
    expect: V,
  })),
  ...idValues.slice(0, 4).map(([n, v]): Case => ({
    area: 'ids',
    name: `recipes:start recipeId ${n}`,
    op: 'recipes:start',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, recipeId: v }),
    expect: V,
  })),
  { area: 'ids', name: 'customers:get missing customerId', op: 'customers:get', payload: (c) => ({ profileId: c.sandboxId }), expect: V },
  {
    area: 'ids',
    name: 'customers:get largest safe id (unknown)',
    op: 'customers:get',
    payload: (c) => ({ profileId: c.sandboxId, customerId: Number.MAX_SAFE_INTEGER }),
    expect: refused('not_found'),
  },
  {
    area: 'ids',
    name: 'customers:get a real id',
    op: 'customers:get',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId }),
    expect: 'accepted',
  },
  {
    area: 'ids',
    name: 'flows:importStatus packageId 0',
    op: 'flows:importStatus',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, packageId: 0 }),
    expect: V,
  },
  {
    area: 'ids',
    name: 'jobs:list offsetJobId of 200 characters',
    op: 'jobs:list',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, recipeId: c.recipeId, offsetJobId: 'j'.repeat(200) }),
    expect: V,
  },
  {
    area: 'ids',
    name: 'recipes:list stopCause of 500 characters',
    op: 'recipes:list',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, stopCause: 's'.repeat(500) }),
    expect: V,
  },
  {
    area: 'ids',
    name: 'widget:open customerId 0',
    op: 'widget:open',
    payload: (c) => ({ profileId: c.sandboxId, customerId: 0, connectionId: c.connectionId }),
    expect: V,
  },
  {
    area: 'ids',
    name: 'widget:open connectionId 2^53',
    op: 'widget:open',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, connectionId: 2 ** 53 }),
    expect: V,
  },
  {
    area: 'ids',
    name: 'flows:bindSlot connectionId -3',
    op: 'flows:bindSlot',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, recipeId: c.recipeId, adapterName: 'x', choice: { connectionId: -3 } }),
    expect: V,
  },
  { area: 'contract', name: 'unknown operation', op: 'customers:drop', payload: () => ({}), expect: refused('unknown_operation') },
  { area: 'contract', name: 'operation __proto__', op: '__proto__', payload: () => ({}), expect: refused('unknown_operation') },
  { area: 'contract', name: 'operation constructor', op: 'constructor', payload: () => ({}), expect: refused('unknown_operation') },
  {
    area: 'contract',
    name: 'app:dismissNotice id of 10,000 characters',
    op: 'app:dismissNotice',
    payload: () => ({ id: 'n'.repeat(10_000) }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'tokens:inspect 17 KiB token',
    op: 'tokens:inspect',
    payload: (c) => ({ profileId: c.sandboxId, token: 'e'.repeat(17 * 1024) }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'tokens:inspect garbage token',
    op: 'tokens:inspect',
    payload: (c) => ({ profileId: c.sandboxId, token: 'not.a.jwt' }),
    expect: 'accepted',
  },
  {
    area: 'contract',
    name: 'flows:importStart file name with a newline',
    op: 'flows:importStart',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, fileName: 'a\n.zip', zipBase64: 'UEsDBA==', folder: { id: 1 } }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'flows:importStart folder name of 101 characters',
    op: 'flows:importStart',
    payload: (c) => ({
      profileId: c.sandboxId,
      customerId: c.customerId,
      fileName: 'a.zip',
      zipBase64: 'UEsDBA==',
      folder: { create: 'f'.repeat(101) },
    }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'connections:create input with 101 keys',
    op: 'connections:create',
    payload: (c) => ({
      profileId: c.sandboxId,
      customerId: c.customerId,
      input: { provider: 'jira', input: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])) },
    }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'connections:create input nested 5,000 levels',
    op: 'connections:create',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, input: { provider: 'jira', input: nest(5000) } }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'connections:create input of 20 KiB',
    op: 'connections:create',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, input: { provider: 'jira', input: { blob: 'x'.repeat(20 * 1024) } } }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'connections:create provider of 200 characters',
    op: 'connections:create',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, input: { provider: 'p'.repeat(200) } }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'connections:update name with a newline',
    op: 'connections:update',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, connectionId: c.connectionId, patch: { name: 'a\nb' } }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'connections:list filter of 300 characters',
    op: 'connections:list',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, filters: { provider: 'p'.repeat(300) } }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'customers:create name of 256 characters',
    op: 'customers:create',
    payload: (c) => ({ profileId: c.sandboxId, input: { name: 'n'.repeat(256), notification_email: 'a@b.example' } }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'customers:create name with NUL',
    op: 'customers:create',
    payload: (c) => ({ profileId: c.sandboxId, input: { name: 'a\u0000b', notification_email: 'a@b.example' } }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'customers:create email of 300 characters',
    op: 'customers:create',
    payload: (c) => ({ profileId: c.sandboxId, input: { name: 'Long mail', notification_email: `${'a'.repeat(290)}@b.example` } }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'customers:create time zone of 200 characters',
    op: 'customers:create',
    payload: (c) => ({ profileId: c.sandboxId, input: { name: 'TZ', notification_email: 'a@b.example', time_zone: 'z'.repeat(200) } }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'flows:runtimeUser end user id with a newline',
    op: 'flows:runtimeUser',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, recipeId: c.recipeId, endUserId: 'a\nb' }),
    expect: V,
  },
  {
    area: 'contract',
    name: 'flows:runtimeUser end user id of 256 characters',
    op: 'flows:runtimeUser',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, recipeId: c.recipeId, endUserId: 'u'.repeat(256) }),
    expect: V,
  },
]

function nest(depth: number): unknown {
  let v: unknown = 1
  for (let i = 0; i < depth; i++) v = { a: v }
  return v
}

// ---------------------------------------------------------------- external ids
const extRows: Array<[string, unknown, ErrorCode[] | 'accepted']> = [
  ['with a newline', 'AM10\nXV303', V],
  ['with NUL', 'AM10\u0000', V],
  ['with a tab', 'a\tb', V],
  ['of 256 characters', 'e'.repeat(256), V],
  ['empty', '', V],
  ['whitespace only', '   ', V],
  ['a number', 42, V],
  ['with reserved characters', 'AM10:XV303/ü?&#%', 'accepted'],
  ['with emoji', `E-🚀-${Date.now()}`, 'accepted'],
]
const externalIdCases: Case[] = [
  ...extRows.map(([n, v, expect]): Case => ({
    area: 'external ids',
    name: `customers:create external id ${n}`,
    op: 'customers:create',
    payload: (c) => ({ profileId: c.sandboxId, input: { name: `Ext ${n}`, notification_email: 'ext@acme.example', external_id: v } }),
    expect,
  })),
  ...extRows.slice(0, 4).map(([n, v]): Case => ({
    area: 'external ids',
    name: `customers:update external id ${n}`,
    op: 'customers:update',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, patch: { external_id: v } }),
    expect: V,
  })),
  ...extRows.slice(0, 4).map(([n, v]): Case => ({
    area: 'external ids',
    name: `connections:create external id ${n}`,
    op: 'connections:create',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, input: { provider: 'jira', external_id: v } }),
    expect: V,
  })),
  {
    area: 'external ids',
    name: 'customers:update external id null (clears it)',
    op: 'customers:update',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, patch: { external_id: null } }),
    expect: 'accepted',
  },
]

// ---------------------------------------------------------------- URLs
const originRows: Array<[string, unknown, ErrorCode[] | 'accepted']> = [
  ['plain http', 'http://app.acme.example', V],
  ['javascript:', 'javascript:alert(1)', V],
  ['with credentials', 'https://u:p@app.acme.example', V],
  ['with a path', 'https://app.acme.example/embed', V],
  ['of 3,000 characters', `https://${'a'.repeat(3000)}.example`, V],
  ['"null"', 'null', V],
  ['with a newline inside', 'https://app.acme\n.example', V],
]
const urlCases: Case[] = [
  ...originRows.map(([n, v, expect]): Case => ({
    area: 'urls',
    name: `customers:create origin ${n}`,
    op: 'customers:create',
    payload: (c) => ({ profileId: c.sandboxId, input: { name: `Origin ${n}`, notification_email: 'o@acme.example', origin_url: v } }),
    expect,
  })),
  ...originRows.map(([n, v, expect]): Case => ({
    area: 'urls',
    name: `customers:update origin ${n}`,
    op: 'customers:update',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, patch: { origin_url: v } }),
    expect,
  })),
  {
    area: 'urls',
    name: 'customers:update origin https (accepted)',
    op: 'customers:update',
    payload: (c) => ({ profileId: c.sandboxId, customerId: c.customerId, patch: { origin_url: 'https://app.acme.example' } }),
    expect: 'accepted',
  },
  { area: 'urls', name: 'app:openExternal http', op: 'app:openExternal', payload: () => ({ url: 'http://example.com' }), expect: V },
  { area: 'urls', name: 'app:openExternal javascript:', op: 'app:openExternal', payload: () => ({ url: 'javascript:alert(1)' }), expect: V },
  { area: 'urls', name: 'app:openExternal file:', op: 'app:openExternal', payload: () => ({ url: 'file:///etc/passwd' }), expect: V },
  {
    area: 'urls',
    name: 'app:openExternal of 3,000 characters',
    op: 'app:openExternal',
    payload: () => ({ url: `https://example.com/${'a'.repeat(3000)}` }),
    expect: V,
  },
  {
    area: 'urls',
    name: 'app:openExternal https',
    op: 'app:openExternal',
    payload: () => ({ url: 'https://docs.workato.com/oem/oem-api.html' }),
    expect: 'accepted',
  },
]

// ---------------------------------------------------------------- widget messages (the relay is hD's; rows state the outcome)
export const widgetRecord = (origin: string, data: unknown, over: Record<string, unknown> = {}) => ({
  at: Date.now(),
  origin,
  accepted: true,
  reason: null,
  message: { type: 'x' },
  raw: typeof data === 'string' ? data : JSON.stringify(data),
  size: 10,
  dataKind: typeof data === 'string' ? 'string' : 'object',
  ...over,
})

export function widgetCases(appOrigin: string): Case[] {
  const rec = (data: unknown, over: Record<string, unknown> = {}) => widgetRecord(appOrigin, data, over)
  const height = { wk: true, type: 'heightChange', payload: { height: 300 } }
  return [
    {
      area: 'widget messages',
      name: 'widget:record 1,001 records in one call',
      op: 'widget:record',
      payload: (c) => ({ attemptId: c.attemptId, records: Array.from({ length: 1001 }, () => rec(height)) }),
      expect: V,
    },
    {
      area: 'widget messages',
      name: 'widget:record raw above 64 KiB',
      op: 'widget:record',
      payload: (c) => ({ attemptId: c.attemptId, records: [rec('x'.repeat(65 * 1024 + 1))] }),
      expect: V,
    },
    {
      area: 'widget messages',
      name: 'widget:record type of 300 characters',
      op: 'widget:record',
      payload: (c) => ({ attemptId: c.attemptId, records: [rec(height, { message: { type: 't'.repeat(300) } })] }),
      expect: V,
    },
    {
      area: 'widget messages',
      name: 'widget:record origin of 3,000 characters',
      op: 'widget:record',
      payload: (c) => ({ attemptId: c.attemptId, records: [rec(height, { origin: `https://${'a'.repeat(3000)}` })] }),
      expect: V,
    },
    {
      area: 'widget messages',
      name: 'widget:record negative size',
      op: 'widget:record',
      payload: (c) => ({ attemptId: c.attemptId, records: [rec(height, { size: -1 })] }),
      expect: V,
    },
    {
      area: 'widget messages',
      name: 'widget:record unknown dataKind',
      op: 'widget:record',
      payload: (c) => ({ attemptId: c.attemptId, records: [rec(height, { dataKind: 'blob' })] }),
      expect: V,
    },
    {
      area: 'widget messages',
      name: 'widget:record bad attempt id',
      op: 'widget:record',
      payload: () => ({ attemptId: 'NOT VALID', records: [] }),
      expect: V,
    },
    {
      area: 'widget messages',
      name: 'widget:record unknown attempt',
      op: 'widget:record',
      payload: () => ({ attemptId: '00000000-0000-0000-0000-000000000000', records: [rec(height)] }),
      expect: refused('not_found'),
    },
    {
      area: 'widget messages',
      name: 'widget:record a valid heightChange',
      op: 'widget:record',
      payload: (c) => ({ attemptId: c.attemptId, records: [rec(height)] }),
      expect: 'accepted',
    },
    {
      area: 'widget messages',
      name: 'widget:record a message from a foreign origin (logged as rejected)',
      op: 'widget:record',
      payload: (c) => ({ attemptId: c.attemptId, records: [widgetRecord('https://evil.example', height)] }),
      expect: 'accepted',
    },
    {
      area: 'widget messages',
      name: 'widget:record a message that is not JSON (logged as rejected)',
      op: 'widget:record',
      payload: (c) => ({ attemptId: c.attemptId, records: [rec('{not json')] }),
      expect: 'accepted',
    },
    {
      area: 'widget messages',
      name: 'widget:record a message nested 3,000 levels, then export still works',
      op: 'widget:record',
      owner: 'hD',
      payload: (c) => ({ attemptId: c.attemptId, records: [rec(`${'['.repeat(3000)}${']'.repeat(3000)}`)] }),
      expect: 'accepted',
      then: async (c, call) => {
        const r = await call('widget:export', { attemptId: c.attemptId })
        if (!r.ok) throw new Error('widget:export failed after a deeply nested message')
      },
    },
    {
      area: 'widget messages',
      name: 'widget:record to a closed attempt is refused',
      op: 'widget:record',
      owner: 'hD',
      payload: (c) => ({ attemptId: c.closedAttemptId, records: [rec(height)] }),
      expect: refused('conflict', 'not_found', 'validation'),
    },
    {
      area: 'widget messages',
      name: 'widget:messages limit 0',
      op: 'widget:messages',
      payload: (c) => ({ attemptId: c.attemptId, limit: 0 }),
      expect: V,
    },
    {
      area: 'widget messages',
      name: 'widget:messages limit 200,000',
      op: 'widget:messages',
      payload: (c) => ({ attemptId: c.attemptId, limit: 200_000 }),
      expect: V,
    },
    {
      area: 'widget messages',
      name: 'widget:messages afterSeq -2',
      op: 'widget:messages',
      payload: (c) => ({ attemptId: c.attemptId, afterSeq: -2 }),
      expect: V,
    },
    {
      area: 'widget messages',
      name: 'widget:close unknown outcome',
      op: 'widget:close',
      payload: (c) => ({ attemptId: c.attemptId, outcome: 'exploded' }),
      expect: V,
    },
  ]
}

export const staticCases: Case[] = [...keyCases, ...profileCases, ...idCases, ...externalIdCases, ...urlCases]
