/** The core flows over real HTTP against the sandbox: import with polling, the checklist, binding, start, runtime users. */
import { afterEach, describe, expect, it } from 'vitest'
import { bindSlot, loadChecklist } from '../../../electron/core/flows/checklist'
import { readImportStatus, startImport, waitForImport } from '../../../electron/core/flows/import'
import { resolveRuntimeUser } from '../../../electron/core/flows/runtime-user'
import { listRuntimeUsers } from '../../../electron/core/flows/runtime-users'
import { flowHandlers } from '../../../electron/core/flows/handlers'
import { PROFILE, rig, type Rig } from '../api/harness'
import { buildPackage, onboardingManifest } from './packages'

let r: Rig
afterEach(async () => r?.close())

async function onboarded() {
  r = await rig()
  const api = await r.service.clientFor(PROFILE)
  const customer = await api.createCustomer({
    name: 'Globex',
    notification_email: 'it@globex.test',
    external_id: 'GLX-1',
    origin_url: 'https://app.globex.test',
    time_zone: 'Europe/Berlin',
  })
  const zip = new Uint8Array(buildPackage(onboardingManifest))
  const started = await startImport(api, customer.id, zip, { fileName: 'order-sync.zip', folder: { create: 'Order sync' }, restartRecipes: false })
  const polls: string[] = []
  const done = await waitForImport(api, customer.id, started.package.id, { intervalMs: 5, onStatus: (s) => polls.push(s.package.status) })
  return { api, customer, started, done, polls }
}

