/** The sandbox's RLCM import endpoints (reference §5.2) over real HTTP, as a Workato client sees them. */
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../../electron/emulator'
import { importsOf } from '../../../electron/emulator/imports'
import { writeZip } from '../../../shared/recipe-package'
import { buildPackage, deflatedZip, onboardingManifest } from './packages'

let h: EmulatorHandle
afterEach(async () => h?.close())

async function boot(opts: Parameters<typeof startEmulator>[0] = {}) {
  h = await startEmulator({ customers: 5, rateLimits: 'off', ...opts })
  const created = await call('POST', '/api/managed_users', { json: { name: 'Acme Imports', notification_email: 'ops@acme.test' } })
  const customerId = created.body.id as number
  const folder = await call('POST', `/api/managed_users/${customerId}/folders`, { json: { name: 'Integrations' } })
  return { customerId, folderId: folder.body.id as number }
}

async function call(
  method: string,
  path: string,
  opts: { json?: unknown; raw?: Buffer; type?: string } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw HTTP probe reads any JSON shape
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { Authorization: `Bearer ${h.token}` }
  let body: BodyInit | undefined
  if (opts.raw) {
    headers['Content-Type'] = opts.type ?? 'application/octet-stream'
    body = new Uint8Array(opts.raw)
  } else if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.json)
  }
  const res = await fetch(h.baseUrl + path, { method, headers, body })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers }
}

async function pollUntilDone(customerId: number, packageId: number) {
  const seen: string[] = []
  for (let i = 0; i < 10; i++) {
    const r = await call('GET', `/api/managed_users/${customerId}/imports/${packageId}`)
    expect(r.status).toBe(200)
    seen.push(r.body.status)
    if (r.body.status === 'completed' || r.body.status === 'failed') return { pkg: r.body, seen }
  }
  throw new Error(`never finished: ${seen.join(',')}`)
}

