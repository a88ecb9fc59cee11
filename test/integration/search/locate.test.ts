/** `search:locate` against the real emulator: an id the cache has never seen is found by asking customer after customer. */
import { afterEach, describe, expect, it } from 'vitest'
import { createSearchService } from '../../../electron/core/search/search-service'
import { PROFILE, rig, type Rig } from '../api/harness'

let r: Rig
afterEach(async () => {
  await r?.close()
})

async function setup() {
  r = await rig()
  // The directory is cached (as after the Customers screen's first read); no connection or recipe list is.
  await r.handlers['customers:refresh']({ profileId: PROFILE }, r.ctx())
  const search = createSearchService({ cache: r.service.cache, clientFor: r.service.clientFor, events: { emit: () => {} } })
  const customers = r.sandbox.state.listCustomers()
  const third = customers[2]
  if (!third) throw new Error('the emulator has fewer than three customers')
  const ws = r.sandbox.state.workspace(third)
  const connection = [...ws.connections.values()].find((c) => !c.runtime)
  const recipe = [...ws.recipes.values()][0]
  if (!connection || !recipe) throw new Error('the third customer has no connection or recipe')
  return { search, customerId: third.id, connectionId: connection.id, recipeId: recipe.id }
}

describe('search:locate over the API', () => {
  it('finds the customer of a connection and of a recipe the cache does not hold; other customers answer 404', async () => {
    const { search, customerId, connectionId, recipeId } = await setup()
    const signal = new AbortController().signal
    const conn = await search.locate({ profileId: PROFILE, kind: 'connection', id: connectionId, lookupId: 'look-it-0001' }, signal)
    expect(conn).toMatchObject({ customerId, source: 'api', cancelled: false })
    const rec = await search.locate({ profileId: PROFILE, kind: 'recipe', id: recipeId, lookupId: 'look-it-0002' }, signal)
    expect(rec).toMatchObject({ customerId, source: 'api', cancelled: false })
  })

  it('says "not found" after asking every customer for an id nobody has', async () => {
    const { search } = await setup()
    const a = await search.locate({ profileId: PROFILE, kind: 'recipe', id: 987_654_321, lookupId: 'look-it-0003' }, new AbortController().signal)
    expect(a).toEqual({ customerId: null, source: null, checked: r.sandbox.state.listCustomers().length, cancelled: false })
  })
})
