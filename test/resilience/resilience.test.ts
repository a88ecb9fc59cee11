/**
 * The resilience suite (issue 11, "A suite that keeps it so"): the bad-input table over the contract, damaged
 * settings and cache files, the Sandbox's fault scenarios, a widget message flood, a kill-during-save loop and a
 * secret scan over every response, file and log line the suite produced. Each case states its expected outcome;
 * the suite prints its tally at the end:
 *
 *   npx vitest run --project resilience
 */
import { spawn } from 'node:child_process'
import { createPrivateKey } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../electron/emulator'
import type { ErrorCode, Result } from '../../shared/errors'
import { secretAccounts } from '../../electron/core/vault/accounts'
import { createMemoryVault } from '../support/memory-vault'
import { staticCases, widgetCases, widgetRecord, type Case, type Ctx } from './cases'
import { filesUnder, printTally, produced, startRig, tally, type Rig } from './rig'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')

let rig: Rig
let sandbox: EmulatorHandle
let ctx: Ctx
let appOrigin = ''
/** Tokens the suite typed itself (never to be found in clear anywhere). */
const typedSecrets: string[] = []

const CONTROL_TOKEN = `wrkresilience-ctl-${'Q'.repeat(12)}\nR${'S'.repeat(12)}\u0000T${'U'.repeat(12)}`

type Expectation = ErrorCode[] | 'accepted'

function describeResult(r: Result<unknown>): string {
  return r.ok ? 'accepted' : `${r.error.code}: ${r.error.message.slice(0, 160)}`
}

