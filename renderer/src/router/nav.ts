/** The side bar's entries, and which one a route lights up. */
export const navItems = [
  { to: '/customers', label: 'Customers', key: 'customers' },
  { to: '/fleet', label: 'Fleet health', key: 'triage' },
  { to: '/onboard', label: 'Onboard customer', key: 'onboard' },
  { to: '/widget', label: 'Widget', key: 'widget' },
  { to: '/tokens', label: 'Token inspector', key: 'tokens' },
  { to: '/profiles', label: 'Profiles', key: 'profiles' },
  { to: '/audit', label: 'Audit trail', key: 'audit' },
  { to: '/settings', label: 'Settings', key: 'settings' },
] as const

/**
 * A child route (`customer-job`, `widget-history`) lights up its parent's entry; the bulk screen is reached from
 * Fleet health (a button there) and lights up that entry.
 */
export function navKeyFor(routeName: unknown): string {
  const name = String(routeName ?? '').split('-')[0]
  if (name === 'bulk') return 'triage'
  return name === 'customer' ? 'customers' : name
}
