/** Provider display names: brand spelling for well-known apps, in core's messages and the names it gives connections. */
import { describe, expect, it } from 'vitest'
import type { FlowApi } from '../../../../electron/core/flows/api-port'
import { checklistSlots } from '../../../../electron/core/flows/checklist'
import { resolveRuntimeUser } from '../../../../electron/core/flows/runtime-user'
import type { Connection, ConnectionCreate, Recipe } from '../../../../shared/domain/workato'
import { providerTitle } from '../../../../shared/providers'

describe('providerTitle', () => {
  it('spells well-known providers as their makers do', () => {
    expect(providerTitle('netsuite')).toBe('NetSuite')
    expect(providerTitle('hubspot')).toBe('HubSpot')
    expect(providerTitle('google_sheets')).toBe('Google Sheets')
    expect(providerTitle('servicenow')).toBe('ServiceNow')
    expect(providerTitle('http')).toBe('HTTP')
    expect(providerTitle('salesforce')).toBe('Salesforce')
  })
  it('capitalises the words of an unknown key, and leaves a label that already has capitals alone', () => {
    expect(providerTitle('acme_billing')).toBe('Acme Billing')
    expect(providerTitle('my-app')).toBe('My App')
    expect(providerTitle('Custom SDK app')).toBe('Custom SDK app')
  })
})

describe('core flows use the display names', () => {
  const ns: Connection = {
    id: 10,
    name: 'Acme NetSuite',
    provider: 'netsuite',
    authorization_status: 'success',
    folder_id: 5,
    parent_id: null,
    external_id: null,
  }
  const recipe: Recipe = {
    id: 7,
    name: 'Invoices',
    running: true,
    config: [{ keyword: 'application', name: 'netsuite', provider: 'netsuite', account_id: 10 }],
  }

  it('a new runtime user connection is named "NetSuite for <end user>"', async () => {
    const created: ConnectionCreate[] = []
    const connections = [ns]
    const unused = () => {
      throw new Error('not used')
    }
    const api: FlowApi = {
      getRecipe: async () => recipe,
      listConnections: async (_r, f = {}) =>
        connections.filter(
          (c) => (f.external_id === undefined || c.external_id === f.external_id) && (f.provider === undefined || c.provider === f.provider),
        ),
      createConnection: async (_r, input) => {
        created.push(input)
        return {
          id: 900,
          name: input.name ?? 'x',
          provider: input.provider,
          external_id: input.external_id ?? null,
          parent_id: input.parent_id ?? null,
          authorization_status: null,
        }
      },
      getConnection: unused,
      listAllRecipes: unused,
      connectRecipe: unused,
      importPackage: unused,
      getImport: unused,
      createFolder: unused,
      listAllFolders: unused,
    }
    const o = await resolveRuntimeUser(api, { customerId: 42, recipeId: 7, endUserId: 'ana@acme.test', parent: 'default_connection' })
    expect(created[0]?.name).toBe('NetSuite for ana@acme.test')
    expect(o.message).toContain('"NetSuite for ana@acme.test"')
  })

  it('the checklist says what to do with the brand name', () => {
    const [slot] = checklistSlots({ ...recipe, config: [{ name: 'hubspot', provider: 'hubspot', account_id: null }] }, [])
    expect(slot?.todo).toBe('No HubSpot connection exists yet: create one for this slot, then authenticate it in the widget.')
  })
})