/** Scores one outcome against its expectation, counts it in the tally, and returns why it failed (or null). */
function judge(name: string, expected: Expectation, r: Result<unknown> | { thrown: unknown }, owner?: string): string | null {
  tally.cases++
  let failure: string | null = null
  if ('thrown' in r) {
    tally.crashes++
    failure = `crashed: ${r.thrown instanceof Error ? r.thrown.message : String(r.thrown)}`
  } else if (!r.ok && r.error.code === 'internal') {
    tally.crashes++
    failure = `internal error (a "500"): ${r.error.message}`
  } else if (expected === 'accepted') {
    if (!r.ok) failure = `expected accepted, got ${describeResult(r)}`
  } else if (r.ok) {
    tally.badAccepted++
    failure = `bad data accepted (expected ${expected.join(' or ')})`
  } else if (!expected.includes(r.error.code)) {
    failure = `expected ${expected.join(' or ')}, got ${describeResult(r)}`
  } else if (!/\w{3,}/.test(r.error.message)) {
    failure = `error ${r.error.code} has no sentence`
  }
  if (failure) tally.failures.push(`${name}${owner ? ` [needs ${owner}'s branch]` : ''}: ${failure}`)
  else tally.passed++
  return failure
}

async function run(c: Case): Promise<void> {
  let r: Result<unknown> | { thrown: unknown }
  try {
    r = await rig.call(c.op, c.payload(ctx))
  } catch (e) {
    r = { thrown: e }
  }
  let failure = judge(c.name, c.expect, r, c.owner)
  if (!failure && c.then && 'ok' in r && r.ok) {
    try {
      await c.then(ctx, (op, payload) => rig.call(op, payload))
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e)
      tally.passed--
      tally.failures.push(`${c.name}${c.owner ? ` [needs ${c.owner}'s branch]` : ''}: ${failure}`)
    }
  }
  expect(failure, c.name).toBeNull()
}

beforeAll(async () => {
  rig = await startRig()
  const sb = rig.core.sandbox()
  if (!sb) throw new Error('the in-process Sandbox did not start')
  sandbox = sb
  // The suite's own pace: the Sandbox's server-side limits off (the client keeps the documented ones).
  sandbox.setRateLimits('off')
  const created = await rig.call('profiles:create', { name: 'Resilience', dataCenter: 'us', environment: 'test' })
  if (!created.ok) throw new Error(`setup: ${describeResult(created)}`)
  const profileId = (created.data as { id: string }).id
  const customer = sandbox.state.listCustomers().find((c) => {
    const ws = sandbox.state.workspace(c)
    return ws.connections.size > 0 && ws.recipes.size > 0
  })
  if (!customer) throw new Error('setup: no Sandbox customer with connections and recipes')
  const ws = sandbox.state.workspace(customer)
  const connectionId = [...ws.connections.keys()][0] ?? 0
  const recipeId = [...ws.recipes.keys()][0] ?? 0
  const open = async () => {
    const r = await rig.call('widget:open', { profileId: 'sandbox', customerId: customer.id, connectionId })
    if (!r.ok) throw new Error(`setup: widget:open ${describeResult(r)}`)
    return r.data as { attemptId: string; appOrigin: string }
  }
  const closed = await open()
  await rig.call('widget:close', { attemptId: closed.attemptId })
  const attempt = await open()
  appOrigin = attempt.appOrigin
  ctx = {
    profileId,
    sandboxId: 'sandbox',
    customerId: customer.id,
    connectionId,
    recipeId,
    attemptId: attempt.attemptId,
    closedAttemptId: closed.attemptId,
  }
}, 60_000)

afterAll(async () => {
  await rig?.close()
  console.log(`\n${printTally()}\n`)
  // The secret scan has read them; nothing of the suite stays behind in the temp folder.
  for (const d of produced.dataDirs) await rm(d, { recursive: true, force: true }).catch(() => undefined)
})

describe('bad inputs through the contract', () => {
  for (const c of staticCases) it(`[${c.area}] ${c.name}`, () => run(c))
})

describe('widget messages through the contract', () => {
  it('every widget row', async () => {
    const failures: string[] = []
    for (const c of widgetCases(appOrigin)) {
      await run(c).catch((e: unknown) => failures.push(e instanceof Error ? e.message : String(e)))
    }
    expect(failures).toEqual([])
  })

  it('a flood of 600 messages in batches of 100 is logged whole, in order (messages lost = 0)', async () => {
    const before = await rig.call('widget:messages', { attemptId: ctx.attemptId })
    const start = before.ok ? (before.data as { total: number }).total : 0
    for (let b = 0; b < 6; b++) {
      const records = Array.from({ length: 100 }, (_, i) =>
        widgetRecord(appOrigin, { wk: true, type: 'heightChange', payload: { height: b * 100 + i } }),
      )
      const r = await rig.call('widget:record', { attemptId: ctx.attemptId, records })
      judge(`widget flood batch ${b + 1}`, 'accepted', r)
    }
    const after = await rig.call('widget:messages', { attemptId: ctx.attemptId, limit: 100_000 })
    const total = after.ok ? (after.data as { total: number }).total : 0
    const lost = Math.max(0, 600 - (total - start))
    tally.lost += lost
    expect(lost).toBe(0)
  })
})

// ---------------------------------------------------------------- files on disk
const storedProfile = (id: string, name: string, over: Record<string, unknown> = {}) => ({
  id,
  name,
  dataCenter: 'eu',
  customBaseUrl: null,
  vendorId: null,
  originUrls: ['https://app.acme.example'],
  environment: 'test',
  builtIn: false,
  keySource: null,
  registeredKeyFingerprint: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
})
const doc = (profiles: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ schemaVersion: 2, activeProfileId: 'p-1', profiles, ...extra })
const two = [storedProfile('p-1', 'One'), storedProfile('p-2', 'Two')]

interface FileCase {
  name: string
  content: string
  /** Real profiles that must load (the Sandbox always does). */
  loads: string[]
  /** A notice must say this (null: no notice at all). */
  notice: RegExp | null
  /** Text that must not reach profiles:list. */
  absent?: string
}

const settingsCases: FileCase[] = [
  { name: 'a byte-order mark', content: `\uFEFF${doc(two)}`, loads: ['p-1', 'p-2'], notice: null },
  {
    name: 'one bad field in one profile',
    content: doc([storedProfile('p-1', 'One', { originUrls: [42] }), storedProfile('p-2', 'Two')]),
    loads: ['p-2'],
    notice: /Profile "One" was set aside: its field "originUrls\.0"/,
  },
  {
    name: 'one profile with an unknown data center',
    content: doc([storedProfile('p-1', 'One'), storedProfile('p-2', 'Two', { dataCenter: 'mars' })]),
    loads: ['p-1'],
    notice: /"Two".*"dataCenter"/,
  },
  {
    name: 'a stored base URL of 1 MB',
    content: doc([
      storedProfile('p-1', 'One', { dataCenter: 'custom', customBaseUrl: `https://x.example/${'a'.repeat(1 << 20)}` }),
      storedProfile('p-2', 'Two'),
    ]),
    loads: ['p-2'],
    notice: /"One".*"customBaseUrl"/,
  },
  {
    name: 'a base URL with user:password',
    content: doc([storedProfile('p-1', 'One', { dataCenter: 'custom', customBaseUrl: 'https://admin:hunter2@workato.acme.example' })]),
    loads: ['p-1'],
    notice: /user name and password were removed/,
    absent: 'hunter2',
  },
  {
    name: 'a name with control characters',
    content: doc([storedProfile('p-1', 'On\u0000e\u001b')]),
    loads: ['p-1'],
    notice: /control characters removed/,
    absent: '\u001b',
  },
  {
    name: '5,000 stored origins',
    content: doc([storedProfile('p-1', 'One', { originUrls: Array.from({ length: 5000 }, (_, i) => `https://a${i}.example`) })]),
    loads: ['p-1'],
    notice: /only the first 20/,
  },
  {
    name: 'two profiles with one id',
    content: doc([storedProfile('p-1', 'One'), storedProfile('p-1', 'Copy')]),
    loads: ['p-1'],
    notice: /"Copy".*"id"/,
  },
  {
    name: 'a profile that is not an object',
    content: doc([storedProfile('p-1', 'One'), 'oops']),
    loads: ['p-1'],
    notice: /Profile number 2 was set aside/,
  },
  { name: 'an active profile id that is a number', content: doc(two, { activeProfileId: 7 }), loads: ['p-1', 'p-2'], notice: /active profile/ },
  { name: 'an unknown top-level field', content: doc(two, { theme: 'dark' }), loads: ['p-1', 'p-2'], notice: null },
  { name: 'profiles that are not a list', content: JSON.stringify({ schemaVersion: 2, profiles: { a: 1 } }), loads: [], notice: /field "profiles"/ },
  { name: 'invalid JSON', content: '{"schemaVersion": 2, "profiles": [', loads: [], notice: /not valid JSON/ },
  { name: 'a file cut in half', content: doc(two).slice(0, 200), loads: [], notice: /not valid JSON/ },
  { name: 'an empty file', content: '', loads: [], notice: /not valid JSON/ },
  { name: 'NUL bytes', content: '\u0000'.repeat(64), loads: [], notice: /not valid JSON/ },
  { name: 'a JSON array', content: '[1,2,3]', loads: [], notice: /does not contain a settings object/ },
  { name: 'a newer version', content: JSON.stringify({ schemaVersion: 99, profiles: [] }), loads: [], notice: /newer version/ },
  { name: 'nesting 100,000 levels deep', content: '['.repeat(100_000), loads: [], notice: /not valid JSON/ },
]

describe('damaged settings files: the app opens, salvages what is valid, and says what it set aside', () => {
  for (const c of settingsCases) {
    it(`settings.json with ${c.name}`, async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-resilience-settings-'))
      produced.dataDirs.add(dataDir)
      await writeFile(path.join(dataDir, 'settings.json'), c.content)
      let r: Result<unknown> | { thrown: unknown }
      let other: Rig | null = null
      let failure: string | null = null
      try {
        other = await startRig({ dataDir, vault: createMemoryVault(Object.fromEntries(rig.vault.entries)) })
        r = await other.call('profiles:list')
      } catch (e) {
        r = { thrown: e }
      }
      failure = judge(`settings file: ${c.name}`, 'accepted', r)
      if (!failure && other && 'ok' in r && r.ok) {
        const list = r.data as { profiles: Array<{ id: string; name: string }> }
        const ids = list.profiles.map((p) => p.id)
        const notices = await other.call('app:notices')
        const texts = notices.ok ? (notices.data as Array<{ message: string }>).map((n) => n.message).join('\n') : ''
        const problems: string[] = []
        if (!ids.includes('sandbox')) problems.push('the Sandbox is missing')
        const real = ids.filter((id) => id !== 'sandbox')
        if (JSON.stringify(real) !== JSON.stringify(c.loads)) problems.push(`loaded ${JSON.stringify(real)}, expected ${JSON.stringify(c.loads)}`)
        if (c.notice && !c.notice.test(texts)) problems.push(`no notice matching ${String(c.notice)} (got: ${texts.slice(0, 300)})`)
        if (!c.notice && texts.includes('settings')) problems.push(`an unexpected notice: ${texts.slice(0, 200)}`)
        if (c.absent && JSON.stringify(list).includes(c.absent)) problems.push(`profiles:list still shows ${JSON.stringify(c.absent)}`)
        // The file on disk parses again, and the damaged original is kept byte for byte when something was set aside.
        JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))
        if (c.notice) {
          const copies = (await readdir(dataDir)).filter((f) => f.startsWith('settings.corrupt-'))
          const kept = await Promise.all(copies.map((f) => readFile(path.join(dataDir, f), 'utf8')))
          if (!kept.includes(c.content)) problems.push('the original file was not kept byte for byte')
        }
        if (problems.length) {
          tally.passed--
          failure = problems.join('; ')
          tally.failures.push(`settings file: ${c.name}: ${failure}`)
        }
      }
      await other?.close()
      expect(failure).toBeNull()
    }, 30_000)
  }
})