describe('flows over HTTP', () => {
  it('imports a package into a new folder and reports each recipe by name with its unbound slots', async () => {
    const { started, done, polls } = await onboarded()
    expect(started.package.status).toBe('processing')
    expect(polls).toEqual(['in_progress', 'in_progress', 'completed'])
    expect(done.finished).toBe(true)
    const sync = done.recipes.find((x) => x.name === 'Sync new orders to Salesforce')
    expect(sync).toMatchObject({ importResult: 'no_update_or_updated_without_restart', running: false, unboundSlots: ['slack'] })
    expect(done.recipes.find((x) => x.name === 'Update order status')?.unboundSlots).toEqual([])
    // The import went where we asked: the new folder, and only one POST imports was sent.
    expect(r.requests.filter((q) => q.method === 'POST' && q.url.pathname.endsWith('/imports'))).toHaveLength(1)
    expect(r.requests.find((q) => q.url.pathname.endsWith('/imports'))?.url.searchParams.get('folder_id')).toBe(String(started.folderId))
  })

  it('walks activation: checklist → bind a new shell to the unbound slot → start fails with config errors → authorise → start', async () => {
    const { api, customer } = await onboarded()
    let list = await loadChecklist(api, customer.id)
    expect(list.summary).toEqual({ running: 0, ready: 0, blocked: 2 })
    const sync = list.recipes.find((x) => x.name === 'Sync new orders to Salesforce')
    if (!sync) throw new Error('recipe missing')
    expect(sync.slots.map((s) => [s.provider, s.state])).toEqual([
      ['salesforce', 'unauthorised'],
      ['slack', 'unbound'],
    ])

    const bound = await bindSlot(api, customer.id, sync.id, 'slack', { createShell: { name: 'Globex Slack' } })
    expect(bound.recipe.slots.map((s) => s.state)).toEqual(['unauthorised', 'unauthorised'])

    const refused = await api.startRecipe(customer.id, sync.id)
    expect(refused.success).toBe(false)
    expect(refused.problems.join('\n')).toMatch(/Salesforce is not connected/)
    expect(refused.problems.join('\n')).toMatch(/Slack is not connected/)

    // The customer authenticates both in the widget (done here on the sandbox's side).
    const ws = r.sandbox.state.workspace(
      r.sandbox.state.getCustomer(customer.id) ??
        (() => {
          throw new Error('no customer')
        })(),
    )
    for (const s of bound.recipe.slots) {
      const conn = s.accountId === null ? undefined : ws.connections.get(s.accountId)
      if (conn) r.sandbox.state.setConnected(conn, true)
    }
    list = await loadChecklist(api, customer.id)
    expect(list.recipes.find((x) => x.id === sync.id)?.ready).toBe(true)
    expect((await api.startRecipe(customer.id, sync.id)).success).toBe(true)
    await expect(bindSlot(api, customer.id, sync.id, 'slack', { connectionId: bound.connectionId })).rejects.toThrow(/is running/)
  })

  it('runtime users end to end: stopped → start → created → found unauthorised → authorised → listed under the end user', async () => {
    const { api, customer } = await onboarded()
    const list = await loadChecklist(api, customer.id)
    const rec = list.recipes.find((x) => x.name === 'Update order status')
    const sfId = rec?.slots[0]?.accountId
    if (!rec || !sfId) throw new Error('setup')
    const base = { customerId: customer.id, recipeId: rec.id, endUserId: 'ana@globex.test', parent: 'default_connection' as const }

    expect((await resolveRuntimeUser(api, base)).kind).toBe('recipe_stopped')
    const ws = r.sandbox.state.workspace(
      r.sandbox.state.getCustomer(customer.id) ??
        (() => {
          throw new Error('no customer')
        })(),
    )
    const sf = ws.connections.get(sfId)
    if (!sf) throw new Error('no sf')
    r.sandbox.state.setConnected(sf, true)
    expect((await api.startRecipe(customer.id, rec.id)).success).toBe(true)

    const created = await resolveRuntimeUser(api, base)
    expect(created).toMatchObject({ kind: 'created', connection: { parentId: sfId, externalId: 'ana@globex.test', authorised: false } })
    if (created.kind !== 'created') return
    // Hidden from the normal list (§9), visible with include_runtime_connections.
    expect((await api.listConnections(customer.id)).some((c) => c.id === created.connection.id)).toBe(false)
    expect((await resolveRuntimeUser(api, base)).kind).toBe('found_unauthorised')

    const child = ws.connections.get(created.connection.id)
    if (!child) throw new Error('child missing')
    r.sandbox.state.setConnected(child, true)
    // The verification step: re-read the connection through the API.
    expect((await api.getConnection(customer.id, created.connection.id)).authorization_status).toBe('success')
    expect((await resolveRuntimeUser(api, base)).kind).toBe('found_authorised')

    r.sandbox.state.setConnected(sf, false)
    expect(await resolveRuntimeUser(api, base)).toMatchObject({ kind: 'default_not_authorised', defaultProblem: 'unauthorised' })

    const groups = await listRuntimeUsers(api, customer.id)
    expect(groups).toEqual([
      { externalId: 'ana@globex.test', connections: [expect.objectContaining({ id: created.connection.id, parentName: sf.name, authorised: true })] },
    ])
  })

  it('the flows:* handlers decode base64, refuse a non-zip before sending, and read status', async () => {
    r = await rig()
    const handlers = flowHandlers({ clientFor: (p) => r.service.clientFor(p), events: { emit: () => {} }, isSandbox: async () => true })
    const api = await r.service.clientFor(PROFILE)
    const customer = await api.createCustomer({ name: 'Initech', notification_email: 'a@initech.test' })
    const ctx = r.ctx()
    const before = r.requests.length
    await expect(
      handlers['flows:importStart'](
        {
          profileId: PROFILE,
          customerId: customer.id,
          fileName: 'notes.txt',
          zipBase64: Buffer.from('plain text').toString('base64'),
          folder: { create: 'X' },
          restartRecipes: false,
        },
        ctx,
      ),
    ).rejects.toThrow(/notes\.txt is not a zip archive/)
    expect(r.requests.length).toBe(before)
    const started = await handlers['flows:importStart'](
      {
        profileId: PROFILE,
        customerId: customer.id,
        fileName: 'p.zip',
        zipBase64: buildPackage({ fail: true, fail_reason: 'Conflicting lookup table' }).toString('base64'),
        folder: { create: 'Y' },
        restartRecipes: false,
      },
      ctx,
    )
    let status = await readImportStatus(api, customer.id, started.package.id)
    while (!status.finished)
      status = await handlers['flows:importStatus']({ profileId: PROFILE, customerId: customer.id, packageId: started.package.id }, ctx)
    expect(status.package).toMatchObject({ status: 'failed', error: 'Conflicting lookup table' })
    expect(status.recipes).toEqual([])

    // The sandbox sample package imports as it says: three recipes, the Slack slot unbound.
    const sample = await handlers['flows:samplePackage']({ profileId: PROFILE }, ctx)
    const s2 = await handlers['flows:importStart'](
      {
        profileId: PROFILE,
        customerId: customer.id,
        fileName: sample.fileName,
        zipBase64: sample.zipBase64,
        folder: { create: 'Sample' },
        restartRecipes: false,
      },
      ctx,
    )
    const done = await waitForImport(api, customer.id, s2.package.id, { intervalMs: 1 })
    expect(done.recipes.map((x) => [x.name, x.unboundSlots])).toEqual([
      ['Sync new orders to Salesforce', ['slack']],
      ['Update order status', []],
      ['Open a Jira issue for failed orders', []],
    ])
    const real = flowHandlers({ clientFor: (p) => r.service.clientFor(p), events: { emit: () => {} }, isSandbox: async () => false })
    await expect(real['flows:samplePackage']({ profileId: PROFILE }, ctx)).rejects.toThrow(/sandbox’s own format/)
  })

  it('flows:importWatch reports each status read as an importProgress event and answers with the finished import', async () => {
    r = await rig()
    const seen: { event: string; payload: { task: string; poll: number; status: { package: { status: string } } } }[] = []
    const handlers = flowHandlers({
      clientFor: (p) => r.service.clientFor(p),
      events: { emit: (event, payload) => seen.push({ event, payload: payload as (typeof seen)[number]['payload'] }) },
      isSandbox: async () => true,
      importPollMs: 1,
    })
    const api = await r.service.clientFor(PROFILE)
    const customer = await api.createCustomer({ name: 'Initech', notification_email: 'a@initech.test' })
    const ctx = r.ctx()
    const sample = await handlers['flows:samplePackage']({ profileId: PROFILE }, ctx)
    const started = await handlers['flows:importStart'](
      {
        profileId: PROFILE,
        customerId: customer.id,
        fileName: sample.fileName,
        zipBase64: sample.zipBase64,
        folder: { create: 'Sample' },
        restartRecipes: false,
      },
      ctx,
    )
    const done = await handlers['flows:importWatch']({ profileId: PROFILE, customerId: customer.id, packageId: started.package.id }, ctx)
    expect(done.package.status).toBe('completed')
    expect(seen.map((e) => e.event)).toEqual(seen.map(() => 'importProgress'))
    expect(seen.map((e) => e.payload.poll)).toEqual(seen.map((_, i) => i + 1))
    expect(seen.at(-1)?.payload.status.package.status).toBe('completed')
    expect(seen[0]?.payload.task).toBe(`flows:import:${PROFILE}:${started.package.id}`)
  })

  it('flows:importCancel stops the watch with `cancelled`; the import itself is left to run', async () => {
    r = await rig()
    const api = await r.service.clientFor(PROFILE)
    const customer = await api.createCustomer({ name: 'Initech', notification_email: 'a@initech.test' })
    let cancel: () => void = () => {}
    // Cancel on the first status read (the emulator answers `in_progress` first), so the watch is mid-wait.
    const handlers = flowHandlers({
      clientFor: (p) => r.service.clientFor(p),
      events: { emit: () => cancel() },
      isSandbox: async () => true,
      importPollMs: 60_000,
    })
    const ctx = r.ctx()
    const sample = await handlers['flows:samplePackage']({ profileId: PROFILE }, ctx)
    const started = await handlers['flows:importStart'](
      {
        profileId: PROFILE,
        customerId: customer.id,
        fileName: sample.fileName,
        zipBase64: sample.zipBase64,
        folder: { create: 'Sample' },
        restartRecipes: false,
      },
      ctx,
    )
    cancel = () => void handlers['flows:importCancel']({ profileId: PROFILE, packageId: started.package.id }, ctx)
    await expect(
      handlers['flows:importWatch']({ profileId: PROFILE, customerId: customer.id, packageId: started.package.id }, ctx),
    ).rejects.toMatchObject({ code: 'cancelled' })
    expect((await waitForImport(api, customer.id, started.package.id, { intervalMs: 1 })).package.status).toBe('completed')
  })
})
