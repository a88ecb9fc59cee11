/**
 * The connectors the emulator knows. Each is either OAuth (authorized in a consent popup from the widget) or
 * API-key (a form in the widget). Reference §3.4: OAuth connections cannot be authenticated by API, only shells.
 * `refusesEmbeddedBrowser` models Google's `disallowed_useragent` answer to embedded user agents (architecture:
 * "The live widget", point 6).
 */

export interface ProviderField {
  name: string
  label: string
  hint?: string
  secret?: boolean
}

export interface Provider {
  key: string
  title: string
  kind: 'oauth' | 'api_key'
  /** Brand colour for the logo tile. */
  color: string
  /** Letters on the logo tile when the title's initials read badly (Salesforce → SF). */
  logo?: string
  fields: ProviderField[]
  refusesEmbeddedBrowser?: boolean
}

export const providers: readonly Provider[] = [
  { key: 'salesforce', title: 'Salesforce', kind: 'oauth', color: '#00a1e0', logo: 'SF', fields: [] },
  { key: 'slack', title: 'Slack', kind: 'oauth', color: '#4a154b', fields: [] },
  { key: 'hubspot', title: 'HubSpot', kind: 'oauth', color: '#ff7a59', logo: 'HS', fields: [] },
  { key: 'google_sheets', title: 'Google Sheets', kind: 'oauth', color: '#0f9d58', fields: [], refusesEmbeddedBrowser: true },
  { key: 'gmail', title: 'Gmail', kind: 'oauth', color: '#ea4335', fields: [], refusesEmbeddedBrowser: true },
  {
    key: 'jira',
    title: 'Jira',
    kind: 'api_key',
    color: '#0052cc',
    fields: [
      { name: 'host_name', label: 'Host name', hint: 'e.g. acme.atlassian.net' },
      { name: 'email', label: 'Email' },
      { name: 'apitoken', label: 'API token', secret: true },
    ],
  },
  {
    key: 'zendesk',
    title: 'Zendesk',
    kind: 'api_key',
    color: '#03363d',
    logo: 'ZD',
    fields: [
      { name: 'subdomain', label: 'Subdomain', hint: 'The part before .zendesk.com' },
      { name: 'api_key', label: 'API key', secret: true },
    ],
  },
  {
    key: 'netsuite',
    title: 'NetSuite',
    kind: 'api_key',
    color: '#1b3b5a',
    logo: 'NS',
    fields: [
      { name: 'account_id', label: 'Account ID' },
      { name: 'token_id', label: 'Token ID' },
      { name: 'token_secret', label: 'Token secret', secret: true },
    ],
  },
]

/** Providers the seed draws from (gmail exists for the widget but is rare in fixtures). */
export const seededProviderKeys = ['salesforce', 'jira', 'slack', 'google_sheets', 'netsuite', 'zendesk', 'hubspot'] as const

export function findProvider(key: string): Provider | undefined {
  return providers.find((p) => p.key === key)
}

/**
 * The emulator's stand-in for "test the credentials": every field must be filled and none may be the literal
 * "bad", so tests and demos can fail a connection on purpose. Returns an error sentence or null.
 */
export function checkCredentials(provider: Provider, input: Record<string, unknown>): string | null {
  for (const f of provider.fields) {
    const v = input[f.name]
    if (typeof v !== 'string' || v.trim() === '') return `${f.label} is required`
  }
  for (const f of provider.fields) {
    if (input[f.name] === 'bad') return `${provider.title} rejected the credentials: 401 Unauthorized (invalid ${f.label.toLowerCase()})`
  }
  return null
}

export function logoText(p: Provider): string {
  return p.logo ?? initials(p.title)
}

export function initials(title: string): string {
  const words = title.split(/\s+/).filter(Boolean)
  const first = words[0] ?? '?'
  const second = words[1]
  return second ? (first.charAt(0) + second.charAt(0)).toUpperCase() : first.slice(0, 2).toUpperCase()
}