describe('damaged cache files: a cache miss and a notice, never a crash', () => {
  const cacheCases: Array<[string, string]> = [
    ['cut off mid-write', '{"version":1,"fetchedAt":"2026-01-01T00:00:00Z","items":[{"id":1,"na'],
    ['the wrong shape', '{"version":1,"fetchedAt":5,"items":{}}'],
    ['NUL bytes', '\u0000'.repeat(32)],
    ['nesting 100,000 levels deep', '{"a":'.repeat(100_000)],
  ]
  for (const [name, content] of cacheCases) {
    it(`customers.json ${name}`, async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ec-resilience-cache-'))
      produced.dataDirs.add(dataDir)
      await mkdir(path.join(dataDir, 'cache', 'sandbox'), { recursive: true })
      await writeFile(path.join(dataDir, 'cache', 'sandbox', 'customers.json'), content)
      const other = await startRig({ dataDir, vault: createMemoryVault(Object.fromEntries(rig.vault.entries)) })
      try {
        const r = await other.call('customers:list', { profileId: 'sandbox' })
        let failure = judge(`cache file: customers.json ${name}`, 'accepted', r)
        const notices = await other.call('app:notices')
        const said = notices.ok && (notices.data as Array<{ id: string }>).some((n) => n.id === 'cache-corrupt')
        if (!failure && !said) {
          tally.passed--
          failure = 'no notice about the damaged cache file'
          tally.failures.push(`cache file: customers.json ${name}: ${failure}`)
        }
        expect(failure).toBeNull()
      } finally {
        await other.close()
      }
    }, 30_000)
  }

  it('a damaged connections.json is a miss for that customer, then refilled from the API', async () => {
    const file = path.join(rig.dataDir, 'cache', 'sandbox', 'customers', String(ctx.customerId), 'connections.json')
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, '{"version":1,"views":{"":{"fetchedAt":"x","items":[{"id":"not a number"}]}}}')
    const r = await rig.call('connections:list', { profileId: 'sandbox', customerId: ctx.customerId })
    expect(judge('cache file: connections.json with a bad item', 'accepted', r)).toBeNull()
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('views')
  })
})

