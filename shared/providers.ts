/**
 * Display names of connector providers. Workato addresses apps by key (`netsuite`, `google_sheets`, reference
 * §4.3 `config[].provider`); people know them by their brand spelling ("NetSuite", "Google Sheets"), which
 * capitalising the key gets wrong. Shared by core (messages, default connection names) and renderer (labels).
 */
const TITLES: Readonly<Record<string, string>> = {
  salesforce: 'Salesforce',
  netsuite: 'NetSuite',
  hubspot: 'HubSpot',
  google_sheets: 'Google Sheets',
  google_drive: 'Google Drive',
  gmail: 'Gmail',
  servicenow: 'ServiceNow',
  jira: 'Jira',
  zendesk: 'Zendesk',
  slack: 'Slack',
  shopify: 'Shopify',
  workday: 'Workday',
  quickbooks: 'QuickBooks',
  sharepoint: 'SharePoint',
  mailchimp: 'Mailchimp',
  github: 'GitHub',
  http: 'HTTP',
}

/** `netsuite` → "NetSuite"; an unknown key has its words capitalised (`my_app` → "My App"); labels with capitals stay. */
export function providerTitle(key: string): string {
  const known = TITLES[key.toLowerCase()]
  if (known) return known
  if (/[A-Z ]/.test(key)) return key
  return key
    .split(/[_-]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ')
}