describe('POST /api/managed_users/:id/imports', () => {
  it('accepts a raw zip, answers a processing package, completes after a few polls and creates recipes and shell connections', async () => {
    const { customerId, folderId } = await boot()
    const r = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}&restart_recipes=false`, {
      raw: buildPackage(onboardingManifest),
    })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ id: expect.any(Number), operation_type: 'import', status: 'processing' })

    const { pkg, seen } = await pollUntilDone(customerId, r.body.id)
    expect(seen).toEqual(['in_progress', 'in_progress', 'completed'])
    expect(pkg.recipe_status).toHaveLength(2)
    expect(pkg.recipe_status.every((s: { import_result: string }) => s.import_result === 'no_update_or_updated_without_restart')).toBe(true)

    const recipes = (await call('GET', `/api/managed_users/${customerId}/recipes`)).body.result
    const sync = recipes.find((x: { name: string }) => x.name === 'Sync new orders to Salesforce')
    expect(sync).toMatchObject({ running: false, folder_id: folderId })
    const [sfSlot, slackSlot] = sync.config
    expect(slackSlot).toMatchObject({ provider: 'slack', account_id: null })
    const conns = (await call('GET', `/api/managed_users/${customerId}/connections`)).body.result
    const sf = conns.find((c: { id: number }) => c.id === sfSlot.account_id)
    // Packages carry no credentials: the imported connection is a shell.
    expect(sf).toMatchObject({ provider: 'salesforce', name: 'Salesforce (Order sync)', authorization_status: null, folder_id: folderId })
    // Both recipes share the one package connection.
    const other = recipes.find((x: { name: string }) => x.name === 'Update order status')
    expect(other.config[0].account_id).toBe(sf.id)
  })

  it('refuses a body that is not a zip (400), an empty body and a JSON body, and a missing or unknown folder', async () => {
    const { customerId, folderId } = await boot()
    const notZip = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, { raw: Buffer.from('hello, not a zip') })
    expect(notZip.status).toBe(400)
    expect(notZip.body.errors.file).toEqual(['is not a zip archive'])
    const json = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, { json: { file: 'x' } })
    expect(json.status).toBe(400)
    const empty = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, { raw: Buffer.alloc(0) })
    expect(empty.status).toBe(400)
    const noFolder = await call('POST', `/api/managed_users/${customerId}/imports`, { raw: buildPackage(onboardingManifest) })
    expect(noFolder.status).toBe(400)
    expect(noFolder.body.errors.folder_id).toEqual(["can't be blank"])
    const badFolder = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=1`, { raw: buildPackage(onboardingManifest) })
    expect(badFolder.status).toBe(400)
    const unknownCustomer = await call('POST', `/api/managed_users/999999/imports?folder_id=${folderId}`, { raw: buildPackage(onboardingManifest) })
    expect(unknownCustomer.status).toBe(404)
  })

  it('fails asynchronously with an error for a manifest that says fail, a damaged zip and a missing manifest', async () => {
    const { customerId, folderId } = await boot()
    const cases: [Buffer, RegExp][] = [
      [buildPackage({ fail: true, fail_reason: 'Lookup table "Regions" conflicts with an existing one' }), /Lookup table "Regions"/],
      [Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('garbage after the magic')]), /not a valid zip archive/],
      [Buffer.from(writeZip({ 'readme.txt': 'hi' })), /no manifest\.json/],
      [buildPackage({ recipes: [{ name: 'X', slots: [{ provider: 'no_such_app' }] }] }), /no_such_app/],
    ]
    for (const [zip, error] of cases) {
      const r = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, { raw: zip })
      expect(r.status).toBe(200)
      const { pkg } = await pollUntilDone(customerId, r.body.id)
      expect(pkg.status).toBe('failed')
      expect(pkg.error).toMatch(error)
    }
  })

  it('reads deflated entries, and refuses to touch running recipes unless restart_recipes=true', async () => {
    const { customerId, folderId } = await boot()
    const manifest = {
      recipes: [{ name: 'Ping', slots: [{ provider: 'jira', connection: 'j' }] }],
      connections: [{ key: 'j', provider: 'jira', name: 'Jira' }],
    }
    const first = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, {
      raw: deflatedZip('manifest.json', JSON.stringify(manifest)),
    })
    expect((await pollUntilDone(customerId, first.body.id)).pkg.status).toBe('completed')

    // Authorise the package connection and start the recipe, then import the same package again.
    const ws = h.state.workspace(
      h.state.getCustomer(customerId) ??
        (() => {
          throw new Error('customer')
        })(),
    )
    const recipe = [...ws.recipes.values()].find((r) => r.name === 'Ping')
    const connId = recipe?.config[0]?.account_id
    if (!recipe || !connId) throw new Error('import did not bind the slot')
    const conn = ws.connections.get(connId)
    if (!conn) throw new Error('connection missing')
    h.state.setConnected(conn, true)
    expect((await call('PUT', `/api/managed_users/${customerId}/recipes/${recipe.id}/start`)).body.success).toBe(true)

    const refused = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}&restart_recipes=false`, {
      raw: buildPackage(manifest),
    })
    const r1 = await pollUntilDone(customerId, refused.body.id)
    expect(r1.pkg.status).toBe('failed')
    expect(r1.pkg.error).toMatch(/running recipes \("Ping"\).*restart_recipes=true/)

    const again = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}&restart_recipes=true`, {
      raw: buildPackage(manifest),
    })
    const r2 = await pollUntilDone(customerId, again.body.id)
    expect(r2.pkg).toMatchObject({ status: 'completed', recipe_status: [{ id: recipe.id, import_result: 'restarted' }] })
    // The existing authorised connection was matched, not duplicated.
    expect([...ws.connections.values()].filter((c) => c.provider === 'jira' && c.name === 'Jira')).toHaveLength(1)
  })

  it('keeps packages per customer and counts imports in their own 1,000/min families', async () => {
    const { customerId, folderId } = await boot({ rateLimits: { overrides: { rlcm_imports: { limit: 1, windowMs: 60_000 } } } })
    const r = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, { raw: buildPackage(onboardingManifest) })
    expect(r.status).toBe(200)
    const limited = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, { raw: buildPackage(onboardingManifest) })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    // Status reads are another family and still answer.
    expect((await call('GET', `/api/managed_users/${customerId}/imports/${r.body.id}`)).status).toBe(200)
    const other = h.state.listCustomers()[0]
    expect((await call('GET', `/api/managed_users/${other?.id}/imports/${r.body.id}`)).status).toBe(404)
    expect(importsOf(h.state).get(r.body.id)?.status).toBe('in_progress')
  })
})