// ---------------------------------------------------------------- faults
describe('fault scenarios against the Sandbox (electron/emulator/faults.ts)', () => {
  const scenario = async (
    name: string,
    faults: Parameters<EmulatorHandle['setFaults']>[0],
    op: string,
    payload: (c: Ctx) => unknown,
    expected: Expectation,
    owner?: 'hE',
    timeoutMs = 20_000,
  ) => {
    sandbox.setFaults(faults)
    const signal = AbortSignal.timeout(timeoutMs)
    let r: Result<unknown> | { thrown: unknown }
    try {
      r = await rig.call(op, payload(ctx), signal)
    } catch (e) {
      r = { thrown: e }
    } finally {
      sandbox.setFaults({})
    }
    return judge(`fault: ${name}`, expected, r, owner)
  }
  const customer = (c: Ctx) => ({ profileId: 'sandbox', customerId: c.customerId })

  it('latency 400 ms with jitter: reads succeed', async () => {
    expect(await scenario('latency', { latencyMs: 400, jitterMs: 100 }, 'connections:list', customer, 'accepted')).toBeNull()
  })
  it('slow bodies dribbled in 16-byte chunks: reads succeed', async () => {
    expect(
      await scenario('slow body', { slowBodyRate: 1, slowBodyChunkBytes: 64, slowBodyChunkDelayMs: 5 }, 'recipes:list', customer, 'accepted'),
    ).toBeNull()
  })
  it('every call answered 500: a clear api_error, the cached list kept', async () => {
    expect(await scenario('error rate 1', { errorRate: 1 }, 'customers:get', customer, ['api_error'])).toBeNull()
    const cached = await rig.call('connections:list', customer(ctx))
    expect(judge('fault: cache kept after 500s', 'accepted', cached)).toBeNull()
  })
  it('a third of reads answered 500: an idempotent read retries and succeeds', async () => {
    expect(
      await scenario(
        'error rate 0.34 on a read',
        { errorRate: 0.34, seed: 3 },
        'connections:get',
        (c) => ({ ...customer(c), connectionId: c.connectionId }),
        'accepted',
        'hE',
      ),
    ).toBeNull()
  })
  it('malformed JSON bodies: a clear error, not a crash', async () => {
    expect(await scenario('malformed JSON', { malformedJsonRate: 1 }, 'customers:get', customer, ['api_error', 'network', 'validation'])).toBeNull()
  })
  it('a 429 storm (Retry-After 1 s): ends in rate_limited, the cache kept', async () => {
    expect(
      await scenario(
        '429 storm',
        { rateLimitStormRate: 1, stormRetryAfterSeconds: 1 },
        'customers:get',
        customer,
        ['rate_limited'],
        undefined,
        40_000,
      ),
    ).toBeNull()
    const r = await rig.call('customers:list', { profileId: 'sandbox' })
    expect(judge('fault: customers:list after the storm', 'accepted', r)).toBeNull()
  }, 60_000)
  it('a 429 with Retry-After above the cap does not stall the next call once the API recovered', async () => {
    await scenario(
      '429 with Retry-After 120 s',
      { rateLimitStormRate: 1, stormRetryAfterSeconds: 120 },
      'connections:get',
      (c) => ({ ...customer(c), connectionId: c.connectionId }),
      ['rate_limited'],
      undefined,
      10_000,
    )
    // Faults are off again: the same family must answer now, not after 120 s.
    let r: Result<unknown> | { thrown: unknown }
    try {
      r = await rig.call('connections:get', { ...customer(ctx), connectionId: ctx.connectionId }, AbortSignal.timeout(10_000))
    } catch (e) {
      r = { thrown: e }
    }
    expect(judge('fault: the call after a long Retry-After', 'accepted', r, 'hE')).toBeNull()
  }, 30_000)
  it('a cut-off create is reported as what happened, and never duplicated', async () => {
    const before = sandbox.state.customerCount()
    const externalId = `CUT-${Date.now()}`
    const failure = await scenario(
      'cut-off create',
      // The write lands and its answer is cut; the look-up that follows is answered normally.
      { cutAfterWrite: 1 },
      'customers:create',
      () => ({ profileId: 'sandbox', input: { name: 'Cut off Co', notification_email: 'cut@acme.example', external_id: externalId } }),
      'accepted',
      'hE',
    )
    const created = sandbox.state.customerCount() - before
    if (created !== 1) {
      tally.lost++
      tally.failures.push(`fault: cut-off create made ${created} customers`)
    }
    expect({ failure, created }).toEqual({ failure: null, created: 1 })
  })
  it('a create answered 2xx with a body that cannot be read (and look-ups too): "could not tell", never "not created", never duplicated', async () => {
    const before = sandbox.state.customerCount()
    const failure = await scenario(
      'unreadable create answer',
      { malformedJsonRate: 1 },
      'customers:create',
      () => ({
        profileId: 'sandbox',
        input: { name: 'Unreadable Co', notification_email: 'unread@acme.example', external_id: `UNREAD-${Date.now()}` },
      }),
      ['network'],
    )
    expect({ failure, created: sandbox.state.customerCount() - before }).toEqual({ failure: null, created: 1 })
  })
  it('a token with control characters is refused when typed, and one already stored never shows in a Test connection failure', async () => {
    typedSecrets.push(CONTROL_TOKEN)
    const base = { name: 'Control token', dataCenter: 'custom', customBaseUrl: sandbox.baseUrl, environment: 'test' } as const
    // Typed into the form: refused with a sentence (a Workato token never holds a line break), the token not echoed.
    const typed = await rig.call('profiles:create', { ...base, apiToken: CONTROL_TOKEN })
    expect(judge('redaction: a control-character token typed into the form', ['validation'], typed)).toBeNull()
    // Stored by an earlier version (or edited in the keychain): Test connection still never shows it.
    const created = await rig.call('profiles:create', { ...base, apiToken: 'wrkresilience-plain-token-0000000000' })
    expect(judge('redaction: create a profile with a plain token', 'accepted', created)).toBeNull()
    if (!created.ok) return
    const profileId = (created.data as { id: string }).id
    await rig.vault.set(secretAccounts.apiToken(profileId), CONTROL_TOKEN)
    const r = await rig.call('profiles:test', { profileId })
    expect(judge('redaction: profiles:test with a stored control-character token', 'accepted', r, 'hE')).toBeNull()
  })
})

