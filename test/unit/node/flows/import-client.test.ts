/** The client's RLCM calls (reference §5.2) on the wire: raw zip body, query, rate family; and recipe connect (§4.1). */
import { describe, expect, it } from 'vitest'
import { EmbeddedApiClient } from '../../../../electron/core/workato/client'
import { classify } from '../../../../electron/core/workato/families'
import type { FetchLike } from '../../../../electron/core/workato/http'

function clientWith(answer: unknown) {
  const sent: { url: string; init: RequestInit }[] = []
  const fetch: FetchLike = async (url, init) => {
    sent.push({ url, init })
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })
  }
  const client = new EmbeddedApiClient({
    target: { profileId: 'p', apiOrigin: 'https://www.workato.com', appOrigin: 'https://app.workato.com', apiToken: 'tok' },
    fetch,
  })
  return { client, sent }
}

describe('RLCM import calls', () => {
  it('POSTs the zip bytes as application/octet-stream with folder_id and restart_recipes in the query', async () => {
    const { client, sent } = clientWith({ id: 5, operation_type: 'import', status: 'processing' })
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])
    const pkg = await client.importPackage({ externalId: 'ACME 1' }, zip, { folderId: 77, restartRecipes: true })
    expect(pkg.status).toBe('processing')
    const [call] = sent
    expect(call?.url).toBe('https://www.workato.com/api/managed_users/EACME%201/imports?folder_id=77&restart_recipes=true')
    expect(call?.init.method).toBe('POST')
    expect((call?.init.headers as Record<string, string>)['Content-Type']).toBe('application/octet-stream')
    expect(call?.init.body).toBe(zip)
  })

  it('reads the status and parses recipe_status; connect sends {adapter_name, connection_id}', async () => {
    const { client, sent } = clientWith({
      id: 5,
      operation_type: 'import',
      status: 'completed',
      recipe_status: [{ id: 9, import_result: 'restarted' }],
    })
    const pkg = await client.getImport(42, 5)
    expect(pkg.recipe_status).toEqual([{ id: 9, import_result: 'restarted' }])
    await client.connectRecipe(42, 9, { adapter_name: 'slack', connection_id: 3 })
    expect(sent[1]?.url).toBe('https://www.workato.com/api/managed_users/42/recipes/9/connect')
    expect(sent[1]?.init.method).toBe('PUT')
    expect(JSON.parse(String(sent[1]?.init.body))).toEqual({ adapter_name: 'slack', connection_id: 3 })
  })

  it('counts imports and their status reads in their own 1,000/min families (§6.2 "each")', () => {
    expect(classify('POST', '/managed_users/42/imports')).toBe('rlcm_imports')
    expect(classify('GET', '/managed_users/42/imports/5')).toBe('rlcm_import_status')
    expect(classify('PUT', '/managed_users/42/recipes/9/connect')).toBe('recipes')
  })
})