describe('packages in the layout Workato exports (§5.2)', () => {
  const exported = (extra: Record<string, string> = {}) =>
    Buffer.from(
      writeZip({
        'Order sync/salesforce_order_sync.connection.json': JSON.stringify({
          name: 'Salesforce (Order sync)',
          provider: 'salesforce',
          root_folder: false,
        }),
        'Order sync/sync_new_orders.recipe.json': JSON.stringify({
          name: 'Sync new orders to Salesforce',
          description: 'When an order is created, upsert it in Salesforce',
          version: 3,
          private: true,
          concurrency: 1,
          code: { number: 0, provider: 'salesforce', name: 'new_object', keyword: 'trigger', block: [] },
          config: [
            {
              keyword: 'application',
              provider: 'salesforce',
              skip_validation: false,
              account_id: { zip_name: 'salesforce_order_sync.connection.json', name: 'Salesforce (Order sync)', folder: 'Order sync' },
            },
            { keyword: 'application', provider: 'slack', skip_validation: false, account_id: null },
          ],
        }),
        ...extra,
      }),
    )

  it('imports *.recipe.json and *.connection.json: recipes with their slots, connections as shells bound by zip_name', async () => {
    const { customerId, folderId } = await boot()
    const r = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, { raw: exported() })
    const { pkg } = await pollUntilDone(customerId, r.body.id)
    expect(pkg).toMatchObject({ status: 'completed', recipe_status: [{ import_result: 'no_update_or_updated_without_restart' }] })
    const recipes = (await call('GET', `/api/managed_users/${customerId}/recipes`)).body.result
    const sync = recipes.find((x: { name: string }) => x.name === 'Sync new orders to Salesforce')
    expect(sync).toMatchObject({ description: 'When an order is created, upsert it in Salesforce', folder_id: folderId, running: false })
    const conns = (await call('GET', `/api/managed_users/${customerId}/connections`)).body.result
    const sf = conns.find((c: { name: string }) => c.name === 'Salesforce (Order sync)')
    expect(sf).toMatchObject({ provider: 'salesforce', authorization_status: null })
    expect(sync.config.map((c: { provider: string; account_id: number | null }) => [c.provider, c.account_id])).toEqual([
      ['salesforce', sf.id],
      ['slack', null],
    ])
  })

  it('names the file when an exported asset cannot be read', async () => {
    const { customerId, folderId } = await boot()
    const r = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, {
      raw: exported({ 'Order sync/broken.recipe.json': '{"name": "Half' }),
    })
    const { pkg } = await pollUntilDone(customerId, r.body.id)
    expect(pkg).toMatchObject({ status: 'failed', error: 'Order sync/broken.recipe.json is not valid JSON.' })
  })

  it('a manifest.json still wins when a package has both', async () => {
    const { customerId, folderId } = await boot()
    const r = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, {
      raw: exported({ 'manifest.json': JSON.stringify({ fail: true, fail_reason: 'from the manifest' }) }),
    })
    expect((await pollUntilDone(customerId, r.body.id)).pkg).toMatchObject({ status: 'failed', error: 'from the manifest' })
  })
})

describe('PUT /api/managed_users/:id/recipes/:recipe_id/connect', () => {
  it('binds the slots of an adapter on a stopped recipe and refuses wrong providers, runtime connections and running recipes', async () => {
    const { customerId, folderId } = await boot()
    const r = await call('POST', `/api/managed_users/${customerId}/imports?folder_id=${folderId}`, { raw: buildPackage(onboardingManifest) })
    await pollUntilDone(customerId, r.body.id)
    const recipes = (await call('GET', `/api/managed_users/${customerId}/recipes`)).body.result
    const sync = recipes.find((x: { name: string }) => x.name === 'Sync new orders to Salesforce')
    const slack = (
      await call('POST', `/api/managed_users/${customerId}/connections`, { json: { provider: 'slack', shell_connection: true, name: 'Slack' } })
    ).body
    const wrong = await call('PUT', `/api/managed_users/${customerId}/recipes/${sync.id}/connect`, {
      json: { adapter_name: 'salesforce', connection_id: slack.id },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.errors.connection_id[0]).toMatch(/slack connection, not salesforce/)
    const okRes = await call('PUT', `/api/managed_users/${customerId}/recipes/${sync.id}/connect`, {
      json: { adapter_name: 'slack', connection_id: slack.id },
    })
    expect(okRes.body).toEqual({ success: true })
    const fresh = (await call('GET', `/api/managed_users/${customerId}/recipes/${sync.id}`)).body
    expect(fresh.config.find((s: { provider: string }) => s.provider === 'slack').account_id).toBe(slack.id)
    const notUsed = await call('PUT', `/api/managed_users/${customerId}/recipes/${sync.id}/connect`, {
      json: { adapter_name: 'jira', connection_id: slack.id },
    })
    expect(notUsed.status).toBe(400)
  })
})