// ---------------------------------------------------------------- kill during save
describe('kill during save', () => {
  it('SIGKILL mid-save, 12 times: every confirmed save is on disk and the file always parses', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ec-resilience-kill-'))
    produced.dataDirs.add(dir)
    const child = path.join(here, 'save-child.ts')
    let confirmedTotal = 0
    const problems: string[] = []
    for (let round = 0; round < 12; round++) {
      // Node itself with tsx's loader (not the tsx launcher, which would leave its node child alive after a kill).
      const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, String(round)], { stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot })
      let out = ''
      let last = -1
      const killed = new Promise<void>((resolve) => proc.on('exit', () => resolve()))
      await new Promise<void>((resolve) => {
        let armed = false
        proc.stdout.on('data', (b: Buffer) => {
          out += b.toString('utf8')
          const lines = out.split('\n').filter((l) => /^\d+$/.test(l))
          last = lines.length ? Number(lines[lines.length - 1]) : last
          if (!armed && last >= 0) {
            armed = true
            // Somewhere in the middle of a stream of saves, at a different point each round.
            setTimeout(resolve, 40 + ((round * 37) % 160))
          }
        })
        proc.on('exit', () => resolve())
      })
      proc.kill('SIGKILL')
      await killed
      tally.cases++
      const text = await readFile(path.join(dir, 'settings.json'), 'utf8')
      let saved = -1
      try {
        const data = JSON.parse(text) as { profiles: Array<{ name: string }> }
        const m = /^save (\d+)-(\d+)$/.exec(data.profiles[0]?.name ?? '')
        saved = m && Number(m[1]) === round ? Number(m[2]) : -1
      } catch {
        problems.push(`round ${round}: settings.json does not parse after the kill`)
      }
      if (last >= 0 && saved < last) {
        tally.lost += last - Math.max(saved, 0)
        problems.push(`round ${round}: save ${last} was confirmed but the file holds ${saved} (${text.slice(0, 160)})`)
      }
      if (last < 0) problems.push(`round ${round}: the child confirmed no save (${out.slice(0, 200)})`)
      if (problems.length === 0) tally.passed++
      confirmedTotal += last + 1
    }
    if (problems.length) tally.failures.push(...problems.map((p) => `kill during save: ${p}`))
    console.log(`kill during save: 12 kills, ${confirmedTotal} confirmed saves checked`)
    expect(problems).toEqual([])
  }, 90_000)
})

// ---------------------------------------------------------------- secret scan (last: it reads what everything above produced)
describe('secret scan over every response, file and log line the suite produced', () => {
  it('no API token, private key (any form) or minted JWT appears anywhere', async () => {
    const secrets: Array<[string, string]> = []
    for (const [account, value] of rig.vault.entries) {
      if (account.endsWith(':api-token')) secrets.push([`API token of ${account}`, value])
      if (account.endsWith(':private-key')) {
        const key = createPrivateKey(value)
        const forms = {
          pkcs8: value,
          pkcs1: key.export({ type: 'pkcs1', format: 'pem' }).toString(),
          der: key.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
          derUrl: key.export({ type: 'pkcs8', format: 'der' }).toString('base64url'),
        }
        for (const [form, text] of Object.entries(forms)) {
          // Any 40-character run of the key's body is a leak, whatever wraps it.
          const bodyText = text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')
          for (let i = 0; i + 40 <= bodyText.length; i += 200) secrets.push([`private key (${form}) of ${account}`, bodyText.slice(i, i + 40)])
        }
      }
    }
    for (const t of typedSecrets) {
      secrets.push(["typed token with control characters [needs hE's branch]", t])
      // eslint-disable-next-line no-control-regex -- splitting at control characters is the point
      for (const [i, part] of t.split(/[\u0000-\u001f]/).entries()) {
        if (part.length >= 8) secrets.push([`typed token, part ${i + 1} between control characters [needs hE's branch]`, part])
      }
    }
    const jwts = new Set<string>()
    for (const page of produced.hostPages) for (const m of page.matchAll(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g)) jwts.add(m[0])
    for (const j of jwts) secrets.push(['minted JWT', j])
    expect(jwts.size).toBeGreaterThan(0)

    const haystacks: Array<[string, string]> = [
      ...produced.responses.map((r, i): [string, string] => [`response ${i}`, r]),
      ...produced.logs.map((l, i): [string, string] => [`log line ${i}`, l]),
    ]
    for (const d of produced.dataDirs) for (const f of await filesUnder(d)) haystacks.push([`file ${path.relative(d, f.file)}`, f.text])

    const leaks: string[] = []
    for (const [where, text] of haystacks) {
      for (const [what, secret] of secrets) {
        // Settings, cache and audit files never hold secrets; the vault is memory only.
        if (secret && text.includes(secret)) leaks.push(`${what} in ${where}`)
      }
    }
    const unique = [...new Set(leaks)]
    tally.cases++
    tally.secretsLeaked += unique.length
    if (unique.length) tally.failures.push(...unique.slice(0, 20).map((l) => `secret scan: ${l}`))
    else tally.passed++
    console.log(`secret scan: ${secrets.length} secret forms over ${haystacks.length} responses, log lines and files`)
    expect(unique).toEqual([])
  })
})
